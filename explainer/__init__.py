"""explainer: a terminal explainer for two news articles, and a general engine for content packs."""

__version__ = "0.1.0"

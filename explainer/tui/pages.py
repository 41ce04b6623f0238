"""Which page shows each kind of place: the app builds pages from here, each module imported when first needed."""

from __future__ import annotations

import importlib

from explainer.tui.history import PlaceKind
from explainer.tui.screens.page import Page

# The quiz is not here: its page is the running quiz (tui/running_quiz.py), not built from a place.
PAGES: dict[PlaceKind, str] = {
    "home": "explainer.tui.screens.home:HomeScreen",
    "section": "explainer.tui.screens.section:SectionScreen",
    "glossary": "explainer.tui.screens.glossary:GlossaryScreen",
    "timeline": "explainer.tui.screens.timeline:TimelineScreen",
    "perspectives": "explainer.tui.screens.perspectives:PerspectivesScreen",
}


def page_class(kind: PlaceKind) -> type[Page]:
    """The Page subclass for a kind of place (KeyError for the quiz, which has none)."""
    module, _, name = PAGES[kind].partition(":")
    page = getattr(importlib.import_module(module), name)
    assert issubclass(page, Page)
    return page

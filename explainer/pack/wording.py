"""Words every face uses about a pack, fitted to the pack rather than to the default one.

"The articles" suits a pack built from two articles; a pack with one source (a
treaty's text, a single report) gets words that are true of it too.
"""

from __future__ import annotations

from explainer.pack.model import Pack

NOTE_LABEL = "Think about it."  # before a perspectives topic's note, in the app and in every export


def example_label(pack: Pack) -> str:
    """What introduces a term's example: how the sources use the word."""
    return "In the articles:" if len(pack.sources) > 1 else "In the text:"


def perspectives_blurb(pack: Pack) -> str:
    """What the perspectives are, in a few words, for a menu."""
    return "where the articles and experts differ" if len(pack.sources) > 1 else "who says what, and on what basis"

"""Every symbol the TUI draws in place of a word, in one place, with the words screen-reader mode uses instead.

Screen-reader mode blanks drawing characters (tui/screen_reader.py); a mark that
means something on its own (a tick for "read", a cross on a wrong slot) must
then be said in words, so a screen asks `glyphs(app)` for the set to draw with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.record import Record

if TYPE_CHECKING:
    from textual.app import App


class Glyphs(Record):
    right: str = "✓"
    wrong: str = "✗"
    cursor: str = "▶"
    read: str = "✓"
    unread: str = "·"
    current: str = "▶"
    rail: str = "│"
    event: str = "●"
    undated: str = "○"


GLYPHS = Glyphs()
WORDS = Glyphs(
    right="right:",
    wrong="wrong:",
    cursor="now:",
    read="read",
    unread="not read",
    current="here:",
    rail="",
    event="-",
    undated="- undated:",
)


def glyphs(app: App[object]) -> Glyphs:
    """The marks to draw with: words while screen-reader mode is on."""
    mode = getattr(app, "screen_reader", None)
    return WORDS if mode is not None and mode.on else GLYPHS

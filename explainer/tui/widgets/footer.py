"""The key bar at the bottom of every page: Textual's Footer, compact.

Compact keeps one space between keys instead of padding each, so a page's keys
and the app's (Back … Quit) fit in 100 columns instead of losing the last ones.
It is also cheaper to start: Textual's footer keys are compact until told
otherwise, and telling each one restyles it (about 1 ms a key at launch).
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's Footer with `compact` on."""

    # Compact keys keep a cell of margin on their right; Textual 8.2 gives it to the palette key
    # docked at the right edge too, and in that cell the keys hidden under it show through
    # (the "c" of "Perspectives" after "Search").
    DEFAULT_CSS = """
    Footer.-compact FooterKey.-command-palette { margin-right: 0; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)

"""The key bar at the bottom of every page: Textual's Footer, compact.

Compact keeps one space between keys instead of padding each, so more of them
fit: at 100 columns the home screen now shows every key, Quit included.
It is also cheaper to start: Textual's footer keys are compact until told
otherwise, and telling each one restyled it at launch (about 5 ms for a footer).
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

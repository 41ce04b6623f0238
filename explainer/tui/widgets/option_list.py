"""Textual's OptionList, safe from a page key pressed before new options are laid out.

Textual 8.2 moves a page by the laid-out lines; between new options arriving and
the next layout there are none, and PageUp/PageDown end the app with a KeyError.
A student typing ahead can hit that moment (the random walk did); here the key
then does nothing, as on an empty list. Every list in the app uses this one.
"""

from __future__ import annotations

from textual.widgets import OptionList as TextualOptionList


class OptionList(TextualOptionList):
    """An OptionList whose page keys wait for the list to be laid out."""

    def _move_page(self, direction) -> None:  # type: ignore[no-untyped-def]
        try:
            super()._move_page(direction)
        except KeyError:
            pass  # not laid out yet: nothing to page through

"""Textual's OptionList, safe from a student who types ahead or shrinks the terminal.

Two moments end the app in Textual 8.2, and the random walk found both:
- PageUp/PageDown between new options arriving and the next layout: a page is
  measured in laid-out lines, and there are none yet (a KeyError). The key then
  does nothing, as on an empty list.
- A list squeezed to no room for text (at 20x6, beside a pane or in a narrow
  menu): wrapping an option to a width of zero fails (ValueError: range() arg 3
  must not be zero). The list then asks for one line an option and is clipped.
Every list in the app uses this one.

Workarounds for Textual 8.2.8 (the first overrides the private
`OptionList._move_page`). Reproduced in tests/test_textual_workarounds.py: when
`test_page_down_before_layout_ends_the_app_in_textual` or
`test_an_option_list_with_no_room_for_text_ends_the_app_in_textual` fails,
Textual has fixed that one, and its override here can go.
"""

from __future__ import annotations

import contextlib
from typing import Literal

from textual.geometry import Size
from textual.widgets import OptionList as TextualOptionList


class OptionList(TextualOptionList):
    """An OptionList whose page keys wait for layout and whose options need no width to measure."""

    def _move_page(self, direction: Literal[-1, 1]) -> None:
        with contextlib.suppress(KeyError):  # not laid out yet: nothing to page through
            super()._move_page(direction)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width <= self.get_component_styles("option-list--option").padding.width:
            return self.option_count
        return super().get_content_height(container, viewport, width)

"""Textual's command palette, safe from keys a student types ahead of it.

Two moments end the app in Textual 8.2, and the random walk found both:
- PageUp or PageDown as the results arrive: the list holds them for a moment
  before it is laid out, a page is measured in laid-out lines, and there are
  none (a KeyError). A page key then does nothing, as on an empty list.
- Enter pressed twice on a command: the second arrives after the palette has
  closed, and it closed again, popping the page beneath (the last page left
  ends the app). A closed palette now ignores it, and runs no command twice.

The first is a workaround for Textual 8.2.8 (overrides the private
`CommandPalette._action_command_list`), reproduced in
tests/test_textual_workarounds.py: when
`test_palette_page_keys_before_its_results_are_laid_out_end_the_app_in_textual`
fails, Textual has fixed it, and that override can go.
"""

from __future__ import annotations

from textual import on
from textual.command import CommandList
from textual.command import CommandPalette as TextualCommandPalette
from textual.message import Message
from textual.widgets import Button, Input, OptionList

from explainer.tui.screens.modal import DismissesOnlyItself


class CommandPalette(DismissesOnlyItself, TextualCommandPalette):
    """The command palette (Ctrl+P) and the theme picker (Ctrl+T)."""

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down") and not self.query_one(CommandList).scrollable_content_region:
            return  # the results are not laid out yet
        super()._action_command_list(action)

    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _ignore_choices_once_closed(self, event: Message) -> None:
        """Runs before the palette's own handlers, and stops them once it has closed."""
        if not self.is_active:
            event.stop()
            event.prevent_default()

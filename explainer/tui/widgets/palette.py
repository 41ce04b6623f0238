"""Textual's command palette, safe from PageUp or PageDown pressed as its results arrive.

When the palette's results arrive, its list holds them for a moment before it is
laid out; Textual 8.2 moves a page by the laid-out lines, finds none, and ends
the app with a KeyError. A student who types and pages at once can hit that
moment; here a page key then does nothing, as on an empty list.
"""

from __future__ import annotations

from textual.command import CommandList
from textual.command import CommandPalette as TextualCommandPalette


class CommandPalette(TextualCommandPalette):
    """The command palette (Ctrl+P) and the theme picker (Ctrl+T)."""

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down") and not self.query_one(CommandList).scrollable_content_region:
            return  # the results are not laid out yet
        super()._action_command_list(action)

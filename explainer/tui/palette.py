"""Textual's command palette, safe against keys typed ahead of its list.

PageDown (or PageUp) pressed before the palette's list has laid out its
options raises KeyError inside Textual 8.2's OptionList and ends the app; the
random walk in tests/test_robustness_walk.py found it. Such a key is ignored
here: the list is not there to move yet.
"""

from __future__ import annotations

from textual.command import CommandPalette


class Palette(CommandPalette):
    """The command palette, ignoring list keys that arrive before the list can take them."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except KeyError:
            pass

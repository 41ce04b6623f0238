"""The key bar at the bottom of every page: Textual's Footer, compact, rebuilt only when its keys change.

Compact keeps one space between keys instead of padding each, so more of them
fit: at 100 columns the home screen now shows every key, Quit included. It is
also cheaper to start: Textual's footer keys are compact until told otherwise,
and telling each one restyled it at launch (about 5 ms for a footer).

Textual rebuilds every key whenever the bindings may have changed: five times
as the app starts, four more for each new page, twice on every Tab. Most of
those rebuilds make the same keys again; this footer skips them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's Footer with `compact` on, recomposed only when what it shows changes."""

    # Compact keys keep a cell of margin on their right; Textual 8.2 gives it to the palette key
    # docked at the right edge too, and in that cell the keys hidden under it show through
    # (the "c" of "Perspectives" after "Search").
    DEFAULT_CSS = """
    Footer.-compact FooterKey.-command-palette { margin-right: 0; }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._shown: tuple | None = None  # what the keys on show were made from; None: none made yet

    def _keys(self) -> tuple:
        """Everything the keys are made from: each binding on show (and the palette's), enabled or not."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (self.app.get_key_display(binding), binding.action, binding.description, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.key == palette
        )

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        self._shown = self._keys() if keys else None  # nothing made: the bindings were not ready
        yield from keys

    async def recompose(self) -> None:
        if not self.is_attached:
            return  # its page has gone since the rebuild was asked for
        if self._shown is not None and self._keys() == self._shown:
            return
        await super().recompose()

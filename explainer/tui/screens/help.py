"""Help: every key, made from the commands themselves (tui/commands.py) so it never goes stale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from explainer.tui.commands import HELP, Command, bindings
from explainer.tui.screens.modal import Modal


class KeysTable(DataTable[str]):
    """Help's table of keys, its last column as wide as the table leaves it and each row as tall as its words
    wrap to: a description is never cut and the table never scrolls sideways."""

    def __init__(self, rows: Sequence[tuple[str, str, str]]) -> None:
        super().__init__(id="keys", cursor_type="row", zebra_stripes=True)
        self.key_rows = rows

    def on_resize(self, event: events.Resize) -> None:
        widths = [max(cell_len(row[column]) for row in self.key_rows) for column in (0, 1)]
        padding = 2 * self.cell_padding * 3 + self.styles.scrollbar_size_vertical
        does = max(16, event.size.width - sum(widths) - padding)
        if self.columns and list(self.columns.values())[-1].width == does:
            return  # only the rows' height changed: nothing to wrap anew
        row = self.cursor_row
        self.clear(columns=True)
        for label, width in zip(("Where", "Keys", "Does"), (*widths, does), strict=True):
            self.add_column(label, width=width)
        for cells in self.key_rows:
            self.add_row(*cells, height=None)
        self.move_cursor(row=row, animate=False)


class HelpScreen(Modal[None]):
    """A table of keys per place in the app."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(HELP)

    def __init__(self, groups: Sequence[tuple[str, Sequence[Command]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys", classes="title")
            yield Static(
                "Links: Tab moves from link to link in the text, Enter follows one; or click a link.", classes="muted"
            )
            yield KeysTable(
                [
                    (where, self._keys(command), command.tooltip)
                    for where, commands in self.groups
                    for command in commands
                ]
            )
            yield Static("Esc closes this help.", classes="muted")

    def _keys(self, command: Command) -> str:
        """The keys as the footer names them ("?", "/", "Ctrl+P"; in words in screen-reader mode)."""
        if command.keys_shown:
            return command.keys_shown
        return ", ".join(self.app.get_key_display(Binding(key, command.action)) for key in command.key.split(","))

    def on_mount(self) -> None:
        self.query_one(KeysTable).focus()

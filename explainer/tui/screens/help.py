"""Help: every key, made from the commands themselves (tui/commands.py) so it never goes stale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from explainer.tui.commands import HELP, Command, bindings
from explainer.tui.screens.modal import Modal


class HelpScreen(Modal[None]):
    """A table of keys per place in the app."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(HELP)

    def __init__(self, groups: Sequence[tuple[str, Sequence[Command]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys", classes="title")
            yield Static("Links: Tab to a page's link list, Enter to follow; or click a link.", classes="muted")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Static("Esc closes this help.", classes="muted")

    def _keys(self, command: Command) -> str:
        """The keys as the footer names them ("?", "/", "Ctrl+P"; in words in screen-reader mode)."""
        if command.keys_shown:
            return command.keys_shown
        return ", ".join(self.app.get_key_display(Binding(key, command.action)) for key in command.key.split(","))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Keys", "Does")
        for where, commands in self.groups:
            for command in commands:
                table.add_row(where, self._keys(command), command.tooltip)
        table.focus()

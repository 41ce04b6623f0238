"""Help: every key binding, read from the bindings themselves so it never goes stale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from explainer.tui.screens.modal import Modal


def _keys(binding: Binding) -> str:
    return ", ".join(key.replace("ctrl+", "Ctrl+").replace("_", " ") for key in binding.key.split(","))


class HelpScreen(Modal[None]):
    """A table of keys per place in the app."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def __init__(self, groups: Sequence[tuple[str, Sequence[BindingType]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("Keys", classes="title")
            yield Static("Links: Tab to a page's link list, Enter to follow; or click a link.", classes="muted")
            yield DataTable(id="keys", cursor_type="row", zebra_stripes=True)
            yield Static("Esc closes this help.", classes="muted")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Keys", "Does")
        for where, bindings in self.groups:
            for binding in bindings:
                if not isinstance(binding, Binding):
                    continue  # none of ours: every binding is a Binding, with its tooltip
                table.add_row(where, _keys(binding), binding.tooltip or binding.description)
        table.focus()

"""A yes-or-no question before something a student cannot take back (leaving a quiz half way)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from explainer.tui.commands import CONFIRM, bindings
from explainer.tui.screens.modal import Modal


class Confirm(Modal[bool]):
    """Dismissed with True for yes (y, Enter on Yes), False for no (n, Esc)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(CONFIRM)

    def __init__(self, question: str, detail: str = "", yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.detail, self.yes, self.no = question, detail, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, classes="title")
            if self.detail:
                yield Static(self.detail)
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.no} (n)", id="no", variant="primary")
                yield Button(f"{self.yes} (y)", id="yes")

    def on_mount(self) -> None:
        self.query_one("#no").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

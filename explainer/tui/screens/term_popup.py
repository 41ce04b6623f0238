"""A term's definition shown in place, over the page the student is reading."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Button, Static

from explainer.pack.model import Term
from explainer.tui.commands import TERM_POPUP, bindings
from explainer.tui.screens.modal import Modal


class TermPopup(Modal[bool]):
    """Definition and example; dismissed with True when the student asks for the full entry."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(TERM_POPUP)

    def __init__(self, term: Term, example_label: str = "In the articles:") -> None:
        super().__init__()
        self.term = term
        self.example_label = example_label

    def compose(self) -> ComposeResult:
        term = self.term
        with Vertical(id="popup"):
            yield Static(term.term + (f"  ({term.category})" if term.category else ""), classes="title")
            yield Static(term.shown_definition, id="popup-definition")
            if term.example:
                yield Static(f"{self.example_label} {term.example}", classes="muted")
            yield Button("Open in glossary (g)", id="open-glossary", variant="primary")
            yield Static("Esc: back to the page", classes="muted")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss(True)

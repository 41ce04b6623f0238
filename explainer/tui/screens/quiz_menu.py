"""Which quiz to take: the whole pack, your mistakes, what is due for review, or one section."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Static
from textual.widgets.option_list import Option

from explainer.pack.model import Pack
from explainer.quiz.selection import DEFAULT_COUNT, MODES, QuizRequest
from explainer.tui.commands import QUIZ_MENU, bindings
from explainer.tui.screens.modal import Modal
from explainer.tui.widgets.option_list import OptionList


class QuizMenu(Modal[QuizRequest | None]):
    """Dismissed with the chosen request, or None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(QUIZ_MENU)

    def __init__(self, pack: Pack, mistakes: int, due: int, next_due: float | None = None) -> None:
        super().__init__()
        self.pack = pack
        self.mistakes = mistakes
        self.due = due
        self.next_due = next_due

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-menu-box"):
            yield Static("Quiz", classes="title")
            yield OptionList(*self._modes(), id="quiz-modes")
            yield Static("Esc: back", classes="muted")

    def _modes(self) -> list[Option]:
        due = f"{self.due} due now" if self.due else "nothing due now"
        if not self.due and self.next_due:
            due += f"; next on {datetime.fromtimestamp(self.next_due):%a %d %b}"
        return [
            Option(f"Full quiz — {DEFAULT_COUNT} questions from the whole pack", id="full"),
            Option(f"Review my mistakes ({self.mistakes})", id="mistakes", disabled=not self.mistakes),
            Option(f"Spaced review ({due})", id="due", disabled=not self.due),
            Option("Check yourself on one section…", id="section"),
        ]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#quiz-modes")
    def _choose(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id or ""
        if choice.startswith("section:"):
            self.dismiss(QuizRequest("section", choice.removeprefix("section:")))
        elif choice == "section":
            options = self.query_one(OptionList)
            options.set_options(
                Option(f"{n}. {s.question}", id=f"section:{s.id}") for n, s in enumerate(self.pack.sections, start=1)
            )
            options.highlighted = 0
        elif choice in MODES:  # "section" chose one above
            self.dismiss(QuizRequest(choice))

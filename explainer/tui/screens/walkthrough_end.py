"""The end of the walkthrough: what was read, how the quiz stands, and where to go next."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Static
from textual.widgets.option_list import Option

from explainer.pack.model import Pack
from explainer.quiz.mastery import QuizProgress
from explainer.tui.commands import WALKTHROUGH_END, bindings
from explainer.tui.screens.modal import Modal
from explainer.tui.widgets.option_list import OptionList


class WalkthroughEnd(Modal[str | None]):
    """Dismissed with the next step chosen ("section-quiz", "quiz", "perspectives", "home", an unread section's
    id as "read:ID"), or None to stay on the last section."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(WALKTHROUGH_END)

    def __init__(self, pack: Pack, read: set[str], quiz: QuizProgress, section_quiz: bool) -> None:
        super().__init__()
        self.pack, self.read, self.quiz, self.section_quiz = pack, read, quiz, section_quiz

    def compose(self) -> ComposeResult:
        total = len(self.pack.sections)
        done = sum(1 for s in self.pack.sections if s.id in self.read)
        unread = [s for s in self.pack.sections if s.id not in self.read]
        with Vertical(id="walkthrough-end"):
            yield Static("The end of the walkthrough", classes="title")
            yield Static(f"You have read {done} of {total} sections.")
            yield Static(self.quiz.summary() if self.quiz.overall.answered else "No quiz answers yet.", classes="muted")
            yield Static("What next?", classes="heading")
            options = []
            if self.section_quiz:
                options.append(Option("Check yourself on this last section", id="section-quiz"))
            options.append(Option("Take the full quiz", id="quiz"))
            if unread:
                first = unread[0]
                number = self.pack.section_number(first.id)
                options.append(Option(f"Read what you missed: {number}. {first.question}", id=f"read:{first.id}"))
            options += [
                Option("See where the articles and experts differ (Perspectives)", id="perspectives"),
                Option("Home", id="home"),
            ]
            yield OptionList(*options, id="next-steps")
            yield Static("Esc: back to the last section", classes="muted")

    def on_mount(self) -> None:
        self.query_one("#next-steps").focus()

    @on(OptionList.OptionSelected, "#next-steps")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

"""A live question revealed, as the teacher and every student see it: the right answer, why, and the class's split."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from explainer.classroom.live import SplitRow, right_label
from explainer.quiz.questions import QuizItem
from explainer.tui.widgets.split_bars import SplitBars


class LiveReveal(Vertical):
    """The same on every screen: a student's own result is shown beside it, never in it."""

    DEFAULT_CSS = """
    LiveReveal { height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="live-right")
        yield Static(id="explanation")
        yield Static("How the class answered", classes="heading")
        yield SplitBars(id="live-split")

    def show(self, item: QuizItem, rows: Sequence[SplitRow]) -> None:
        self.query_one("#live-right", Static).update(f"The answer: {right_label(item)}")
        self.query_one("#explanation", Static).update(item.explanation)
        self.query_one(SplitBars).show_split(rows)

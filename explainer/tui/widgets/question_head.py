"""The lines above a question: where the quiz is, then what it asks. The quiz's and the live quiz's (both sides)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static


class QuestionHead(Vertical):
    """`{title} · question 2 of 5` and the prompt; `{title} · over` and a closing line once it has ended."""

    DEFAULT_CSS = """
    QuestionHead { height: auto; }
    """

    def __init__(self, prefix: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prefix = prefix  # the lines are #{prefix}-progress and #{prefix}-prompt

    def compose(self) -> ComposeResult:
        yield Static(id=f"{self.prefix}-progress", classes="muted")
        yield Static(id=f"{self.prefix}-prompt", classes="title")

    def show(self, progress: str, prompt: str) -> None:
        self.query_one(f"#{self.prefix}-progress", Static).update(progress)
        self.query_one(f"#{self.prefix}-prompt", Static).update(prompt)

    def asking(self, title: str, number: object, total: object, prompt: str) -> None:
        self.show(f"{title} · question {number} of {total}", prompt)

    def over(self, title: str, closing: str) -> None:
        self.show(f"{title} · over", closing)

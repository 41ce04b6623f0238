"""What a screen asks of the app: messages that carry a student's intent upward, handled by the app.

A screen never reaches into the app (`self.app.go(...)`, `self.app.history`): it
posts one of these and the app decides, as Hike's `messages/` do. Each is built
from its fields, as Textual's own messages are (not as dataclasses: a start
defines these, and a dataclass costs 0.3-1 ms to define on Python 3.11).
"""

from __future__ import annotations

from textual.message import Message

from explainer.quiz.selection import QuizRequest
from explainer.tui.history import Place


class Navigate(Message):
    """Go to a place: it joins the history, and back returns from it."""

    def __init__(self, place: Place) -> None:
        super().__init__()
        self.place = place


class Moved(Message):
    """The page now shows another item of the same place (a term picked in the glossary): no new history entry."""

    def __init__(self, place: Place) -> None:
        super().__init__()
        self.place = place


class StartQuiz(Message):
    """Start this quiz, replacing any running one (its answers are already saved)."""

    def __init__(self, request: QuizRequest) -> None:
        super().__init__()
        self.request = request


class ResumeQuiz(Message):
    """Resume the quiz left half way (Home's offer), at the question the student was on."""


class ChooseQuiz(Message):
    """Offer the quiz menu: the whole pack, mistakes, what is due, or a section."""


class ShowHelp(Message):
    """Show every key."""

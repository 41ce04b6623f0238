"""What a screen asks of the app: messages that carry a student's intent upward, handled by the app.

A screen never reaches into the app (`self.app.go(...)`, `self.app.history`): it
posts one of these and the app decides, as Hike's `messages/` do. Each is a
dataclass, so a test or a new screen builds one from its fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from explainer.quiz.selection import QuizRequest
from explainer.tui.history import Place


@dataclass
class Navigate(Message):
    """Go to a place: it joins the history, and back returns from it."""

    place: Place


@dataclass
class Moved(Message):
    """The page now shows another item of the same place (a term picked in the glossary): no new history entry."""

    place: Place


@dataclass
class StartQuiz(Message):
    """Start this quiz, replacing any running one (its answers are already saved)."""

    request: QuizRequest


class ResumeQuiz(Message):
    """Resume the quiz left half way (Home's offer), at the question the student was on."""


class ChooseQuiz(Message):
    """Offer the quiz menu: the whole pack, mistakes, what is due, or a section."""


class ShowHelp(Message):
    """Show every key."""

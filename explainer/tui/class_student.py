"""A served student's side of the class: tell the hub where I am, and take part in the live quiz.

The app calls `moved` whenever the current place changes; the hub learns this
student's place, how many sections they have read and their latest quiz score,
and nothing else. Messages from the hub arrive as `ClassEvent`s in the app's
message queue, so they are handled like a key press, between repaints.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from explainer.classroom.link import connect_fd
from explainer.classroom.live import StudentLiveQuiz
from explainer.classroom.protocol import JsonLines
from explainer.classroom.protocol import Message as Payload
from explainer.tui.class_event import ClassEvent
from explainer.tui.history import Place

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp
    from explainer.tui.screens.live_quiz import LiveQuizScreen

STATUS_SECONDS = 3.0  # a quiz finished, say, shows in the class view this soon without a move


class StudentInClass:
    """This session's line to the class: its own status out, the live quiz in."""

    def __init__(self, app: ExplainerApp) -> None:
        self.app = app
        self.link: JsonLines | None = None
        self._said: tuple[str, int, str] | None = None
        self.live: LiveQuizScreen | None = None  # the live quiz on screen, once one has started

    async def join(self, fd: int) -> None:
        try:
            # A copy: the fd outlives this app when the student switches to the plain menu and back.
            self.link = await connect_fd(os.dup(fd), self._heard, self._left)
        except OSError:
            return  # no class hub: the explainer works on, alone
        self.moved()
        self.app.set_interval(STATUS_SECONDS, self.moved)

    def _heard(self, payload: Payload) -> None:
        self.app.post_message(ClassEvent(payload))

    def _left(self) -> None:
        self.link = None

    def moved(self) -> None:
        """Tell the hub this student's status, if it changed."""
        if self.link is None:
            return
        status = (self._where(self.app.history.current), len(self.app.store.sections_read()), self._score())
        if status != self._said:
            self._said = status
            where, read, score = status
            self.link.send({"t": "status", "where": where, "read": read, "score": score})

    def send(self, payload: Payload) -> None:
        if self.link is not None:
            self.link.send(payload)

    def handle(self, payload: Payload) -> None:
        """A message from the hub: the live quiz's, the only kind a student's session is sent."""
        if payload["t"] == "ask":
            self._asked(payload)
        elif self.live is not None:
            self.live.heard(payload)

    def _asked(self, payload: Payload) -> None:
        """A question: on the live quiz's screen, put up over whatever this student is doing if not up yet."""
        from explainer.tui.screens.live_quiz import LiveQuizScreen

        live = self.live
        if live is not None and live.quiz.quiz != payload.get("quiz") and live is self.app.screen:
            live.dismiss()  # the last quiz's results were still up: this is a new quiz
            live = None
        if live is None:
            quiz = StudentLiveQuiz(self.app.pack, self.app.store, payload.get("quiz", 0))
            live = self.live = LiveQuizScreen(self.app.pack, quiz, self.send)
            self.app.push_screen(live, lambda _: self._closed(live))
        live.heard(payload)
        self.app.call_after_refresh(self.moved)  # the question first, then the class view's news

    def _closed(self, screen: LiveQuizScreen) -> None:
        if self.live is screen:
            self.live = None
        self.moved()

    def _where(self, place: Place) -> str:
        pack = self.app.pack
        if self.live is not None:
            return "live quiz"
        if place.kind == "section" and (section := pack.section(place.id)):
            return f"{pack.section_position(section.id) + 1}. {section.question}"
        if place.kind == "quiz":
            shown = (getattr(screen, "session", None) for screen in reversed(self.app.screen_stack))
            session = next((s for s in shown if s is not None), None)
            return f"quiz: {session.title}" if session is not None else "a quiz"
        return {"home": "home", "glossary": "glossary", "timeline": "timeline", "perspectives": "perspectives"}.get(
            place.kind, place.kind
        )

    def _score(self) -> str:
        quizzes = self.app.store.quizzes()
        if not quizzes:
            return ""
        last = quizzes[-1]
        return f"{last.score}/{last.total}"

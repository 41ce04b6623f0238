"""A served student's side of the class: tell the hub where I am, and take part in the live quiz.

The app calls `moved` whenever the current place changes; the hub learns this
student's place, how many sections they have read and their latest quiz score,
and nothing else. Messages from the hub arrive as `ClassEvent`s in the app's
message queue, so they are handled like a key press, between repaints.

The live quiz's screen is made once per session and kept (installed). It goes
up as soon as the hub says a teacher is choosing a live quiz ("about to
start"), and comes down if the teacher cancels: the first question then costs
every student a repaint, not a new screen, at the one moment the whole class
asks the machine for it at once.
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
LIVE_SCREEN = "live-quiz"  # the name the live quiz's screen is installed under


class StudentInClass:
    """This session's line to the class: its own status out, the live quiz in."""

    def __init__(self, app: ExplainerApp) -> None:
        self.app = app
        self.link: JsonLines | None = None
        self._said: tuple[str, int, str] | None = None
        self.live: LiveQuizScreen | None = None  # the live quiz on screen, once one has started
        self._screen: LiveQuizScreen | None = None  # made once, kept for every live quiz

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
        kind = payload["t"]
        if kind == "prepare":
            self._show(self.live_screen()).heard(payload)
        elif kind == "cancel":
            if self.live is not None and self.live.waiting:
                self.live.dismiss()
        elif kind == "ask":
            self._asked(payload)
        elif self.live is not None:
            self.live.heard(payload)

    def live_screen(self) -> LiveQuizScreen:
        """The session's one live-quiz screen, made the first time it is needed."""
        from explainer.tui.screens.live_quiz import LiveQuizScreen

        if self._screen is None:
            self._screen = LiveQuizScreen(self.app.pack, self._new_quiz(0), self.send)
            self.app.install_screen(self._screen, LIVE_SCREEN)
        return self._screen

    def _show(self, live: LiveQuizScreen) -> LiveQuizScreen:
        """The live quiz over whatever this student is doing, if it is not up already."""
        if live not in self.app.screen_stack:
            self.live = live
            self.app.push_screen(live, lambda _: self._closed())
            self.app.call_after_refresh(self.moved)  # the live quiz first, then the class view's news
        return live

    def _new_quiz(self, number: int) -> StudentLiveQuiz:
        return StudentLiveQuiz(self.app.pack, self.app.store, number)

    def _asked(self, payload: Payload) -> None:
        """A question: on the live quiz's screen, put up over whatever this student is doing if not up yet."""
        live, number = self.live_screen(), payload.get("quiz", 0)
        if live.quiz.quiz != number:
            live.begin(self._new_quiz(number))  # over the last quiz's results, if they are still up
        self._show(live).heard(payload)

    def _closed(self) -> None:
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

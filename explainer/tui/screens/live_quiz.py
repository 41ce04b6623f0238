"""A student's live quiz: the teacher's question over whatever they were reading.

Pushed when the first question arrives and dismissed by the student once the
quiz is over, so they are back exactly where they were. It is modal: the app's
keys (home, glossary, quit…) wait until then; the answer keys are the quiz's.
An answer goes to the class hub and can be changed until the teacher reveals;
then this student's own result, the explanation and the anonymous split show.

With teams, the student's team is in the line above each question from "about
to start" on, and the end adds how the teams did (totals only, never members).

One screen serves every question of every live quiz of a session
(tui/class_student.py keeps it). It goes up saying the quiz is about to start
while the teacher chooses what to ask: a question then costs a repaint, not a
new screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from explainer.classroom.live import StudentLiveQuiz, live_item, response_from, response_label, split_rows
from explainer.classroom.protocol import Message as Payload
from explainer.classroom.teams import Standing, scores_from, standings
from explainer.pack.model import Pack
from explainer.quiz.feedback import how_to_answer
from explainer.quiz.grading import Response
from explainer.quiz.questions import QuizItem
from explainer.quiz.sentences import ended
from explainer.tui.commands import LIVE_QUIZ, bindings
from explainer.tui.widgets.answer import AnswerInput, AnswerPanel
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.header import Header
from explainer.tui.widgets.live_reveal import LiveReveal
from explainer.tui.widgets.question_head import QuestionHead
from explainer.tui.widgets.team_standings import TeamStandings


class LiveQuizScreen(ModalScreen[None]):
    """One live quiz, question by question, as the teacher runs it."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(LIVE_QUIZ)
    AUTO_FOCUS = ""  # the answer panel focuses what answers the question: focus moved twice restyles the screen twice

    def __init__(self, pack: Pack, quiz: StudentLiveQuiz, send: Callable[[Payload], None]) -> None:
        super().__init__()
        self.pack = pack
        self.quiz = quiz  # this live quiz's results; `begin` starts the next quiz on the same screen
        self.send = send
        self.item: QuizItem | None = None
        self.q: int | None = None
        self.over = False
        self.title_shown = "Live quiz"  # the teacher's title for it ("Live quiz: section 3")
        self.team = ""  # this student's team, when the class plays in teams
        self._asked_at = self._answered_at = 0.0  # when the question came, when its last answer was sent
        self._ready = False  # until mounted, what arrives waits
        self._waiting: list[Payload] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="live"):
            yield QuestionHead("live")
            yield Static(id="live-how", classes="muted")
            yield Static(id="verdict")  # in the how-to-answer line's place once revealed: nothing below moves
            yield AnswerPanel(None, hints=False, id="live-answer")  # every answer is sent as it stands
            yield Static(id="live-status")
            with Vertical(id="live-reveal"):
                yield LiveReveal()
                yield Static(id="live-next", classes="muted")
            with Vertical(id="live-end"):
                yield Static(id="live-score", classes="title")
                yield Static(id="live-team")
                yield TeamStandings(id="live-teams")
                yield Static(id="live-reread")
                yield Static("Enter or Esc: back to where you were.", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Live quiz"
        # A typed answer's caret stays still: fifty carets blinking twice a second cost a third of a core.
        self.query_one("#typed", AnswerInput).cursor_blink = False
        for selector in ("#verdict", "#live-reveal", "#live-end"):
            self.query_one(selector).display = False
        self._ready = True
        waiting, self._waiting = self._waiting, []
        for payload in waiting:
            self.heard(payload)

    def begin(self, quiz: StudentLiveQuiz) -> None:
        """Another live quiz on this screen: nothing of the last one is kept on it."""
        self.quiz, self.item, self.q, self.over, self.team = quiz, None, None, False, ""

    def heard(self, payload: Payload) -> None:
        """A message of this quiz from the hub."""
        if not self._ready:
            self._waiting.append(payload)
            return
        kind = payload["t"]
        if kind == "prepare":
            self._about_to_start(str(payload.get("team") or ""))
        elif kind == "ask":
            self._ask(payload)
        elif kind == "recorded" and payload.get("q") == self.q:
            self._recorded(response_from(payload.get("response")))
        elif kind == "reveal" and payload.get("q") == self.q:
            self._reveal(payload)
        elif kind == "end":
            self._end(standings(scores_from(payload.get("teams"))))

    @property
    def waiting(self) -> bool:
        """Up before the first question, while the teacher chooses (the teacher may still think better of it)."""
        return self.q is None and not self.over

    @property
    def heading(self) -> str:
        """The quiz's title, and this student's team if there are teams: on every line above a question."""
        return f"{self.title_shown} · team {self.team}" if self.team else self.title_shown

    def _about_to_start(self, team: str) -> None:
        self.item, self.q, self.over, self.title_shown, self.team = None, None, False, "Live quiz", team
        joined = f"You are in team {team}. " if team else ""
        self.query_one(QuestionHead).show(
            f"{self.heading} · about to start",
            f"{joined}Your teacher is choosing the questions: the first appears here in a moment.",
        )
        self.query_one(AnswerPanel).hide()
        for selector in ("#live-how", "#verdict", "#live-status", "#live-reveal", "#live-end"):
            self.query_one(selector).display = False
        self.refresh_bindings()

    def _ask(self, payload: Payload) -> None:
        self.q = payload.get("q")
        self._asked_at = self._answered_at = time.monotonic()
        self.item = live_item(self.pack, str(payload.get("key")), int(payload.get("seed", 0)))
        number, total = payload.get("number"), payload.get("total")
        self.title_shown = str(payload.get("title") or "Live quiz")
        self.team = str(payload.get("team") or "")
        head = self.query_one(QuestionHead)
        for selector in ("#verdict", "#live-reveal", "#live-end"):
            self.query_one(selector).display = False
        self.query_one("#live-status").display = True
        self.query_one("#live-how").display = True
        panel = self.query_one(AnswerPanel)
        if self.item is None:
            panel.hide()
            head.asking(self.heading, number, total, "This question is not in your pack: wait for the next one.")
            self.query_one("#live-how", Static).update("")
            self.query_one("#live-status", Static).update("")
            return
        head.asking(self.heading, number, total, self.item.prompt)
        self.query_one("#live-how", Static).update(how_to_answer(self.item, keys=True, hints=False))
        self.query_one("#live-status", Static).update("Answer on your own screen; your teacher reveals the answer.")
        panel.ask(self.item)
        self._to_top()
        self.refresh_bindings()

    @on(AnswerPanel.Answered)
    def _answered(self, event: AnswerPanel.Answered) -> None:
        event.stop()
        if self.q is not None and self.item is not None:
            response = event.response
            self._answered_at = time.monotonic()
            self.send(
                {"t": "answer", "q": self.q, "response": list(response) if isinstance(response, tuple) else response}
            )

    def _recorded(self, response: Response | None) -> None:
        item, panel = self.item, self.query_one(AnswerPanel)
        if item is None or panel.locked:
            return
        if isinstance(response, int):
            panel.fill_choices(chosen=response, recorded=True)
            panel.highlight(response)
        self.query_one("#live-status", Static).update(
            f"Answer recorded: {ended(response_label(item, response))}"
            " You can change it until your teacher reveals the answer."
        )

    def _reveal(self, payload: Payload) -> None:
        item, panel = self.item, self.query_one(AnswerPanel)
        if item is None:
            return
        yours = response_from(payload.get("yours"))
        outcome = self.quiz.revealed(item, yours, round(self._answered_at - self._asked_at, 1))
        self.call_after_refresh(self.quiz.save, outcome)
        panel.stop_answering(dim=False)
        if item.type in ("choice", "true_false"):
            panel.fill_choices(right=item.solution[0], chosen=yours if isinstance(yours, int) else None)
            if isinstance(yours, int):
                panel.highlight(yours)
        verdict = self.query_one("#verdict", Static)
        verdict.set_class(outcome.correct, "right")
        verdict.set_class(not outcome.correct, "wrong")
        if outcome.grade is None:
            verdict.update("You did not answer this one.")
        elif outcome.correct:
            verdict.update("✓ Right!" + ("  (close enough: mind the spelling)" if outcome.grade.forgiven else ""))
        else:
            verdict.update(f"✗ Not quite: you answered {ended(response_label(item, yours))}")
        self.query_one(LiveReveal).show(item, split_rows(item, payload.get("split") or []))
        for selector in ("#live-how", "#live-status"):  # how to answer, and the answer recorded: done with
            self.query_one(selector).display = False
        next_step = self.quiz.problem or "Wait for the next question from your teacher."
        self.query_one("#live-next", Static).update(next_step)
        for selector in ("#verdict", "#live-reveal"):
            self.query_one(selector).display = True
        self.refresh_bindings()  # answering is over: no Undo in the footer

    def _end(self, teams: list[Standing]) -> None:
        self.over = True
        self.quiz.finished()
        self.query_one(AnswerPanel).hide()
        for selector in ("#live-how", "#verdict", "#live-reveal"):
            self.query_one(selector).display = False
        seen = len(self.quiz.outcomes)
        self.query_one(QuestionHead).over(self.heading, "The live quiz is over.")
        self.query_one("#live-score", Static).update(
            f"Your score: {self.quiz.score}/{seen}"
            if seen
            else "The quiz ended before any answer of yours was revealed."
        )
        reread = [
            f"  Section {self.pack.section_position(s) + 1}: {section.question}"
            for s in self.quiz.reread()
            if (section := self.pack.section(s))
        ]
        self.query_one("#live-reread", Static).update(
            "Worth rereading:\n" + "\n".join(reread) if reread else ("Nothing to reread: well done." if seen else "")
        )
        self._show_teams(teams)
        self.query_one("#live-status", Static).update(self.quiz.problem)
        self.query_one("#live-status").display = bool(self.quiz.problem)
        self.query_one("#live-end").display = True
        self._to_top()
        self.refresh_bindings()

    def _show_teams(self, teams: list[Standing]) -> None:
        """This student's team's place and score, and every team's totals (no names of members)."""
        ours = next((s for s in teams if s.score.team == self.team), None)
        if ours is not None and ours.place:
            line = f"Your team, {self.team}, came {ours.place_said} of {len(teams)}: {ours.score.said}."
        elif ours is not None:
            line = f"Your team, {self.team}: no answers."
        else:
            line = f"You were in team {self.team}." if self.team else ""
        self.query_one("#live-team", Static).update(line)
        self.query_one("#live-team").display = bool(line)
        self.query_one("#live-teams", TeamStandings).show_standings(teams, yours=self.team)
        self.query_one("#live-teams").display = bool(teams)

    def _to_top(self) -> None:
        """Back to the top for what comes next; not scrolled when already there (a scroll repaints it all)."""
        scroll = self.query_one("#live", VerticalScroll)
        if scroll.scroll_y:
            scroll.scroll_home(animate=False)

    # keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return False
        panel = self.query_one(AnswerPanel)
        if action in ("number", "letter"):
            return not self.over and panel.key_index(action, parameters[0]) is not None
        if action == "undo":
            return not self.over and panel.assignment is not None and not panel.locked
        if action == "close":
            return self.over or self.waiting
        return True

    def action_number(self, number: int) -> None:
        self.query_one(AnswerPanel).number(number)

    def action_letter(self, key: str) -> None:
        self.query_one(AnswerPanel).letter(key)

    def action_undo(self) -> None:
        self.query_one(AnswerPanel).undo()

    def action_close(self) -> None:
        if self.over or self.waiting:
            self.dismiss()

"""The teacher runs a live quiz: ask, watch the answers come in, reveal, go on, and see the class's results.

Each step is one message to the class hub (`ask`, `reveal`, `end`); what comes
back (how many have answered, the split) is kept in the quiz's `LiveRun` and
shown as it arrives. The first question is sent before this screen is made
(class_view.py), so the class never waits for the teacher's screen. Points are
for being right, never for being fast: there is no clock to beat. With teams,
each reveal and the end add a line per team (classroom/teams.py scores them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from explainer.classroom.live import LiveRun
from explainer.classroom.protocol import Message as Payload
from explainer.classroom.teams import standings
from explainer.quiz.questions import QuizItem, letter
from explainer.tui.commands import LIVE_HOST, bindings
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.header import Header
from explainer.tui.widgets.live_reveal import LiveReveal
from explainer.tui.widgets.question_head import QuestionHead
from explainer.tui.widgets.team_standings import TeamStandings

if TYPE_CHECKING:
    from explainer.tui.class_app import ClassApp


class LiveHostScreen(Screen[None]):
    """The question every student sees now, the answers so far, and after the reveal how they split."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(LIVE_HOST)

    def __init__(self, run: LiveRun) -> None:
        super().__init__()
        self.run = run  # already asking its first question: this screen only shows it

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="live"):
            yield QuestionHead("live")
            yield Static(id="host-options")
            yield Static(id="host-count", classes="heading")
            yield LiveReveal(id="host-reveal")
            with Vertical(id="host-teams"):
                yield Static("The teams so far", classes="heading")
                yield TeamStandings(id="host-team-lines")
            with Vertical(id="host-end"):
                with Vertical(id="host-end-teams"):
                    yield Static("The teams", classes="heading")
                    yield TeamStandings(id="host-team-table")
                yield Static("The class's results", classes="heading")
                yield DataTable(id="host-results", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.run.plan.title
        for selector in ("#host-end", "#host-teams"):
            self.query_one(selector).display = False
        self.query_one("#host-results", DataTable).add_columns("Question", "Answered", "Right")
        if self.run.over:
            self._show_results()
        else:
            self._show_question()
            if self.run.revealed:
                self._show_reveal()

    # the steps

    def _ask_next(self) -> None:
        ask = self.run.next_ask()
        if ask is None:
            self._finish()
        elif self._send(ask):
            self._show_question()

    def _show_question(self) -> None:
        run, item = self.run, self.run.item
        assert item is not None
        self.query_one(QuestionHead).asking(run.plan.title, run.number, run.total, item.prompt)
        self.query_one("#host-options", Static).update(_options(item))
        for selector in ("#host-reveal", "#host-teams"):
            self.query_one(selector).display = False
        self._show_count()
        self.query_one("#live").scroll_home(animate=False)
        self.refresh_bindings()

    def _finish(self) -> None:
        if self.run.over:
            return
        self.run.over = True
        self._send(self.run.end_message())
        self._show_results()

    def _show_results(self) -> None:
        table = self.query_one("#host-results", DataTable)
        for number, result in enumerate(self.run.results, start=1):
            table.add_row(
                f"{number}. {_cut(result.item.prompt, 60)}",
                f"{result.answered} of {result.present}",
                f"{result.right} ({result.percent}%)",
            )
        asked = len(self.run.results)
        self.query_one(QuestionHead).over(
            self.run.plan.title, f"The live quiz is over: {asked} question{'' if asked == 1 else 's'} asked."
        )
        for selector in ("#host-options", "#host-reveal", "#host-teams"):
            self.query_one(selector).display = False
        teams = self.run.teams
        self.query_one("#host-team-table", TeamStandings).show_standings(standings(teams.values()))
        self.query_one("#host-end-teams").display = bool(teams)
        self.query_one("#host-count", Static).update("Esc: back to the class view.")
        self.query_one("#host-end").display = True
        self.refresh_bindings()

    def _send(self, payload: Payload) -> bool:
        if cast("ClassApp", self.app).send(payload):
            return True
        self.notify("The server has stopped: the live quiz cannot go on.", severity="error")
        self.run.over = True
        self.refresh_bindings()
        return False

    # what the hub says

    def heard(self, payload: Payload) -> None:
        """Kept in the run at once (the screen may not be mounted yet); shown once it is."""
        kind = payload["t"]
        if self.run.heard(payload):
            if self.is_mounted and kind == "reveal":
                self._show_reveal()
            elif self.is_mounted:
                self._show_count()
        elif kind == "refused":
            self.notify(str(payload.get("why", "")), severity="error")
            self.run.over = True
            self.dismiss()
        elif kind == "gone" and not self.run.over:
            self.notify("The server has stopped: the live quiz is over.", severity="error")
            self.run.over = True
            if self.is_mounted:
                self.refresh_bindings()

    def _show_count(self) -> None:
        run = self.run
        if run.revealed:
            next_step = "the results" if run.last else "next question"
            text = f"{run.answered} of {run.present} answered · n: {next_step} · e: end"
        else:
            text = (
                f"{run.answered} of {run.present} student{'' if run.present == 1 else 's'} answered"
                " · r: reveal the answer · e: end the quiz"
            )
        self.query_one("#host-count", Static).update(text)

    def _show_reveal(self) -> None:
        item = self.run.item
        assert item is not None
        self.query_one(LiveReveal).show(item, self.run.rows)
        self.query_one("#host-reveal").display = True
        if teams := self.run.teams:
            lines = self.query_one("#host-team-lines", TeamStandings)
            lines.show_standings(standings(teams.values()), now=self.run.team_now)
            self.query_one("#host-teams").display = True
        self._show_count()
        self.refresh_bindings()

    # keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        run = self.run
        if action == "reveal":
            return not run.over and not run.revealed
        if action == "next":
            return not run.over and run.revealed
        if action == "end":
            return not run.over
        if action == "close":
            return run.over
        return True

    def action_reveal(self) -> None:
        if not self.run.over and not self.run.revealed and self.run.item is not None:
            self._send({"t": "reveal", "q": self.run.q})

    def action_next(self) -> None:
        if not self.run.over and self.run.revealed:
            self._ask_next()

    def action_end(self) -> None:
        self._finish()

    def action_close(self) -> None:
        if self.run.over:
            self.dismiss()


def _options(item: QuizItem) -> Table | str:
    """The question's options as the students see them, lettered the same; a long one wraps under itself."""
    if item.type == "typed":
        return "(a typed answer)"
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    if item.type == "match":
        for number, left in enumerate(item.left, start=1):
            table.add_row(f"{number}.", left)
        table.add_row("", "")
    for index, text in enumerate(item.options):
        table.add_row(f"{letter(index)})", text)
    return table


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

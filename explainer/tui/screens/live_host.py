"""The teacher runs a live quiz: ask, watch the answers come in, reveal, go on, and see the class's results.

Each step is one message to the class hub (`ask`, `reveal`, `end`); what comes
back (how many have answered, the split) is shown as it arrives. Points are
for being right, never for being fast: there is no clock to beat.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from explainer.classroom.live import LivePlan, QuestionResult, live_item, question_result, split_rows
from explainer.classroom.protocol import Message as Payload
from explainer.pack.model import Pack
from explainer.quiz.questions import QuizItem, letter
from explainer.tui.commands import LIVE_HOST, bindings
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.header import Header
from explainer.tui.widgets.live_reveal import LiveReveal
from explainer.tui.widgets.question_head import QuestionHead

if TYPE_CHECKING:
    from explainer.tui.class_app import ClassApp


class LiveHostScreen(Screen[None]):
    """The question every student sees now, the answers so far, and after the reveal how they split."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(LIVE_HOST)

    def __init__(self, pack: Pack, plan: LivePlan) -> None:
        super().__init__()
        self.pack = pack
        self.plan = plan
        self.position = -1
        self.q = 0
        self.item: QuizItem | None = None
        self.revealed = False
        self.over = False
        self.counts = (0, 0)  # answered, present
        self.results: list[QuestionResult] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="live"):
            yield QuestionHead("live")
            yield Static(id="host-options")
            yield Static(id="host-count", classes="heading")
            yield LiveReveal(id="host-reveal")
            with Vertical(id="host-end"):
                yield Static("The class's results", classes="heading")
                yield DataTable(id="host-results", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.plan.title
        self.query_one("#host-end").display = False
        self.query_one("#host-results", DataTable).add_columns("Question", "Answered", "Right")
        self._ask_next()

    # the steps

    def _ask_next(self) -> None:
        self.position += 1
        if self.position >= len(self.plan.keys):
            self._finish()
            return
        key, seed = self.plan.keys[self.position], random.randrange(1, 10**6)
        self.item = live_item(self.pack, key, seed)
        if self.item is None:
            self._ask_next()
            return
        self.q += 1
        self.revealed = False
        self.counts = (0, 0)
        total = len(self.plan.keys)
        sent = self._send(
            {"t": "ask", "q": self.q, "key": key, "seed": seed, "number": self.position + 1, "total": total,
             "title": self.plan.title}
        )  # fmt: skip
        if not sent:
            return
        self.query_one(QuestionHead).asking(self.plan.title, self.position + 1, total, self.item.prompt)
        self.query_one("#host-options", Static).update(_options(self.item))
        self.query_one("#host-reveal").display = False
        self._show_count()
        self.query_one("#live").scroll_home(animate=False)
        self.refresh_bindings()

    def _finish(self) -> None:
        if self.over:
            return
        self.over = True
        self._send({"t": "end"})
        table = self.query_one("#host-results", DataTable)
        for number, result in enumerate(self.results, start=1):
            table.add_row(
                f"{number}. {_cut(result.item.prompt, 60)}",
                f"{result.answered} of {result.present}",
                f"{result.right} ({result.percent}%)",
            )
        asked = len(self.results)
        self.query_one(QuestionHead).over(
            self.plan.title, f"The live quiz is over: {asked} question{'' if asked == 1 else 's'} asked."
        )
        for selector in ("#host-options", "#host-reveal"):
            self.query_one(selector).display = False
        self.query_one("#host-count", Static).update("Esc: back to the class view.")
        self.query_one("#host-end").display = True
        self.refresh_bindings()

    def _send(self, payload: Payload) -> bool:
        if cast("ClassApp", self.app).send(payload):
            return True
        self.notify("The server has stopped: the live quiz cannot go on.", severity="error")
        self.over = True
        self.refresh_bindings()
        return False

    # what the hub says

    def heard(self, payload: Payload) -> None:
        kind = payload["t"]
        if kind == "answered" and payload.get("q") == self.q and not self.revealed:
            self.counts = (int(payload.get("answered", 0)), int(payload.get("present", 0)))
            self._show_count()
        elif kind == "reveal" and payload.get("q") == self.q and self.item is not None:
            self._show_reveal(payload)
        elif kind == "refused":
            self.notify(str(payload.get("why", "")), severity="error")
            self.over = True
            self.dismiss()
        elif kind == "gone" and not self.over:
            self.notify("The server has stopped: the live quiz is over.", severity="error")
            self.over = True
            self.refresh_bindings()

    def _show_count(self) -> None:
        answered, present = self.counts
        self.query_one("#host-count", Static).update(
            f"{answered} of {present} student{'' if present == 1 else 's'} answered"
            + ("" if self.revealed else " · r: reveal the answer · e: end the quiz")
        )

    def _show_reveal(self, payload: Payload) -> None:
        item = self.item
        assert item is not None
        self.revealed = True
        self.counts = (int(payload.get("answered", 0)), int(payload.get("present", 0)))
        rows = split_rows(item, payload.get("split") or [])
        self.results.append(question_result(item, rows, *self.counts))
        self.query_one(LiveReveal).show(item, rows)
        self.query_one("#host-reveal").display = True
        self._show_count()
        last = self.position + 1 >= len(self.plan.keys)
        self.query_one("#host-count", Static).update(
            f"{self.counts[0]} of {self.counts[1]} answered · n: {'the results' if last else 'next question'} · e: end"
        )
        self.refresh_bindings()

    # keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return not self.over and not self.revealed
        if action == "next":
            return not self.over and self.revealed
        if action == "end":
            return not self.over
        if action == "close":
            return self.over
        return True

    def action_reveal(self) -> None:
        if not self.over and not self.revealed and self.item is not None:
            self._send({"t": "reveal", "q": self.q})

    def action_next(self) -> None:
        if not self.over and self.revealed:
            self._ask_next()

    def action_end(self) -> None:
        self._finish()

    def action_close(self) -> None:
        if self.over:
            self.dismiss()


def _options(item: QuizItem) -> str:
    """The question's options as the students see them, lettered the same."""
    if item.type == "typed":
        return "(a typed answer)"
    lines = [f"{letter(i)}) {text}" for i, text in enumerate(item.options)]
    if item.type == "match":
        lines = [f"{n}. {left}" for n, left in enumerate(item.left, start=1)] + [""] + lines
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"

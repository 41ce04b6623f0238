"""The teacher chooses a live quiz: the whole pack or one section and how many questions, or one question;
and whether the class plays in teams.

Each change to the teams goes to the hub at once (`prepare`), so every
student's "about to start" already says which team they are in.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.option_list import Option

from explainer.classroom.live import DEFAULT_COUNT, LivePlan, plan, question_choice
from explainer.classroom.teams import next_count
from explainer.pack.model import Pack
from explainer.quiz.selection import pool_keys
from explainer.tui.commands import LIVE_SETUP, bindings
from explainer.tui.widgets.option_list import OptionList

MAX_COUNT = 30


class LiveSetup(ModalScreen[LivePlan | None]):
    """A menu of what to ask; + and - set how many questions, t how many teams; Enter starts, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(LIVE_SETUP)

    def __init__(self, pack: Pack, prepare: Callable[[int], None]) -> None:
        super().__init__()
        self.pack = pack
        self.prepare = prepare  # tells the hub how many teams, each time that changes
        self.count = DEFAULT_COUNT
        self.teams = 0
        self.picking = False  # showing the list of single questions

    def compose(self) -> ComposeResult:
        with Vertical(id="live-setup"):
            yield Static("Start a live quiz", classes="title")
            yield Static(id="live-count", classes="muted")
            yield OptionList(*self._menu(), id="live-menu")

    def on_mount(self) -> None:
        self._show_count()

    def _menu(self) -> list[Option]:
        options = [Option("The whole pack", id="full")]
        for number, section in enumerate(self.pack.sections, start=1):
            options.append(Option(f"Section {number}: {section.question}", id=f"section:{section.id}"))
        options.append(Option("One question, picked from a list…", id="pick"))
        return options

    def _show_count(self) -> None:
        teams = f"{self.teams} teams (t to change)" if self.teams else "no teams (t for teams)"
        text = (
            f"Pick the question to ask (Enter), or Esc · {teams}"
            if self.picking
            else f"{self.count} question{'' if self.count == 1 else 's'} (+/- to change) · {teams}"
            " · Enter starts · Esc cancels"
        )
        self.query_one("#live-count", Static).update(text)

    def action_teams(self) -> None:
        self.teams = next_count(self.teams)
        self.prepare(self.teams)
        self._show_count()

    def action_count(self, step: int) -> None:
        if not self.picking:
            self.count = max(1, min(MAX_COUNT, self.count + step))
            self._show_count()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#live-menu")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id or ""
        menu = self.query_one("#live-menu", OptionList)
        if self.picking:
            self.dismiss(LivePlan("Live quiz", (choice,), self.teams))
        elif choice == "pick":
            self.picking = True
            keys = pool_keys(self.pack, random.Random(0))
            menu.set_options([Option(question_choice(self.pack, key), id=key) for key in keys])
            menu.highlighted = 0
            self._show_count()
        elif choice.startswith("section:"):
            section = choice.removeprefix("section:")
            number = self.pack.section_position(section) + 1
            chosen = tuple(plan(self.pack, section, self.count))
            self.dismiss(LivePlan(f"Live quiz: section {number}", chosen, self.teams))
        else:
            self.dismiss(LivePlan("Live quiz", tuple(plan(self.pack, "", self.count)), self.teams))

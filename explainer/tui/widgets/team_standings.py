"""The teams of a live quiz, best first: place, name, a bar of the share right, "k of n right (p%)".

The teacher sees it on each reveal and at the end, each student at the end:
team totals only, never a member's name or answer. In screen-reader mode the
bars are blanks and every cell beside them is a word or a number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from explainer.classroom.teams import Standing, TeamScore
from explainer.tui.widgets.split_bars import bar

BAR_WIDTH = 20


class TeamStandings(Static):
    """One line per team; `now` adds how each did on the question just revealed; `yours` marks a student's."""

    def show_standings(
        self, standings: Sequence[Standing], now: Mapping[str, TeamScore] | None = None, yours: str = ""
    ) -> None:
        table = Table.grid(padding=(0, 1))
        for _ in range(4 if now is None else 5):  # place, team, bar, so far (, this question)
            table.add_column(no_wrap=True)
        for standing in standings:
            score = standing.score
            cells: list[Text | str] = [
                Text(standing.place_said, style="bold" if standing.place == 1 else ""),
                Text(f"{score.team} (your team)", style="bold") if score.team == yours else score.team,
                Text(bar(score.right, score.answered, BAR_WIDTH), style="dim"),
                score.said,
            ]
            if now is not None:
                latest = now.get(score.team)
                cells.append(f"this question: {latest.said if latest is not None else 'no answers'}")
            table.add_row(*cells)
        self.update(table)

"""How the class's answers split: one bar per answer, the right one marked. Counts only, never names."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from explainer.classroom.live import SplitRow

BAR_WIDTH = 30


class SplitBars(Static):
    """The split of one live question, as the teacher and every student see it after the reveal."""

    def show_split(self, rows: Sequence[SplitRow]) -> None:
        total = sum(row.count for row in rows)
        widest = max((row.count for row in rows), default=0)
        text = Text()
        for row in rows:
            length = round(BAR_WIDTH * row.count / widest) if widest else 0
            share = f"{round(100 * row.count / total)}%" if total else "0%"
            mark = "✓" if row.right else " "
            text.append(f"{mark} ", style="bold")
            text.append("█" * length + "·" * (BAR_WIDTH - length), style="bold" if row.right else "dim")
            text.append(f" {row.count:>3}  {share:>4}  {row.label}\n")
        if not rows or not total:
            text.append("Nobody answered.")
        self.update(text)

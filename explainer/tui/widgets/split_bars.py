"""How the class's answers split: one bar per answer, the right one marked. Counts only, never names."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from explainer.classroom.live import SplitRow
from explainer.tui.glyphs import glyphs

BAR_WIDTH = 30


class SplitBars(Static):
    """The split of one live question, as the teacher and every student see it after the reveal."""

    def show_split(self, rows: Sequence[SplitRow]) -> None:
        """A bar per answer; a long answer wraps under itself, never under the bars."""
        total = sum(row.count for row in rows)
        widest = max((row.count for row in rows), default=0)
        if not rows or not total:
            self.update("Nobody answered.")
            return
        right = glyphs(self.app).right  # "right:" in screen-reader mode, where the bars are blanks
        table = Table.grid(padding=(0, 1))
        for wraps in (False, False, False, False, True):  # mark, bar, count, share, the answer (wrapped)
            table.add_column(no_wrap=not wraps, ratio=1 if wraps else None, justify="left" if wraps else "right")
        for row in rows:
            length = round(BAR_WIDTH * row.count / widest)
            bar = Text("█" * length + "·" * (BAR_WIDTH - length), style="bold" if row.right else "dim")
            share = f"{round(100 * row.count / total)}%"
            table.add_row(Text(right if row.right else "", style="bold"), bar, str(row.count), f" {share}", row.label)
        self.update(table)

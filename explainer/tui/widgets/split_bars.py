"""How the class's answers split: one bar per answer, the right one marked. Counts only, never names."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from explainer.classroom.live import SplitRow
from explainer.tui.glyphs import glyphs
from explainer.tui.widgets.hanging import Hanging, HangingLines

BAR_WIDTH = 30


class SplitBars(Static):
    """The split of one live question, as the teacher and every student see it after the reveal.

    Lines of Content, not a Rich table: fifty screens draw it at the same moment, and a table is measured
    and drawn cell by cell, a third of a reveal's drawing."""

    def show_split(self, rows: Sequence[SplitRow]) -> None:
        """A bar per answer, in columns (mark, bar, count, share); a long answer wraps under itself, never under
        the bars."""
        total = sum(row.count for row in rows)
        widest = max((row.count for row in rows), default=0)
        if not rows or not total:
            self.update("Nobody answered.")
            return
        right = glyphs(self.app).right  # "right:" in screen-reader mode, where the bars are blanks
        marks = [right if row.right else "" for row in rows]
        counts = [str(row.count) for row in rows]
        shares = [f" {round(100 * row.count / total)}%" for row in rows]
        mark_width, count_width, share_width = (max(map(len, column)) for column in (marks, counts, shares))
        lines = []
        for row, mark, count, share in zip(rows, marks, counts, shares, strict=True):
            prefix = Content.assemble(
                Content.styled(mark.rjust(mark_width), "bold"),
                " ",
                Content.styled(bar(row.count, widest, BAR_WIDTH), "bold" if row.right else "dim"),
                f" {count.rjust(count_width)} {share.rjust(share_width)} ",
            )
            lines.append(Hanging(prefix, row.label))
        self.update(HangingLines(lines))


def bar(part: int, whole: int, width: int) -> str:
    """`part` of `whole` as a bar `width` cells long: blocks, then dots for the rest (blanks to a screen reader)."""
    length = round(width * part / whole) if whole else 0
    return "█" * length + "·" * (width - length)

"""`explainer scores`: every user's quiz results in the data dir, for a teacher.

Stores are opened read only, so looking never moves or changes a student's file;
one that cannot be read is listed with the reason.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TextIO

from rich import box
from rich.table import Table

from explainer.plain.console import emit, make_console, wants_plain
from explainer.progress.store import QuizRecord, UserSummary, user_summaries


def _score(record: QuizRecord | None) -> str:
    return f"{record.score}/{record.total}" if record else "-"


def _mastery(summary: UserSummary) -> str:
    if not summary.answered:
        return "-"
    return f"{round(100 * summary.mastered / summary.answered)}% ({summary.mastered}/{summary.answered})"


def scores_table(summaries: list[UserSummary], *, plain: bool = False) -> Table:
    """One row per user; plain text has no vertical rules, so a screen reader reads cells, not lines."""
    table = Table(title="Quiz results", title_justify="left", box=box.SIMPLE if plain else box.ROUNDED)
    for name, justify in (
        ("User", "left"),
        ("Quizzes", "right"),
        ("Best", "right"),
        ("Last", "right"),
        ("Last taken", "left"),
        ("Mastery", "right"),
        ("Due", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for s in summaries:
        last = s.last
        when = f"{datetime.fromtimestamp(last.at):%Y-%m-%d %H:%M}" if last else "-"
        table.add_row(s.user, str(len(s.quizzes)), _score(s.best), _score(last), when, _mastery(s), str(s.due))
    return table


def run_scores(data_dir: Path, out: TextIO, *, plain: bool = False) -> int:
    """Print the table; 0 even when there is nobody yet (that is an answer too)."""
    summaries = user_summaries(data_dir)
    plain = wants_plain(plain, out)
    console = make_console(out, plain)
    readable = [s for s in summaries if not s.problem]
    if not readable:
        console.print(f"No quiz results yet in {data_dir}.", markup=False)
    else:
        emit(console, scores_table(sorted(readable, key=lambda s: s.user.casefold()), plain=plain))
    for s in summaries:
        if s.problem:
            console.print(f"{s.path.name}: {s.problem}", markup=False)
    return 0

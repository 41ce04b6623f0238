"""The class's saved results as the class view shows them, from the teacher's report (quiz/report.py).

Read again only when a progress file has changed (`progress_stamp`), so a class
view left open costs nothing while nobody answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explainer.pack.model import Pack
from explainer.progress.records import read_class
from explainer.quiz.mastery import Mastery
from explainer.quiz.report import QuestionRow, class_leeches, question_label, question_rows, section_grid


@dataclass(frozen=True)
class Struggling:
    """An item some students keep getting wrong: who, and the section that teaches it."""

    item_id: str
    label: str
    section_id: str
    students: tuple[str, ...]


@dataclass(frozen=True)
class ClassResults:
    """Per question (worst first), the weakest sections, and the struggling items, over every store."""

    questions: tuple[QuestionRow, ...] = ()
    weakest: tuple[tuple[str, Mastery], ...] = ()
    struggling: tuple[Struggling, ...] = ()


def read_results(data_dir: Path, pack: Pack) -> ClassResults:
    records = read_class(data_dir, pack.id)
    grouped: dict[str, list[str]] = {}
    sections: dict[str, str] = {}
    for user, leech in class_leeches(records, pack):
        grouped.setdefault(leech.item_id, []).append(user)
        sections[leech.item_id] = leech.section_id
    struggling = sorted(
        (Struggling(item, question_label(pack, item), sections[item], tuple(users)) for item, users in grouped.items()),
        key=lambda s: -len(s.students),
    )
    return ClassResults(
        tuple(question_rows(records, pack)), tuple(section_grid(records, pack).weakest()), tuple(struggling)
    )


def progress_stamp(data_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes whenever any student's progress does (SQLite writes the -wal file first)."""
    folder = Path(data_dir) / "progress"
    stamp = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return ()
    for path in entries:
        if ".sqlite3" in path.name:
            try:
                info = path.stat()
            except OSError:
                continue
            stamp.append((path.name, info.st_mtime_ns, info.st_size))
    return tuple(stamp)

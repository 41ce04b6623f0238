"""What a progress store holds, as plain values; the queries that read them; and a teacher's read-only look.

The read-only side opens every file with `mode=ro` and never migrates it: a
store of an older schema is copied into memory and brought up to date there,
so the teacher's report reads every version and changes none.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from explainer.progress.schema import SCHEMA_VERSION, bring_up_to_date, schema_version
from explainer.record import Record, replace


class Given(Record):
    """What a student answered, in the words they saw (options are shuffled per student, so never a letter).

    choice and true/false: `option`; typed: `text`, as typed; order: `order`,
    first to last as placed; match: `pairs`, each left item with the option put beside it.
    """

    option: str | None = None
    text: str | None = None
    order: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        if self.option is not None:
            return self.option
        if self.text is not None:
            return self.text
        if self.order:
            return " → ".join(self.order)
        return "; ".join(f"{left} → {right}" for left, right in self.pairs)

    def to_json(self) -> str:
        if self.option is not None:
            return json.dumps({"option": self.option})
        if self.text is not None:
            return json.dumps({"text": self.text})
        if self.order:
            return json.dumps({"order": list(self.order)})
        return json.dumps({"pairs": [list(pair) for pair in self.pairs]})

    @classmethod
    def from_json(cls, text: str | None) -> Given | None:
        """The stored form back; None for an answer saved before answers were kept (or not understood)."""
        try:
            data = json.loads(text) if text else None
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        if isinstance(data.get("option"), str):
            return cls(option=data["option"])
        if isinstance(data.get("text"), str):
            return cls(text=data["text"])
        if isinstance(data.get("order"), list):
            return cls(order=tuple(str(x) for x in data["order"]))
        if isinstance(data.get("pairs"), list):
            return cls(
                pairs=tuple((str(p[0]), str(p[1])) for p in data["pairs"] if isinstance(p, list) and len(p) == 2)
            )
        return None


class AnswerRecord(Record):
    """One answer as it was given. `given` and `seconds` are None for answers saved before schema 3."""

    item_id: str
    section_id: str
    correct: bool
    mode: str
    at: float
    hinted: bool = False
    given: Given | None = None
    seconds: float | None = None


class LatestAnswer(Record):
    """The most recent answer to one quiz item."""

    item_id: str
    section_id: str
    correct: bool
    at: float


class QuizRecord(Record):
    """One finished quiz."""

    mode: str
    score: int
    total: int
    at: float

    @property
    def ratio(self) -> float:
        return self.score / self.total if self.total else 0.0


class StudentRecord(Record):
    """Everything one student's store holds on one pack; `problem` says why a store could not be read."""

    user: str
    path: Path
    pack_id: str
    sections_read: dict[str, float]  # section id -> when last read
    answers: tuple[AnswerRecord, ...] = ()  # oldest first
    quizzes: tuple[QuizRecord, ...] = ()  # oldest first
    due: tuple[str, ...] = ()  # items due for review when it was read
    problem: str = ""

    def since(self, at: float) -> StudentRecord:
        """Only what happened at or after `at` (what is due stays: that is about now)."""
        return replace(
            self,
            sections_read={s: when for s, when in self.sections_read.items() if when >= at},
            answers=tuple(a for a in self.answers if a.at >= at),
            quizzes=tuple(q for q in self.quizzes if q.at >= at),
        )

    @property
    def last_seen(self) -> float | None:
        """The last time this student read or answered anything on this pack."""
        times = [*self.sections_read.values(), *(a.at for a in self.answers), *(q.at for q in self.quizzes)]
        return max(times, default=None)

    def latest_answers(self) -> dict[str, LatestAnswer]:
        """Each item's most recent answer."""
        return latest_of(self.answers)


# queries, shared by the read-write store and the read-only look


def answers(db: sqlite3.Connection, pack_id: str) -> list[AnswerRecord]:
    """Every answer on a pack, oldest first."""
    rows = db.execute(
        "SELECT question_id, section_id, correct, mode, at, hinted, given, seconds FROM answers "
        "WHERE pack_id = ? ORDER BY id",
        (pack_id,),
    )
    return [
        AnswerRecord(item, section, bool(correct), mode, at, bool(hinted), Given.from_json(given), seconds)
        for item, section, correct, mode, at, hinted, given, seconds in rows
    ]


def latest_of(answers: Iterable[AnswerRecord]) -> dict[str, LatestAnswer]:
    """Each item's most recent answer, from answers oldest first."""
    return {a.item_id: LatestAnswer(a.item_id, a.section_id, a.correct, a.at) for a in answers}


def quizzes(db: sqlite3.Connection, pack_id: str) -> list[QuizRecord]:
    """Every quiz finished on a pack, oldest first."""
    rows = db.execute("SELECT mode, score, total, at FROM quizzes WHERE pack_id = ? ORDER BY at, id", (pack_id,))
    return [QuizRecord(*row) for row in rows]


def sections_read(db: sqlite3.Connection, pack_id: str) -> dict[str, float]:
    """Each section read on a pack, and when it was last read."""
    rows = db.execute("SELECT section_id, last_read FROM sections_read WHERE pack_id = ?", (pack_id,))
    return {section: last for section, last in rows}


def due(db: sqlite3.Connection, pack_id: str, now: float) -> list[str]:
    """Items due for review by `now`, the longest overdue first."""
    rows = db.execute(
        "SELECT item_id FROM schedule WHERE pack_id = ? AND due <= ? ORDER BY due, item_id", (pack_id, now)
    )
    return [row[0] for row in rows]


def shown_name(db: sqlite3.Connection) -> str | None:
    """The name `explainer scores` shows (the file name may be a hash of a key)."""
    row = db.execute("SELECT value FROM state WHERE key = 'user'").fetchone()
    return row[0] if row else None


# the teacher's read-only look at a data dir


def store_paths(data_dir: Path) -> list[Path]:
    """Every student's store under a data dir (files set aside as broken are not)."""
    folder = Path(data_dir) / "progress"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*.sqlite3") if ".broken-" not in p.name)


def read_class(data_dir: Path, pack_id: str, *, now: float | None = None) -> list[StudentRecord]:
    """Every student's record on one pack, read only; a store that cannot be read says why in `problem`."""
    return [read_student(path, pack_id, now=now) for path in store_paths(data_dir)]


def read_student(path: Path, pack_id: str, *, now: float | None = None) -> StudentRecord:
    now = time.time() if now is None else now
    try:
        db = open_read_only(path)
    except (sqlite3.Error, _Unreadable) as error:
        return StudentRecord(path.stem, path, pack_id, {}, problem=str(error))
    try:
        return StudentRecord(
            user=shown_name(db) or path.stem,
            path=path,
            pack_id=pack_id,
            sections_read=sections_read(db, pack_id),
            answers=tuple(answers(db, pack_id)),
            quizzes=tuple(quizzes(db, pack_id)),
            due=tuple(due(db, pack_id, now)),
        )
    except sqlite3.Error as error:
        return StudentRecord(path.stem, path, pack_id, {}, problem=f"cannot be read ({error})")
    finally:
        db.close()


def pack_ids(data_dir: Path) -> dict[str, int]:
    """Which packs the data dir holds progress on, and for how many students each."""
    counts: dict[str, int] = {}
    for path in store_paths(data_dir):
        try:
            db = open_read_only(path)
        except (sqlite3.Error, _Unreadable):
            continue
        try:
            found: set[str] = set()
            for table in ("sections_read", "answers", "quizzes"):
                found.update(row[0] for row in db.execute(f"SELECT DISTINCT pack_id FROM {table}"))
        except sqlite3.Error:
            continue
        finally:
            db.close()
        for pack in found:
            counts[pack] = counts.get(pack, 0) + 1
    return counts


class _Unreadable(Exception):
    """Why a store cannot be read, in words for the report."""


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file; an older schema is brought up to date in a copy in memory."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        version = schema_version(db)
    except sqlite3.Error as error:
        raise _Unreadable(f"cannot be read ({error})") from None
    if version > SCHEMA_VERSION:
        db.close()
        raise _Unreadable(f"is from a newer explainer (schema {version})")
    if version == SCHEMA_VERSION:
        return db
    copy = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db.backup(copy)
        copy.execute("BEGIN")
        bring_up_to_date(copy)
        copy.execute("COMMIT")
    except sqlite3.Error as error:
        copy.close()
        raise _Unreadable(f"cannot be read ({error})") from None
    finally:
        db.close()
    return copy

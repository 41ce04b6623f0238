"""One user's progress in one SQLite file: sections read, answers, review schedule.

Every write is one transaction, so a crash never leaves half a record. A file
that is corrupt, unreadable or from a newer version is moved aside (never
deleted) with a one-line warning, and a fresh store is started.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS sections_read (
    section_id TEXT PRIMARY KEY,
    first_read REAL NOT NULL,
    last_read REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question_id TEXT NOT NULL,
    section_id TEXT NOT NULL,
    correct INTEGER NOT NULL,
    mode TEXT NOT NULL,
    at REAL NOT NULL,
    hinted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS answers_by_item ON answers (question_id, id);
CREATE TABLE IF NOT EXISTS quizzes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mode TEXT NOT NULL,
    score INTEGER NOT NULL,
    total INTEGER NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS schedule (
    item_id TEXT PRIMARY KEY,
    card TEXT NOT NULL,
    due REAL NOT NULL
);
"""
# What brings a store of version N-1 up to N (tables missing altogether come from SCHEMA).
MIGRATIONS: dict[int, tuple[str, ...]] = {
    2: ("ALTER TABLE answers ADD COLUMN hinted INTEGER NOT NULL DEFAULT 0",),
}


def store_file_name(user: str) -> str:
    """A safe, stable file name for a user name or key fingerprint."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", user)[:40].strip("._") or "user"
    if safe != user:
        safe += "-" + hashlib.sha256(user.encode()).hexdigest()[:8]
    return f"{safe}.sqlite3"


@dataclass(frozen=True)
class StoreWarning:
    """Why a store was set aside, and where the old file went."""

    path: Path
    moved_to: Path | None
    reason: str

    def __str__(self) -> str:
        if self.moved_to is None:
            return f"progress store {self.path} {self.reason}; progress will not be saved this time"
        return f"progress store {self.path} {self.reason}; kept it as {self.moved_to.name} and started a new one"


class ProgressStore:
    """The progress of one user, on disk under the data dir."""

    def __init__(self, data_dir: Path, user: str, display_name: str = "") -> None:
        self.user = user
        self.path = Path(data_dir) / "progress" / store_file_name(user)
        self.warning: StoreWarning | None = None
        self._db = self._open()
        shown = display_name or user
        if self.get("user") != shown:
            self.put("user", shown)  # `explainer scores` shows it; the file name may be a hash

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                return self._connect(self.path)
            except (sqlite3.DatabaseError, _NewerVersion) as error:
                reason = str(error) if isinstance(error, _NewerVersion) else f"could not be read ({error})"
                moved = self._set_aside()
                self.warning = StoreWarning(self.path, moved, reason)
                return self._connect(self.path)
        except (sqlite3.Error, OSError) as error:
            # nowhere to write (a read-only disk, no permission): keep this run's progress in memory
            self.warning = StoreWarning(self.path, None, f"cannot be used ({error})")
            return self._connect(":memory:")

    def _connect(self, path: Path | str) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA quick_check").fetchone()
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _NewerVersion(f"is from a newer explainer (schema {version}, this one reads {SCHEMA_VERSION})")
            with _transaction(db):
                for step in range(version + 1, SCHEMA_VERSION + 1) if version else ():
                    for statement in MIGRATIONS.get(step, ()):
                        db.execute(statement)
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            return db
        except BaseException:
            db.close()
            raise

    def _set_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        moved = self.path.with_name(f"{self.path.stem}.broken-{stamp}{self.path.suffix}")
        n = 1
        while moved.exists():
            moved = self.path.with_name(f"{self.path.stem}.broken-{stamp}-{n}{self.path.suffix}")
            n += 1
        self.path.rename(moved)
        for extra in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + extra)
            if side.exists():
                side.rename(moved.with_name(moved.name + extra))
        return moved

    def close(self) -> None:
        self._db.close()

    # sections read and where the student left off

    def mark_read(self, section_id: str) -> None:
        now = time.time()
        with _transaction(self._db):
            self._db.execute(
                "INSERT INTO sections_read VALUES (?, ?, ?) "
                "ON CONFLICT(section_id) DO UPDATE SET last_read = excluded.last_read",
                (section_id, now, now),
            )
            self._db.execute("INSERT OR REPLACE INTO state VALUES ('last_section', ?)", (section_id,))

    def sections_read(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT section_id FROM sections_read")}

    def last_section(self) -> str | None:
        return self.get("last_section")

    # small settings (theme, ...)

    def get(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, value: str) -> None:
        with _transaction(self._db):
            self._db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))

    # quiz answers, results and the review schedule

    def record_answer(
        self,
        item_id: str,
        section_id: str,
        correct: bool,
        *,
        mode: str,
        hinted: bool = False,
        schedule: tuple[str, float] | None = None,
        at: float | None = None,
    ) -> None:
        """An answer, and the item's new review card (JSON, due time) if given, in one transaction."""
        at = time.time() if at is None else at
        with _transaction(self._db):
            self._db.execute(
                "INSERT INTO answers (question_id, section_id, correct, mode, at, hinted) VALUES (?, ?, ?, ?, ?, ?)",
                (item_id, section_id, int(correct), mode, at, int(hinted)),
            )
            if schedule is not None:
                self._db.execute("INSERT OR REPLACE INTO schedule VALUES (?, ?, ?)", (item_id, *schedule))

    def record_quiz(self, mode: str, score: int, total: int, at: float | None = None) -> None:
        with _transaction(self._db):
            self._db.execute(
                "INSERT INTO quizzes (mode, score, total, at) VALUES (?, ?, ?, ?)",
                (mode, score, total, time.time() if at is None else at),
            )

    def latest_answers(self) -> dict[str, LatestAnswer]:
        """Each item's most recent answer."""
        return _latest_answers(self._db)

    def mistakes(self) -> list[str]:
        """Items whose most recent answer was wrong, the most recent first."""
        latest = sorted(self.latest_answers().values(), key=lambda a: a.at, reverse=True)
        return [a.item_id for a in latest if not a.correct]

    def card(self, item_id: str) -> str | None:
        row = self._db.execute("SELECT card FROM schedule WHERE item_id = ?", (item_id,)).fetchone()
        return row[0] if row else None

    def due(self, now: float | None = None) -> list[str]:
        """Items due for review by `now`, the longest overdue first."""
        now = time.time() if now is None else now
        return [
            row[0]
            for row in self._db.execute("SELECT item_id FROM schedule WHERE due <= ? ORDER BY due, item_id", (now,))
        ]

    def next_due(self, now: float | None = None) -> float | None:
        """When the next item not yet due will be."""
        now = time.time() if now is None else now
        row = self._db.execute("SELECT MIN(due) FROM schedule WHERE due > ?", (now,)).fetchone()
        due: float | None = row[0]
        return due

    def quizzes(self) -> list[QuizRecord]:
        """Every quiz finished, oldest first."""
        return _quizzes(self._db)


@dataclass(frozen=True)
class LatestAnswer:
    """The most recent answer to one quiz item."""

    item_id: str
    section_id: str
    correct: bool
    at: float


@dataclass(frozen=True)
class QuizRecord:
    """One finished quiz."""

    mode: str
    score: int
    total: int
    at: float

    @property
    def ratio(self) -> float:
        return self.score / self.total if self.total else 0.0


@dataclass(frozen=True)
class UserSummary:
    """What `explainer scores` shows for one user; `problem` says why a store could not be read."""

    user: str
    path: Path
    quizzes: tuple[QuizRecord, ...] = ()
    mastered: int = 0
    answered: int = 0
    due: int = 0
    problem: str = ""

    @property
    def best(self) -> QuizRecord | None:
        return max(self.quizzes, key=lambda q: (q.ratio, q.total, q.at), default=None)

    @property
    def last(self) -> QuizRecord | None:
        return self.quizzes[-1] if self.quizzes else None


def _latest_answers(db: sqlite3.Connection) -> dict[str, LatestAnswer]:
    # SQLite takes the bare columns from the row holding MAX(id)
    rows = db.execute("SELECT question_id, section_id, correct, at, MAX(id) FROM answers GROUP BY question_id")
    return {row[0]: LatestAnswer(row[0], row[1], bool(row[2]), row[3]) for row in rows}


def _quizzes(db: sqlite3.Connection) -> list[QuizRecord]:
    return [QuizRecord(*row) for row in db.execute("SELECT mode, score, total, at FROM quizzes ORDER BY at, id")]


def user_summaries(data_dir: Path, now: float | None = None) -> list[UserSummary]:
    """Every user's quiz record under a data dir, read only: a teacher's look never moves a file."""
    folder = Path(data_dir) / "progress"
    paths = sorted(p for p in folder.glob("*.sqlite3") if ".broken-" not in p.name) if folder.is_dir() else []
    return [read_summary(path, now) for path in paths]


def read_summary(path: Path, now: float | None = None) -> UserSummary:
    """One store's summary, or a summary naming what is wrong with it."""
    now = time.time() if now is None else now
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        return UserSummary(path.stem, path, problem=f"cannot be read ({error})")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            return UserSummary(path.stem, path, problem=f"is from a newer explainer (schema {version})")
        row = db.execute("SELECT value FROM state WHERE key = 'user'").fetchone()
        latest = _latest_answers(db)
        due = db.execute("SELECT COUNT(*) FROM schedule WHERE due <= ?", (now,)).fetchone()[0]
        return UserSummary(
            user=row[0] if row else path.stem,
            path=path,
            quizzes=tuple(_quizzes(db)),
            mastered=sum(a.correct for a in latest.values()),
            answered=len(latest),
            due=due,
        )
    except sqlite3.Error as error:
        return UserSummary(path.stem, path, problem=f"cannot be read ({error})")
    finally:
        db.close()


class _NewerVersion(Exception):
    """The file was written by a newer explainer; reading it could lose data."""


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One atomic write: all of it lands, or none."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")

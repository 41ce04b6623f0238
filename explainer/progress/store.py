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

SCHEMA_VERSION = 1
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
    at REAL NOT NULL
);
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
    moved_to: Path
    reason: str

    def __str__(self) -> str:
        return f"progress store {self.path} {self.reason}; kept it as {self.moved_to.name} and started a new one"


class ProgressStore:
    """The progress of one user, on disk under the data dir."""

    def __init__(self, data_dir: Path, user: str) -> None:
        self.user = user
        self.path = Path(data_dir) / "progress" / store_file_name(user)
        self.warning: StoreWarning | None = None
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            return self._connect()
        except (sqlite3.DatabaseError, OSError, _NewerVersion) as error:
            reason = str(error) if isinstance(error, _NewerVersion) else f"could not be read ({error})"
            moved = self._set_aside()
            self.warning = StoreWarning(self.path, moved, reason)
            return self._connect()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA quick_check").fetchone()
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise _NewerVersion(f"is from a newer explainer (schema {version}, this one reads {SCHEMA_VERSION})")
            with _transaction(db):
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

"""One user's progress in one SQLite file: sections read, answers, review schedule, per pack.

One file per user holds every pack; a store is opened for one pack (its id)
and sees only that pack's progress. Every write is one transaction, so a crash
never leaves half a record. A file that is corrupt, unreadable or from a
newer version is moved aside (never deleted) with a one-line warning, and a
fresh store is started. A file another connection holds for now ("database is
locked": two sessions under one name) is waited for, never taken for corrupt.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from explainer.progress import records
from explainer.progress.records import AnswerRecord, Given, LatestAnswer, QuizRecord
from explainer.progress.schema import SCHEMA_VERSION, NewerVersion, bring_up_to_date, schema_version
from explainer.record import Record

P = ParamSpec("P")
R = TypeVar("R")
KEY_PREFIX = "key+"  # key stores (`--auth keys`); a name's file name never has a "+", so the two never meet
BUSY_SECONDS = 5.0  # how long SQLite itself waits for another connection's lock, per statement
BUSY_PATIENCE = 30.0  # how long, in all, a store tries again before it gives up on a held file
_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED (the low byte of an extended code)


def is_busy(error: BaseException) -> bool:
    """Whether SQLite failed only because another connection holds the file for now: transient, not corruption."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code: int | None = getattr(error, "sqlite_errorcode", None)  # Python 3.11 on
    if code is not None:
        return code & 0xFF in _BUSY_CODES
    return str(error).startswith(("database is locked", "database table is locked", "database schema is locked"))


def _patiently(attempt: Callable[[], R]) -> R:
    """`attempt()`, made again while the file is busy (SQLite does not always wait itself: a lock taken
    while the write-ahead log is recovered or a snapshot moved), for up to BUSY_PATIENCE seconds in all."""
    deadline = time.monotonic() + BUSY_PATIENCE
    pause = 0.01
    while True:
        try:
            return attempt()
        except sqlite3.OperationalError as error:
            if not is_busy(error) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)  # a back-off between attempts, not a wait for a test
        pause = min(0.2, pause * 2)


def store_file_name(user: str, keyed: bool = False) -> str:
    """A safe, stable file name for a user name, or (`keyed`) a key fingerprint, in separate namespaces.

    Never begins with "-" or "." (no file a shell command could take for an option, none hidden)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", user)[:40].strip("._-") or "user"
    if safe != user:
        import hashlib  # only here: loading OpenSSL is a hundredth of a launch, and most names are safe

        safe += "-" + hashlib.sha256(user.encode()).hexdigest()[:8]
    return f"{KEY_PREFIX if keyed else ''}{safe}.sqlite3"


def _checked_before_writing(
    method: Callable[Concatenate[ProgressStore, P], R],
) -> Callable[Concatenate[ProgressStore, P], R]:
    """SQLite in WAL mode goes on writing to a file that was deleted, replaced or overwritten under it, and
    what it writes is lost when the store is next opened: so before each write, the file must still be the
    one opened (one stat and one 100-byte read)."""

    def checked(store: ProgressStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if store._identity is not None and _identity(store.path) != store._identity:
            raise sqlite3.DatabaseError("the file was changed or removed by something else")
        return method(store, *args, **kwargs)

    functools.update_wrapper(checked, method)
    return checked


def _identity(path: Path) -> tuple[int, ...] | None:
    """What of a store file stays the same while it is in use: device, inode, and the header's magic, page
    size, schema cookie and user version (the change counter and page count move with every checkpoint)."""
    try:
        with open(path, "rb") as file:
            header = file.read(100)
            info = os.fstat(file.fileno())
    except OSError:
        return None
    if len(header) < 100:
        return (info.st_dev, info.st_ino)
    return (info.st_dev, info.st_ino, hash(header[:18]), hash(header[40:44]), hash(header[60:64]))


def _renewed_on_failure(
    method: Callable[Concatenate[ProgressStore, P], R],
) -> Callable[Concatenate[ProgressStore, P], R]:
    """A store whose file fails under a running session (corrupted, deleted, the disk gone) is set aside and
    renewed, the student is told at once (`on_problem`), and the call is made again on the new store: the
    answer being recorded is written, not lost; what the old file held stays in it, kept aside.

    A file that is only busy (another session under the same name writing) is waited for; one held past
    BUSY_PATIENCE is left where it is, untouched, and this session goes on in memory."""

    def guarded(store: ProgressStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return _patiently(lambda: method(store, *args, **kwargs))
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as error:
            if is_busy(error):
                store._renew(_HELD, set_aside=False)
            else:
                store._renew(f"failed while in use ({error})")
            return method(store, *args, **kwargs)

    functools.update_wrapper(guarded, method)
    return guarded


_HELD = "is held by another session (busy too long)"


class StoreWarning(Record):
    """Why a store was set aside, and where the old file went."""

    path: Path
    moved_to: Path | None
    reason: str

    def __str__(self) -> str:
        """Names the file, never the directory: a served student sees this and must not learn server paths."""
        if self.moved_to is None:
            return f"progress store {self.path.name} {self.reason}; progress will not be saved this time"
        return f"progress store {self.path.name} {self.reason}; kept it as {self.moved_to.name} and started a new one"


class ProgressStore:
    """The progress of one user on one pack (`pack_id`, the pack's own id), on disk under the data dir."""

    def __init__(
        self, data_dir: Path, user: str, display_name: str = "", *, pack_id: str, keyed: bool = False, kept: bool = True
    ) -> None:
        self.user = user
        self.pack_id = pack_id
        self.path = Path(data_dir) / "progress" / store_file_name(user, keyed)
        self.warning: StoreWarning | None = None
        self.on_problem: Callable[[StoreWarning], None] | None = None  # told at once when the file fails in use
        self._shown = display_name or user
        self._identity: tuple[int, ...] | None = None  # of the open file (see `_checked_before_writing`)
        if keyed:
            _adopt_legacy_key_store(self.path, Path(data_dir) / "progress" / store_file_name(user))
        self._db = self._open() if kept else self._connect(":memory:")
        if self.get("user") != self._shown:
            self.put("user", self._shown)  # `explainer scores` shows it; the file name may be a hash

    @classmethod
    def blank(cls, pack_id: str) -> ProgressStore:
        """Nobody's progress, in memory and kept nowhere: what a session built ahead of its student reads
        until it is given one (serve/standby.py)."""
        return cls(Path(), "", pack_id=pack_id, kept=False)

    def _open(self) -> sqlite3.Connection:
        try:
            _private_dir(self.path.parent)
            try:
                return _patiently(lambda: self._connect(self.path))
            except (sqlite3.DatabaseError, NewerVersion) as error:
                if is_busy(error):
                    raise  # held, not broken: the file stays where it is
                reason = str(error) if isinstance(error, NewerVersion) else f"could not be read ({error})"
                moved = self._set_aside()
                self.warning = StoreWarning(self.path, moved, reason)
                return self._connect(self.path)
        except (sqlite3.Error, OSError) as error:
            # nowhere to write (a read-only disk, no permission): keep this run's progress in memory
            problem = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.warning = StoreWarning(self.path, None, _HELD if is_busy(error) else f"cannot be used ({problem})")
            return self._connect(":memory:")

    def _connect(self, path: Path | str) -> sqlite3.Connection:
        self._identity = None
        if path != ":memory:":
            Path(path).touch(mode=0o600)  # progress is the student's own: other local users read none of it
            _private_file(Path(path))
        db = sqlite3.connect(path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA quick_check").fetchone()
            if schema_version(db) != SCHEMA_VERSION:  # else nothing to write: a start waits for no disk sync
                with _transaction(db):
                    bring_up_to_date(db)
            if path != ":memory:":
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the header on disk is the one to compare with
                self._identity = _identity(Path(path))
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

    def _renew(self, reason: str, *, set_aside: bool = True) -> None:
        """The file failed while in use: keep it aside, start a new one (in memory if none can be made), say so.

        Not `set_aside`: the file is fine but held; leave it alone and go on in memory."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        moved: Path | None = None
        renewed: sqlite3.Connection | None = None
        if set_aside:
            with contextlib.suppress(OSError):  # gone altogether: nothing to keep
                moved = self._set_aside()
            try:
                renewed = self._connect(self.path)
            except (sqlite3.Error, OSError):
                moved = None  # nowhere to start anew: this run goes on in memory
        self._db = renewed or self._connect(":memory:")
        with _transaction(self._db):
            self._db.execute("INSERT OR REPLACE INTO state VALUES ('user', ?)", (self._shown,))
        self.warning = StoreWarning(self.path, moved, reason)
        if self.on_problem is not None:
            self.on_problem(self.warning)

    # sections read and where the student left off

    @_renewed_on_failure
    @_checked_before_writing
    def mark_read(self, section_id: str, at: float | None = None) -> None:
        now = time.time() if at is None else at
        with _transaction(self._db):
            self._db.execute(
                "INSERT INTO sections_read VALUES (?, ?, ?, ?) "
                "ON CONFLICT(pack_id, section_id) DO UPDATE SET last_read = excluded.last_read",
                (self.pack_id, section_id, now, now),
            )

    @_renewed_on_failure
    def sections_read(self) -> set[str]:
        return set(records.sections_read(self._db, self.pack_id))

    @_renewed_on_failure
    def last_section(self) -> str | None:
        """The section of this pack read most recently, to resume at."""
        row = self._db.execute(
            "SELECT section_id FROM sections_read WHERE pack_id = ? ORDER BY last_read DESC LIMIT 1", (self.pack_id,)
        ).fetchone()
        return row[0] if row else None

    # small settings (theme, ...): per user, across packs; a key about one pack should name store.pack_id

    @_renewed_on_failure
    def get(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        value: str | None = row[0] if row else None
        return value

    @_renewed_on_failure
    @_checked_before_writing
    def put(self, key: str, value: str) -> None:
        with _transaction(self._db):
            self._db.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (key, value))

    # quiz answers, results and the review schedule

    @_renewed_on_failure
    @_checked_before_writing
    def record_answer(
        self,
        item_id: str,
        section_id: str,
        correct: bool,
        *,
        mode: str,
        given: Given | None = None,
        seconds: float | None = None,
        hinted: bool = False,
        schedule: tuple[str, float] | None = None,
        at: float | None = None,
    ) -> None:
        """An answer (what was given, how long it took), and the item's new review card (JSON, due time)
        if given, in one transaction. `mode` is the quiz's: full, section, mistakes, due, or live."""
        at = time.time() if at is None else at
        with _transaction(self._db):
            self._db.execute(
                "INSERT INTO answers (pack_id, question_id, section_id, correct, mode, at, hinted, given, seconds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.pack_id,
                    item_id,
                    section_id,
                    int(correct),
                    mode,
                    at,
                    int(hinted),
                    given.to_json() if given is not None else None,
                    seconds,
                ),
            )
            if schedule is not None:
                card, due = schedule
                self._db.execute(
                    "INSERT OR REPLACE INTO schedule VALUES (?, ?, ?, ?)", (self.pack_id, item_id, card, due)
                )

    @_renewed_on_failure
    @_checked_before_writing
    def record_quiz(self, mode: str, score: int, total: int, at: float | None = None) -> None:
        with _transaction(self._db):
            self._db.execute(
                "INSERT INTO quizzes (pack_id, mode, score, total, at) VALUES (?, ?, ?, ?, ?)",
                (self.pack_id, mode, score, total, time.time() if at is None else at),
            )

    @_renewed_on_failure
    def answers(self) -> list[AnswerRecord]:
        """Every answer on this pack, oldest first."""
        return records.answers(self._db, self.pack_id)

    def latest_answers(self) -> dict[str, LatestAnswer]:
        """Each item's most recent answer."""
        return records.latest_of(self.answers())

    def mistakes(self) -> list[str]:
        """Items whose most recent answer was wrong, the most recent first."""
        latest = sorted(self.latest_answers().values(), key=lambda a: a.at, reverse=True)
        return [a.item_id for a in latest if not a.correct]

    @_renewed_on_failure
    def card(self, item_id: str) -> str | None:
        row = self._db.execute(
            "SELECT card FROM schedule WHERE pack_id = ? AND item_id = ?", (self.pack_id, item_id)
        ).fetchone()
        card: str | None = row[0] if row else None
        return card

    @_renewed_on_failure
    def due(self, now: float | None = None) -> list[str]:
        """Items due for review by `now`, the longest overdue first."""
        return records.due(self._db, self.pack_id, time.time() if now is None else now)

    @_renewed_on_failure
    def next_due(self, now: float | None = None) -> float | None:
        """When the next item not yet due will be."""
        now = time.time() if now is None else now
        row = self._db.execute(
            "SELECT MIN(due) FROM schedule WHERE pack_id = ? AND due > ?", (self.pack_id, now)
        ).fetchone()
        when: float | None = row[0]
        return when

    @_renewed_on_failure
    def quizzes(self) -> list[QuizRecord]:
        """Every quiz finished on this pack, oldest first."""
        return records.quizzes(self._db, self.pack_id)


def _private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)  # made by an older explainer, 0755


def _private_file(path: Path) -> None:
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if file.stat().st_mode & 0o077:
                file.chmod(0o600)
        except FileNotFoundError:
            pass


def _adopt_legacy_key_store(path: Path, legacy: Path) -> None:
    """Before namespaces a key's store was named like a user name: move it into the key namespace once."""
    if legacy.exists() and not path.exists():
        for extra in ("", "-wal", "-shm"):
            old = legacy.with_name(legacy.name + extra)
            if old.exists():
                old.rename(path.with_name(path.name + extra))


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One atomic write: all of it lands, or none."""
    db.execute("BEGIN IMMEDIATE")  # the write lock now, so a busy file is waited for here, not at COMMIT
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise

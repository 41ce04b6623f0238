"""A store file another connection holds ("database is locked") is waited for, never set aside as corrupt.

Two sessions under one name share one file: each write of one can find the other's
lock. Every test here uses real connections to one real SQLite file, with SQLite's own
wait made short so that the store's retrying, not SQLite's patience, is what is tested.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from explainer.progress import store as store_module
from explainer.progress.store import ProgressStore, is_busy


@pytest.fixture
def impatient_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite gives up on a lock after 20 ms, so every collision reaches the store's own handling."""
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.02)


def kept_aside(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "progress").iterdir() if ".broken-" in p.name)


def holding(path: Path) -> sqlite3.Connection:
    """Another connection, in the middle of a write: it holds the file's write lock until it commits."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT OR REPLACE INTO state VALUES ('other', 'was here')")
    return other


def test_a_store_locked_at_open_waits_for_the_lock_and_keeps_its_file(tmp_path: Path, impatient_sqlite) -> None:
    first = ProgressStore(tmp_path, "ann", pack_id="p")
    first.mark_read("s1")
    first.close()
    other = holding(first.path)
    opened: list[ProgressStore] = []
    # Opened under a new display name, the store writes it at once (an up-to-date store otherwise writes nothing
    # as it opens, so has no lock to wait for).
    opener = threading.Thread(target=lambda: opened.append(ProgressStore(tmp_path, "ann", "Ann", pack_id="p")))
    opener.start()
    opener.join(timeout=1.0)  # the lock outlives SQLite's own wait fifty times over
    assert opener.is_alive(), "the store gave up on a locked file instead of waiting"
    other.execute("COMMIT")
    opener.join(timeout=30)
    (store,) = opened
    assert store.warning is None
    assert store.sections_read() == {"s1"} and store.get("other") == "was here"  # the same file, both writes
    assert kept_aside(tmp_path) == []
    store.close()
    other.close()


def test_a_write_that_meets_a_lock_waits_and_lands(tmp_path: Path, impatient_sqlite) -> None:
    store = ProgressStore(tmp_path, "ann", pack_id="p")
    problems: list[object] = []
    store.on_problem = problems.append
    other = holding(store.path)
    writer = threading.Thread(target=lambda: store.record_answer("q1", "s1", True, mode="full"))
    writer.start()
    writer.join(timeout=1.0)
    assert writer.is_alive(), "the write gave up on a locked file instead of waiting"
    other.execute("COMMIT")
    writer.join(timeout=30)
    assert [a.item_id for a in store.answers()] == ["q1"]
    assert problems == [] and store.warning is None and kept_aside(tmp_path) == []
    store.close()
    other.close()


def test_two_sessions_under_one_name_write_at_once_and_lose_nothing(tmp_path: Path, impatient_sqlite) -> None:
    stores = [ProgressStore(tmp_path, "ann", pack_id="p") for _ in range(2)]
    problems: list[object] = []
    for store in stores:
        store.on_problem = problems.append

    def answer(store: ProgressStore, who: int) -> None:
        for n in range(60):
            store.record_answer(f"q{who}-{n}", "s1", n % 2 == 0, mode="full")
            store.mark_read(f"s{n % 5}")

    writers = [threading.Thread(target=answer, args=(store, i)) for i, store in enumerate(stores)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)
    assert not any(writer.is_alive() for writer in writers)
    assert problems == [] and [s.warning for s in stores] == [None, None] and kept_aside(tmp_path) == []
    assert len(stores[0].answers()) == len(stores[1].answers()) == 120  # one file, every answer of both
    for store in stores:
        store.close()


def test_a_file_held_past_all_patience_is_left_untouched(
    tmp_path: Path, impatient_sqlite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUSY_PATIENCE", 0.3)
    first = ProgressStore(tmp_path, "ann", pack_id="p")
    first.mark_read("s1")
    first.close()
    other = holding(first.path)
    store = ProgressStore(tmp_path, "ann", "Ann", pack_id="p")  # must write its name; gives up after 0.3 s: in memory
    assert store.warning is not None
    assert str(store.warning) == (
        "progress store ann.sqlite3 is held by another session (busy too long); progress will not be saved this time"
    )
    store.mark_read("s2")  # still usable
    assert store.sections_read() == {"s2"}
    store.close()
    other.execute("COMMIT")
    other.close()
    assert kept_aside(tmp_path) == []
    again = ProgressStore(tmp_path, "ann", pack_id="p")
    assert again.warning is None and again.sections_read() == {"s1"}  # the file as it was, not replaced
    again.close()


def test_busy_is_told_apart_from_corruption(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    one = sqlite3.connect(path, isolation_level=None, timeout=0)
    one.execute("CREATE TABLE t (x)")
    one.execute("BEGIN EXCLUSIVE")
    two = sqlite3.connect(path, isolation_level=None, timeout=0)
    with pytest.raises(sqlite3.OperationalError) as locked:
        two.execute("BEGIN EXCLUSIVE")
    assert is_busy(locked.value)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    with pytest.raises(sqlite3.DatabaseError) as broken:
        sqlite3.connect(junk).execute("PRAGMA quick_check").fetchone()
    assert not is_busy(broken.value)
    one.close()
    two.close()

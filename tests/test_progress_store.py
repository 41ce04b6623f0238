"""The SQLite progress store: real files in tmp_path, broken on purpose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from explainer.progress.records import Given, pack_ids, read_class, read_student
from explainer.progress.schema import LEGACY_PACK_ID, SCHEMA_VERSION
from explainer.progress.store import ProgressStore, store_file_name

PACK = "a-pack"


def broken_files(data: Path) -> list[Path]:
    return sorted(p for p in (data / "progress").iterdir() if ".broken-" in p.name)


def test_a_new_store_keeps_what_it_is_told(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, "ann", pack_id=PACK)
    store.mark_read("overview")
    store.record_answer("q1", "overview", False, mode="full", at=100.0)
    store.record_answer("q1", "overview", True, mode="mistakes", hinted=True, schedule=('{"card": 1}', 500.0), at=200.0)
    store.record_answer("q2", "why-meet", False, mode="full", schedule=("{}", 300.0), at=150.0)
    store.record_quiz("full", 1, 2, at=210.0)
    store.close()

    again = ProgressStore(tmp_path, "ann", pack_id=PACK)
    assert again.warning is None
    assert again.sections_read() == {"overview"}
    latest = again.latest_answers()
    assert latest["q1"].correct and latest["q1"].at == 200.0 and not latest["q2"].correct
    assert again.mistakes() == ["q2"]
    assert again.card("q1") == '{"card": 1}' and again.card("nope") is None
    assert again.due(now=400.0) == ["q2"] and again.due(now=600.0) == ["q2", "q1"]
    assert again.next_due(now=400.0) == 500.0 and again.next_due(now=600.0) is None
    assert [(q.mode, q.score, q.total) for q in again.quizzes()] == [("full", 1, 2)]
    assert again.get("user") == "ann"


def test_users_have_separate_files(tmp_path: Path) -> None:
    ann, bob = ProgressStore(tmp_path, "ann", pack_id=PACK), ProgressStore(tmp_path, "SHA256:ab/cd+ef", pack_id=PACK)
    ann.record_answer("q1", "s", True, mode="full")
    assert ann.path != bob.path and bob.path.name == store_file_name("SHA256:ab/cd+ef")
    assert "/" not in bob.path.name and bob.latest_answers() == {}


def test_a_corrupt_store_is_set_aside_with_one_line_and_a_new_one_starts(tmp_path: Path) -> None:
    path = tmp_path / "progress" / store_file_name("ann")
    path.parent.mkdir(parents=True)
    garbage = b"this is not a database at all\x00" * 100
    path.write_bytes(garbage)
    store = ProgressStore(tmp_path, "ann", pack_id=PACK)
    assert store.warning is not None
    message = str(store.warning)
    assert "\n" not in message and "could not be read" in message and store.warning.moved_to.name in message
    (moved,) = broken_files(tmp_path)
    assert moved.read_bytes() == garbage  # kept, never silently dropped
    store.record_answer("q1", "s", True, mode="full")
    assert list(store.latest_answers()) == ["q1"]


def test_a_store_from_a_newer_version_is_set_aside_not_read(tmp_path: Path) -> None:
    first = ProgressStore(tmp_path, "ann", pack_id=PACK)
    first.record_quiz("full", 3, 3)
    first.close()
    with sqlite3.connect(first.path) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    store = ProgressStore(tmp_path, "ann", pack_id=PACK)
    assert store.warning is not None and "newer explainer" in str(store.warning)
    assert store.quizzes() == []
    (moved,) = broken_files(tmp_path)
    with sqlite3.connect(moved) as old:
        assert old.execute("SELECT COUNT(*) FROM quizzes").fetchone()[0] == 1
    old.close()


def test_an_unreadable_store_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress" / store_file_name("ann")
    path.mkdir(parents=True)  # a directory where the file should be: cannot be opened
    store = ProgressStore(tmp_path, "ann", pack_id=PACK)
    assert store.warning is not None and broken_files(tmp_path)
    store.mark_read("overview")
    assert store.sections_read() == {"overview"}


def test_nowhere_to_write_still_runs_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data dir should be")
    store = ProgressStore(blocker, "ann", pack_id=PACK)
    assert store.warning is not None and "will not be saved" in str(store.warning)
    store.record_answer("q1", "s", True, mode="full")
    assert list(store.latest_answers()) == ["q1"]


def test_a_version_1_store_is_migrated_keeping_its_answers(tmp_path: Path) -> None:
    path = tmp_path / "progress" / store_file_name("ann")
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE sections_read (section_id TEXT PRIMARY KEY, first_read REAL NOT NULL, last_read REAL NOT NULL);
            CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, question_id TEXT NOT NULL,
                section_id TEXT NOT NULL, correct INTEGER NOT NULL, mode TEXT NOT NULL, at REAL NOT NULL);
            CREATE TABLE quizzes (id INTEGER PRIMARY KEY AUTOINCREMENT, mode TEXT NOT NULL, score INTEGER NOT NULL,
                total INTEGER NOT NULL, at REAL NOT NULL);
            CREATE TABLE schedule (item_id TEXT PRIMARY KEY, card TEXT NOT NULL, due REAL NOT NULL);
            INSERT INTO answers (question_id, section_id, correct, mode, at) VALUES ('q1', 'overview', 0, 'full', 1.0);
            INSERT INTO sections_read VALUES ('overview', 1.0, 1.0);
            PRAGMA user_version=1;
            """
        )
    db.close()
    store = ProgressStore(tmp_path, "ann", pack_id=LEGACY_PACK_ID)
    assert store.warning is None
    assert store.mistakes() == ["q1"] and store.sections_read() == {"overview"}
    store.record_answer("q1", "overview", True, mode="mistakes", hinted=True)
    assert store.mistakes() == []
    version = store._db.execute("PRAGMA user_version").fetchone()[0]
    hinted = [row[0] for row in store._db.execute("SELECT hinted FROM answers ORDER BY id")]
    assert version == SCHEMA_VERSION and hinted == [0, 1]


def test_an_answer_and_its_schedule_land_together_or_not_at_all(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, "ann", pack_id=PACK)
    with pytest.raises(sqlite3.Error):
        store.record_answer("q1", "s", True, mode="full", schedule=(None, 5.0))  # type: ignore[arg-type]  # a card that is not text, on purpose: the insert fails
    assert store.latest_answers() == {} and store.card("q1") is None


def test_the_teachers_look_is_read_only_and_names_broken_files(tmp_path: Path) -> None:
    ann = ProgressStore(tmp_path, "ann", pack_id=PACK)
    ann.record_quiz("full", 2, 4, at=10.0)
    ann.record_answer("q1", "s", True, mode="full", schedule=("{}", 50.0), at=11.0)
    ann.record_answer("q2", "s", False, mode="full", schedule=("{}", 500.0), at=12.0)
    ann.mark_read("s", at=5.0)
    ann.close()
    before = ann.path.read_bytes()
    broken = tmp_path / "progress" / "zed.sqlite3"
    broken.write_bytes(b"junk" * 100)

    records = {r.user: r for r in read_class(tmp_path, PACK, now=100.0)}
    assert set(records) == {"ann", "zed"}
    record = records["ann"]
    assert [(q.score, q.total) for q in record.quizzes] == [(2, 4)]
    assert [a.item_id for a in record.answers] == ["q1", "q2"] and record.due == ("q1",)
    assert record.sections_read == {"s": 5.0} and record.last_seen == 12.0
    assert record.since(11.5).answers == record.answers[1:] and record.since(11.5).quizzes == ()
    assert "cannot be read" in records["zed"].problem and broken.read_bytes() == b"junk" * 100
    assert ann.path.read_bytes() == before and not broken_files(tmp_path)
    assert read_class(tmp_path, "another-pack", now=100.0)[0].answers == ()
    assert pack_ids(tmp_path) == {PACK: 1}

    newer = ProgressStore(tmp_path, "newer", pack_id=PACK)
    newer.close()
    with sqlite3.connect(newer.path) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    assert "newer" in read_student(newer.path, PACK).problem
    assert newer.path.exists()


def test_each_pack_keeps_its_own_progress_in_one_file(tmp_path: Path) -> None:
    first = ProgressStore(tmp_path, "ann", pack_id="first")
    first.mark_read("overview")
    first.record_answer("q1", "overview", False, mode="full", schedule=("{}", 5.0))
    first.record_quiz("full", 0, 1)
    first.close()
    second = ProgressStore(tmp_path, "ann", pack_id="second")
    assert second.path == first.path
    assert second.sections_read() == set() and second.last_section() is None
    assert second.latest_answers() == {} and second.due(now=10.0) == [] and second.quizzes() == []
    second.record_answer("q1", "overview", True, mode="full")
    assert ProgressStore(tmp_path, "ann", pack_id="first").mistakes() == ["q1"]
    assert pack_ids(tmp_path) == {"first": 1, "second": 1}


def test_an_answer_keeps_what_was_given_and_how_long_it_took(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, "ann", pack_id=PACK)
    given = [
        Given(option="At the APEC summit"),
        Given(text="pyong yang"),
        Given(order=("first", "second")),
        Given(pairs=(("G7", "a group"), ("APEC", "a forum"))),
    ]
    for n, what in enumerate(given):
        store.record_answer(f"q{n}", "s", False, mode="live", given=what, seconds=2.5 + n)
    store.record_answer("q9", "s", True, mode="full")
    store.close()
    answers = ProgressStore(tmp_path, "ann", pack_id=PACK).answers()
    assert [a.given for a in answers] == [*given, None]
    assert [a.seconds for a in answers] == [2.5, 3.5, 4.5, 5.5, None]
    assert {a.mode for a in answers[:4]} == {"live"}
    assert [str(g) for g in given] == [
        "At the APEC summit",
        "pyong yang",
        "first → second",
        "G7 → a group; APEC → a forum",
    ]


def test_opening_a_store_that_is_up_to_date_writes_nothing(tmp_path: Path) -> None:
    """A start opens the store before its first screen: no write there, so no wait for the disk to sync it."""
    store = ProgressStore(tmp_path, "ada", pack_id="p")
    store.mark_read("overview")
    store.close()
    wal = store.path.with_name(store.path.name + "-wal")
    kept = store.path.read_bytes()
    again = ProgressStore(tmp_path, "ada", pack_id="p")
    assert again.sections_read() == {"overview"}
    assert store.path.read_bytes() == kept
    assert not wal.exists() or wal.stat().st_size == 0  # not even a frame waiting in the write-ahead log
    again.close()
    assert store.path.read_bytes() == kept

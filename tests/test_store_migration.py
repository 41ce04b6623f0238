"""Stores written by the explainer of afd808e (schema 2, committed in tests/fixtures/stores) opened by today's code."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT

from explainer.pack.load import load_pack
from explainer.progress.records import read_class
from explainer.progress.schema import LEGACY_PACK_ID, SCHEMA_VERSION
from explainer.progress.store import ProgressStore

FIXTURE = Path(__file__).parent / "fixtures" / "stores" / "v2-afd808e"


@pytest.fixture
def old_data(tmp_path: Path) -> Path:
    """A data dir holding copies of the schema-2 stores."""
    data = tmp_path / "old-data"
    (data / "progress").mkdir(parents=True)
    for store in FIXTURE.glob("*.sqlite3"):
        shutil.copy(store, data / "progress" / store.name)
    return data


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        found = db.execute(sql).fetchall()
    db.close()
    return found


def layout(path: Path) -> dict[str, object]:
    """Every table's columns (name, type, not null, default, key) and every index's columns."""
    with sqlite3.connect(path) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        found: dict[str, object] = {
            table: [row[1:] for row in db.execute(f"PRAGMA table_info({table})")] for table in tables
        }
        for index, table in db.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name"):
            if not index.startswith("sqlite_autoindex"):
                found[f"index {index}"] = (table, [row[2] for row in db.execute(f"PRAGMA index_info({index})")])
    db.close()
    return found


OLD_ANSWERS = "SELECT id, question_id, section_id, correct, mode, at, hinted FROM answers ORDER BY id"


def test_the_fixture_is_what_afd808e_wrote(old_data: Path) -> None:
    ann = old_data / "progress" / "ann.sqlite3"
    assert rows(ann, "PRAGMA user_version") == [(2,)]
    assert len(rows(ann, OLD_ANSWERS)) == 25 and len(rows(ann, "SELECT * FROM quizzes")) == 3


def test_an_old_store_opened_by_new_code_keeps_every_answer(old_data: Path) -> None:
    path = old_data / "progress" / "ann.sqlite3"
    answers = rows(path, OLD_ANSWERS)
    quizzes = rows(path, "SELECT mode, score, total, at FROM quizzes ORDER BY id")
    schedule = rows(path, "SELECT item_id, card, due FROM schedule ORDER BY item_id")
    read = rows(path, "SELECT section_id, first_read, last_read FROM sections_read ORDER BY section_id")
    state = dict(rows(path, "SELECT key, value FROM state"))

    store = ProgressStore(old_data, "ann", pack_id=LEGACY_PACK_ID)
    assert store.warning is None
    assert [(a.item_id, a.section_id, a.correct, a.mode, a.at, a.hinted) for a in store.answers()] == [
        (q, s, bool(c), m, at, bool(h)) for _, q, s, c, m, at, h in answers
    ]
    assert all(a.given is None and a.seconds is None for a in store.answers())  # not known before schema 3
    assert [(q.mode, q.score, q.total, q.at) for q in store.quizzes()] == quizzes
    assert [(item, store.card(item)) for item, _, _ in schedule] == [(item, card) for item, card, _ in schedule]
    assert store.sections_read() == {section for section, _, _ in read}
    assert store.last_section() == state["last_section"]
    assert store.get("theme") == "textual-light" and store.get("user") == "ann"
    store.record_answer("new-one", "overview", True, mode="full")
    store.close()

    assert rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(path, "SELECT DISTINCT pack_id FROM answers WHERE question_id != 'new-one'") == [(LEGACY_PACK_ID,)]
    assert rows(path, "SELECT id, question_id, section_id, correct, mode, at, hinted FROM answers ORDER BY id")[
        :-1
    ] == (answers)
    (newest,) = rows(path, "SELECT id FROM answers WHERE question_id = 'new-one'")
    assert newest[0] > max(a[0] for a in answers)  # ids go on from the old ones
    assert rows(path, "SELECT section_id, first_read, last_read FROM sections_read ORDER BY section_id") == read
    assert dict(rows(path, "SELECT key, value FROM state")) == state


def test_a_migrated_store_has_the_layout_of_a_new_one(old_data: Path, tmp_path: Path) -> None:
    ProgressStore(old_data, "bob", pack_id=LEGACY_PACK_ID).close()
    fresh = ProgressStore(tmp_path / "fresh", "bob", pack_id=LEGACY_PACK_ID)
    fresh.close()
    assert layout(old_data / "progress" / "bob.sqlite3") == layout(fresh.path)


def test_old_progress_belongs_to_the_built_in_pack_and_no_other(old_data: Path) -> None:
    assert load_pack(CONTENT).id == LEGACY_PACK_ID
    other = ProgressStore(old_data, "ann", pack_id="another-pack")
    assert other.answers() == [] and other.sections_read() == set() and other.quizzes() == []
    other.close()
    assert len(ProgressStore(old_data, "ann", pack_id=LEGACY_PACK_ID).answers()) == 25


def test_the_report_reads_an_old_store_without_changing_it(old_data: Path) -> None:
    before = {p.name: p.read_bytes() for p in (old_data / "progress").glob("*.sqlite3")}
    records = {r.user: r for r in read_class(old_data, LEGACY_PACK_ID)}
    assert {p.name: p.read_bytes() for p in (old_data / "progress").glob("*.sqlite3")} == before
    assert rows(old_data / "progress" / "ann.sqlite3", "PRAGMA user_version") == [(2,)]
    assert set(records) == {"ann", "bob"} and not any(r.problem for r in records.values())
    assert len(records["ann"].answers) == 25 and len(records["ann"].quizzes) == 3
    assert len(records["bob"].answers) == 6 and set(records["bob"].sections_read) == {"overview"}
    migrated = ProgressStore(old_data, "ann", pack_id=LEGACY_PACK_ID)
    assert tuple(migrated.answers()) == records["ann"].answers

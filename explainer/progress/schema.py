"""The progress store's tables, and the steps that bring an older store up to them.

`SCHEMA` is today's layout, for a new store. `MIGRATIONS` are history: each
step is written as it was the day it shipped and never changes, so a store of
any older version reaches the same layout a new one starts with (a test
compares them).
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 3

# Every answer, quiz and schedule kept before schema 3 was made with the built-in pack, whose id this is.
LEGACY_PACK_ID = "trump-putin-north-korea"

SCHEMA = """
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sections_read (
    pack_id TEXT NOT NULL,
    section_id TEXT NOT NULL,
    first_read REAL NOT NULL,
    last_read REAL NOT NULL,
    PRIMARY KEY (pack_id, section_id)
);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pack_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    section_id TEXT NOT NULL,
    correct INTEGER NOT NULL,
    mode TEXT NOT NULL,
    at REAL NOT NULL,
    hinted INTEGER NOT NULL DEFAULT 0,
    given TEXT,
    seconds REAL
);
CREATE INDEX IF NOT EXISTS answers_by_pack ON answers (pack_id, id);
CREATE TABLE IF NOT EXISTS quizzes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    pack_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    score INTEGER NOT NULL,
    total INTEGER NOT NULL,
    at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS schedule (
    pack_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    card TEXT NOT NULL,
    due REAL NOT NULL,
    PRIMARY KEY (pack_id, item_id)
);
"""

_TO_3 = f"""
CREATE TABLE sections_read_3 (
    pack_id TEXT NOT NULL, section_id TEXT NOT NULL, first_read REAL NOT NULL, last_read REAL NOT NULL,
    PRIMARY KEY (pack_id, section_id)
);
INSERT INTO sections_read_3 SELECT '{LEGACY_PACK_ID}', section_id, first_read, last_read FROM sections_read;
DROP TABLE sections_read;
ALTER TABLE sections_read_3 RENAME TO sections_read;
CREATE TABLE answers_3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT, pack_id TEXT NOT NULL, question_id TEXT NOT NULL,
    section_id TEXT NOT NULL, correct INTEGER NOT NULL, mode TEXT NOT NULL, at REAL NOT NULL,
    hinted INTEGER NOT NULL DEFAULT 0, given TEXT, seconds REAL
);
INSERT INTO answers_3 (id, pack_id, question_id, section_id, correct, mode, at, hinted)
    SELECT id, '{LEGACY_PACK_ID}', question_id, section_id, correct, mode, at, hinted FROM answers;
DROP TABLE answers;
ALTER TABLE answers_3 RENAME TO answers;
CREATE TABLE quizzes_3 (
    id INTEGER PRIMARY KEY AUTOINCREMENT, pack_id TEXT NOT NULL, mode TEXT NOT NULL,
    score INTEGER NOT NULL, total INTEGER NOT NULL, at REAL NOT NULL
);
INSERT INTO quizzes_3 SELECT id, '{LEGACY_PACK_ID}', mode, score, total, at FROM quizzes;
DROP TABLE quizzes;
ALTER TABLE quizzes_3 RENAME TO quizzes;
CREATE TABLE schedule_3 (
    pack_id TEXT NOT NULL, item_id TEXT NOT NULL, card TEXT NOT NULL, due REAL NOT NULL,
    PRIMARY KEY (pack_id, item_id)
);
INSERT INTO schedule_3 SELECT '{LEGACY_PACK_ID}', item_id, card, due FROM schedule;
DROP TABLE schedule;
ALTER TABLE schedule_3 RENAME TO schedule;
"""

# What brings a store of version N-1 up to N.
MIGRATIONS: dict[int, str] = {
    2: "ALTER TABLE answers ADD COLUMN hinted INTEGER NOT NULL DEFAULT 0",
    # per-pack progress (today's rows go under the built-in pack) and what each answer was, and how fast
    3: _TO_3,
}


class NewerVersion(Exception):
    """The file was written by a newer explainer; reading it could lose data."""


def schema_version(db: sqlite3.Connection) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def bring_up_to_date(db: sqlite3.Connection) -> None:
    """Migrate an older store (or lay out a new one) to SCHEMA_VERSION; the caller holds the transaction."""
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise NewerVersion(f"is from a newer explainer (schema {version}, this one reads {SCHEMA_VERSION})")
    for step in range(version + 1, SCHEMA_VERSION + 1) if version else ():
        _run(db, MIGRATIONS[step])
    _run(db, SCHEMA)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _run(db: sqlite3.Connection, script: str) -> None:
    """Each statement of a script, inside the caller's transaction (executescript would commit it)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)

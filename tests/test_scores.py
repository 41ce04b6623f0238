"""`explainer scores`: a teacher's table of every user in a data dir, read without touching a file."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from plain_cli import clean_env

from explainer.progress.store import ProgressStore


def scores(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "explainer", "scores", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(COLUMNS="120"),
    )


def row(out: str, user: str) -> list[str]:
    """The cells of a user's row: plain tables separate columns by runs of spaces."""
    line = next(line for line in out.splitlines() if line.split() and line.split()[0] == user)
    return re.split(r"\s{2,}", line.strip())


def test_a_table_of_users_with_best_last_and_mastery(tmp_path: Path) -> None:
    ann = ProgressStore(tmp_path, "ann")
    ann.record_quiz("full", 6, 10, at=1_700_000_000)
    ann.record_quiz("full", 9, 10, at=1_700_100_000)
    ann.record_quiz("section", 3, 5, at=1_700_200_000)
    for item, right in (("q1", True), ("q2", True), ("q3", False), ("q4", True)):
        ann.record_answer(item, "overview", right, mode="full")
    ann.close()
    key_user = ProgressStore(tmp_path, "SHA256:Zm9vYmFy/key")
    key_user.record_quiz("due", 1, 1)
    key_user.record_answer("q1", "overview", True, mode="due")
    key_user.close()
    ProgressStore(tmp_path, "newcomer").close()

    result = scores(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    header = row(result.stdout, "User")
    assert header[:4] == ["User", "Quizzes", "Best", "Last"] and "Mastery" in header
    ann_row = row(result.stdout, "ann")
    assert ann_row[1:4] == ["3", "9/10", "3/5"]
    assert "75% (3/4)" in ann_row
    assert row(result.stdout, "SHA256:Zm9vYmFy/key")[1:4] == ["1", "1/1", "1/1"]
    assert row(result.stdout, "newcomer")[1:4] == ["0", "-", "-"]


def test_no_users_yet(tmp_path: Path) -> None:
    result = scores(tmp_path / "empty")
    assert result.returncode == 0
    assert result.stdout.strip() == f"No quiz results yet in {tmp_path / 'empty'}."


def test_a_broken_store_is_named_and_left_alone(tmp_path: Path) -> None:
    ProgressStore(tmp_path, "ann").record_quiz("full", 2, 2)
    broken = tmp_path / "progress" / "bob.sqlite3"
    broken.write_bytes(b"not sqlite" * 50)
    result = scores(tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert row(result.stdout, "ann")[1:4] == ["1", "2/2", "2/2"]
    assert any(line.startswith("bob.sqlite3: cannot be read") for line in result.stdout.splitlines())
    assert broken.read_bytes() == b"not sqlite" * 50
    assert sorted(p.name for p in (tmp_path / "progress").iterdir() if ".broken-" in p.name) == []

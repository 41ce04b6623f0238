"""`explainer scores`, the teacher's report: every view and format over a class made through the real quiz code.

Four students take quizzes on the quiz pack: three through `QuizSession` (the code both faces drive, with a
clock that moves ten seconds a step), one through `explainer quiz --plain` in a subprocess. The report is run
as a teacher runs it, `python -m explainer scores`, and must never change a file.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from plain_cli import clean_env
from quiz_pack import make_quiz_pack, plain_answer, right_response

from explainer.pack.load import load_pack
from explainer.pack.model import Pack
from explainer.progress.records import read_class
from explainer.progress.store import ProgressStore
from explainer.quiz.grading import Response
from explainer.quiz.questions import QuizItem
from explainer.quiz.report import section_grid
from explainer.quiz.selection import QuizRequest, select_items
from explainer.quiz.session import QuizSession

ANTARCTIC = Path(__file__).parent / "fixtures" / "antarctic-pack"
START = datetime(2020, 3, 2, 9, 0, tzinfo=timezone.utc)
G7 = "At a G7 summit"  # the wrong answer bob and cy both give to "meet-where"


class StepClock:
    """Ten seconds later every time it is read: each answer takes ten seconds."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=10)
        return self.now


def take_quiz(
    data: Path, pack: Pack, user: str, request: QuizRequest, answer: Callable[[QuizItem], Response], clock: StepClock
) -> None:
    store = ProgressStore(data, user, pack_id=pack.id)
    session = QuizSession.start(pack, request, store, clock=clock)
    while (item := session.current) is not None:
        session.answer(answer(item))
        session.advance()
    store.close()


def bobs_answer(item: QuizItem) -> Response:
    """Bob keeps choosing the G7 and names the wrong think tank; the rest he gets right."""
    if item.key == "meet-where":
        return item.options.index(G7)
    if item.key == "think-tank":
        return "Brookings"
    return right_response(item)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(data dir, pack dir): ann, bob, cy and dee on the quiz pack, ann on a second pack, one broken store."""
    root = tmp_path_factory.mktemp("class")
    pack_dir = make_quiz_pack(root)
    pack = load_pack(pack_dir)
    data = root / "data"
    clock = StepClock(START)
    full = QuizRequest(seed=1, count=50)  # every item of the pack
    take_quiz(data, pack, "ann", full, right_response, clock)
    ann = ProgressStore(data, "ann", pack_id=pack.id)
    ann.mark_read("overview", at=clock().timestamp())
    ann.mark_read("why-meet", at=clock().timestamp())
    ann.close()
    take_quiz(data, pack, "bob", full, bobs_answer, clock)
    for seed in (2, 3, 4):  # three reviews of his mistakes, the G7 again each time
        take_quiz(data, pack, "bob", QuizRequest("mistakes", seed=seed), bobs_answer, clock)
    dee = ProgressStore(data, "dee", "Dee Example", pack_id=pack.id)
    dee.mark_read("overview", at=clock().timestamp())
    dee.close()
    # cy through the plain quiz, now: the G7, and the think tank in lower case
    answers = [
        next(("ABCD"[i] for i, o in enumerate(item.options) if o == G7))
        if item.key == "meet-where"
        else "brookings"
        if item.key == "think-tank"
        else plain_answer(item)
        for item in select_items(pack, full)
    ]
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "quiz", "--plain", "--seed", "1", "--count", "50"],
        input="\n".join(answers) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(EXPLAINER_DATA_DIR=str(data), EXPLAINER_CONTENT=str(pack_dir), USER="cy", LOGNAME="cy"),
    )
    assert result.returncode == 0, result.stderr
    # ann on another pack, the Antarctic Treaty: kept apart, and named
    take_quiz(data, load_pack(ANTARCTIC), "ann", QuizRequest(seed=5, count=3), right_response, clock)
    (data / "progress" / "zed.sqlite3").write_bytes(b"not sqlite" * 50)
    return data, pack_dir


def scores(classroom: tuple[Path, Path], *args: str) -> subprocess.CompletedProcess[str]:
    data, pack_dir = classroom
    before = {p: p.read_bytes() for p in (data / "progress").glob("*.sqlite3")}
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "scores", "--data-dir", str(data), "--content", str(pack_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(COLUMNS="160"),
    )
    assert {p: p.read_bytes() for p in (data / "progress").glob("*.sqlite3")} == before  # read only
    assert "Traceback" not in result.stderr
    return result


def cells(out: str, first: str) -> list[str]:
    """The cells of the row starting with `first`: plain tables separate columns by runs of spaces."""
    line = next(line for line in out.splitlines() if line.strip().startswith(first))
    return re.split(r"\s{2,}", line.strip())


def test_per_student_by_default(classroom: tuple[Path, Path]) -> None:
    result = scores(classroom)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    assert "(pack trump-putin-north-korea)" in out.splitlines()[0]
    assert cells(out, "Student ") == [
        "Student",
        "Read",
        "Quizzes",
        "Score",
        "Mastery",
        "Due",
        "Struggling",
        "Last seen",
    ]
    ann = cells(out, "ann")
    assert ann[1:7] == ["2/3", "1", "100% (8/8)", "100% (8/8)", "8", "-"]  # answered in 2020: all due again
    assert ann[7].startswith("2020-03-02")
    bob = cells(out, "bob ")
    assert bob[1:3] == ["0/3", "4"] and bob[6] == "2"  # the G7 and the think tank: wrong four times each
    assert bob[3] == "43% (6/14)" and bob[4] == "75% (6/8)"
    cy = cells(out, "cy")
    assert cy[1:6] == ["0/3", "1", "75% (6/8)", "75% (6/8)", "0"]
    assert cells(out, "Dee Example")[1:5] == ["1/3", "0", "-", "not tried"]
    assert any(
        line.strip().startswith("bob: Where will Trump and Putin meet") and "wrong 4 times" in line
        for line in out.splitlines()
    )
    assert "zed.sqlite3: cannot be read" in out
    assert "Also in this data dir: pack 'antarctic-treaty' (1 student)" in out


def test_by_question_worst_first_with_the_common_wrong_answer(classroom: tuple[Path, Path]) -> None:
    result = scores(classroom, "--by-question")
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    header = next(n for n, line in enumerate(lines) if line.startswith("Question"))
    # worst first: 1 right of 6 each, the earlier section first; "brookings" and "Brookings" are one answer
    assert lines[header + 2].startswith("Which think tank") and lines[header + 3].startswith("Where will Trump")
    assert cells(result.stdout, "Which think tank")[1:7] == ["1", "6", "17%", "“Brookings” (5 times)", "10 s", "1"]
    assert cells(result.stdout, "Where will Trump")[1:7] == ["2", "6", "17%", f"“{G7}” (5 times)", "10 s", "1"]
    assert cells(result.stdout, "The trip the articles describe")[1:5] == ["1", "3", "100%", "-"]
    assert "Put these events in order, earliest first. (3 events)" in result.stdout


def test_by_section_grid(classroom: tuple[Path, Path]) -> None:
    result = scores(classroom, "--by-section")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert cells(out, "Student ") == ["Student", "1", "2", "3"]
    assert cells(out, "ann")[1:] == ["100%", "100%", "100%"]
    assert cells(out, "bob ")[1:] == ["50%", "50%", "100%"]
    assert cells(out, "Dee Example")[1:] == ["read", "-", "-"]
    assert cells(out, "Class")[1:] == ["67%", "67%", "100%"]
    assert "2. Why is Trump meeting Putin, and what will they discuss?" in out


def test_one_students_answers_newest_first(classroom: tuple[Path, Path]) -> None:
    result = scores(classroom, "--student", "BOB", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    assert len(rows) == 14
    assert [r["when"] for r in rows] == sorted((r["when"] for r in rows), reverse=True)
    g7 = [r for r in rows if r["question"] == "meet-where"]
    assert len(g7) == 4 and all(r["given"] == G7 and not r["correct"] for r in g7)
    assert g7[0]["right_answer"] == "At the APEC summit in Vietnam" and g7[0]["seconds"] == 10.0
    order = next(r for r in rows if r["question"] == "call-order")
    assert order["given"] == "Putin suspends New START → Trump and Putin talk by phone → They plan to meet"
    match = next(r for r in rows if r["question"] == "names-match")
    assert match["given"].startswith("New START → a U.S.-Russian nuclear arms treaty; G7 → ")
    assert {r["mode"] for r in rows} == {"full", "mistakes"}
    table = scores(classroom, "--student", "bob").stdout
    assert "bob's answers, newest first" in table and "Brookings" in table and "wrong" in table


def test_an_unknown_student_is_one_line_with_a_suggestion(classroom: tuple[Path, Path]) -> None:
    result = scores(classroom, "--student", "bobb")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "no student 'bobb'" in result.stderr and "did you mean bob?" in result.stderr


def test_csv_opens_in_a_spreadsheet(classroom: tuple[Path, Path]) -> None:
    result = scores(classroom, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["student"] for r in rows] == ["ann", "bob", "cy", "Dee Example"]
    bob = rows[1]
    assert bob["pack"] == "trump-putin-north-korea" and bob["score_percent"] == "43"
    assert bob["struggling_items"] == "meet-where; think-tank"
    assert re.fullmatch(r"2020-03-02 \d\d:\d\d", bob["last_seen"])
    assert rows[3]["mastery_percent"] == "" and rows[3]["sections_read"] == "1"
    grid = list(csv.reader(io.StringIO(scores(classroom, "--by-section", "--format", "csv").stdout)))
    assert grid[0][:3] == ["pack", "student", "1. What is this trip about, in short?"]
    questions = list(csv.DictReader(io.StringIO(scores(classroom, "--by-question", "--format", "csv").stdout)))
    assert questions[1]["question"] == "meet-where" and questions[1]["common_wrong_answer"] == G7


def test_json_for_scripts(classroom: tuple[Path, Path]) -> None:
    document = json.loads(scores(classroom, "--format", "json").stdout)
    assert document["pack"] == {"id": "trump-putin-north-korea", "title": "Trump, Putin and North Korea's Bomb"}
    assert document["other_packs"] == {"antarctic-treaty": 1}
    assert [p.split(":")[0] for p in document["problems"]] == ["zed.sqlite3"]
    bob = next(r for r in document["rows"] if r["student"] == "bob")
    assert bob["struggling_items"] == ["meet-where", "think-tank"] and bob["due"] == 8
    assert datetime.fromisoformat(bob["last_seen"]).year == 2020
    grid = json.loads(scores(classroom, "--by-section", "--format", "json").stdout)["rows"]
    assert grid[0]["student"] == "ann" and grid[0]["overview"] == 100


def test_since_keeps_only_what_happened_from_then_on(classroom: tuple[Path, Path]) -> None:
    result = scores(classroom, "--since", "2021-01-01", "--format", "json")
    rows = {r["student"]: r for r in json.loads(result.stdout)["rows"]}
    assert rows["ann"]["answers"] == 0 and rows["ann"]["quizzes"] == 0 and rows["ann"]["last_seen"] is None
    assert rows["cy"]["answers"] == 8 and rows["cy"]["quizzes"] == 1
    questions = json.loads(scores(classroom, "--by-question", "--since", "2021-01-01", "--format", "json").stdout)
    assert {r["asked"] for r in questions["rows"]} == {1}
    table = scores(classroom, "--since", "2021-01-01").stdout
    assert ", since 2021-01-01 00:00" in table.splitlines()[0]
    bad = scores(classroom, "--since", "yesterday")
    assert bad.returncode == 2 and "'yesterday' is not a date" in bad.stderr


def test_no_students_yet(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "explainer", "scores", "--data-dir", str(tmp_path / "empty")],
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(),
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"No quiz results yet in {tmp_path / 'empty'}."


def test_the_weakest_sections_for_the_live_view(classroom: tuple[Path, Path]) -> None:
    data, pack_dir = classroom
    pack = load_pack(pack_dir)
    grid = section_grid(read_class(data, pack.id), pack)
    weakest = [(section, str(mastery)) for section, mastery in grid.weakest()]
    assert weakest == [("overview", "67% (4/6)"), ("why-meet", "67% (4/6)"), ("call-agreement", "100% (12/12)")]


def test_csv_never_hands_a_spreadsheet_a_formula(tmp_path: Path) -> None:
    pack_dir = make_quiz_pack(tmp_path)
    pack = load_pack(pack_dir)
    data = tmp_path / "data"
    formula = '=HYPERLINK("http://example.invalid","see")'

    def typed_formula(item: QuizItem) -> Response:
        return formula if item.type == "typed" else right_response(item)

    take_quiz(data, pack, "=1+1", QuizRequest(seed=1, count=50), typed_formula, StepClock(START))
    classroom = (data, pack_dir)
    (row,) = list(csv.DictReader(io.StringIO(scores(classroom, "--format", "csv").stdout)))
    assert row["student"] == "'=1+1"
    answers = list(csv.DictReader(io.StringIO(scores(classroom, "--student", "=1+1", "--format", "csv").stdout)))
    assert "'" + formula in [a["given"] for a in answers]
    assert not any(cell.startswith(("=", "+", "-", "@")) for a in answers for cell in a.values())
    document = json.loads(scores(classroom, "--student", "=1+1", "--format", "json").stdout)
    assert formula in [a["given"] for a in document["rows"]]  # JSON is for scripts: the text as typed


def test_no_escape_sequence_a_student_typed_reaches_the_teachers_terminal(tmp_path: Path) -> None:
    pack_dir = make_quiz_pack(tmp_path)
    pack = load_pack(pack_dir)
    data = tmp_path / "data"
    clear_screen, title, reorder = "\x1b[2J\x1b[H", "\x1b]0;owned\x07", "\u202e"

    def typed_escapes(item: QuizItem) -> Response:
        return f"CFR{clear_screen}{reorder}" if item.type == "typed" else right_response(item)

    take_quiz(data, pack, f"eve{title}", QuizRequest(seed=1, count=50), typed_escapes, StepClock(START))
    classroom = (data, pack_dir)
    for args in ((), ("--by-question",), ("--student", f"eve{title}"), ("--format", "csv")):
        out = scores(classroom, *args).stdout
        assert "eve" in out and "\x1b" not in out and "\x07" not in out and reorder not in out, args
    assert "CFR\ufffd" in scores(classroom, "--student", f"eve{title}").stdout
    document = json.loads(scores(classroom, "--student", f"eve{title}", "--format", "json").stdout)
    assert f"CFR{clear_screen}{reorder}" in [a["given"] for a in document["rows"]]  # kept as typed, escaped in JSON


def test_each_pack_has_its_own_report(classroom: tuple[Path, Path]) -> None:
    data, _ = classroom
    result = scores((data, ANTARCTIC))
    assert result.returncode == 0, result.stderr
    assert "(pack antarctic-treaty)" in result.stdout.splitlines()[0]
    assert cells(result.stdout, "ann")[2:4] == ["1", "100% (3/3)"]
    assert cells(result.stdout, "bob ")[1:5] == ["0/4", "0", "-", "not tried"]  # who has not started this one
    assert "Also in this data dir: pack 'trump-putin-north-korea' (4 students)" in result.stdout

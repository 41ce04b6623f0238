"""A live quiz over real SSH: one teacher and three students, each in a real `ssh` client in a tmux pane.

All three see the question over what they were reading, answer differently,
the teacher sees the split, everyone sees the reveal, the answers are in each
student's store marked live, and each student is back where they were.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from class_harness import KEYGEN, TMUX, Screen, keys_file, make_key
from conftest import CONTENT
from serve_harness import SSH, ServedExplainer

from explainer.pack.load import load_pack
from explainer.progress.store import store_file_name

SECTIONS = len(load_pack(CONTENT).sections)
pytestmark = pytest.mark.skipif(
    SSH is None or TMUX is None or KEYGEN is None, reason="needs the OpenSSH client, ssh-keygen and tmux"
)

FIRST = load_pack(CONTENT).questions[0]  # the pack's first question, first in the teacher's list
QUESTION, QUESTION_START = FIRST.prompt[-28:], FIRST.prompt[:20]


@pytest.fixture
def classroom(tmp_path: Path):
    key = make_key(tmp_path, "ms-teacher")
    server = ServedExplainer(tmp_path, "--teachers", str(keys_file(tmp_path, "teachers", key)))
    opened: list[Screen] = []

    def screen(user: str, key: Path | None = None, size=(100, 30)) -> Screen:
        opened.append(Screen(server, tmp_path, user, key, size=size))
        return opened[-1]

    yield server, key, screen
    for one in opened:
        one.close()
    server.stop()


def test_a_live_quiz_with_one_teacher_and_three_students(classroom) -> None:
    server, key, screen = classroom
    teacher = screen("teach", key, size=(120, 40))
    students = {name: screen(name) for name in ("ada", "bob", "cy")}
    for student in students.values():
        student.wait_for("Walkthrough")
    students["ada"].press("Enter")  # ada is reading section 1 when the quiz starts
    students["ada"].wait_for(f"1/{SECTIONS}")
    teacher.wait_for("3 students connected")

    teacher.press("l")
    teacher.wait_for("Start a live quiz")
    teacher.press("End")  # the last entry: one question, picked from a list
    teacher.press("Enter")
    teacher.wait_for("Pick the question to ask")
    teacher.press("Enter")  # the first question in the list
    host = teacher.wait_for("0 of 3 students answered")
    assert QUESTION in host

    shown = {name: student.wait_for(QUESTION) for name, student in students.items()}
    assert all("Live quiz · question 1 of 1" in text for text in shown.values())
    options = {name: re.findall(r"\b[A-H]\) .*?(?=  |│|$)", text, re.MULTILINE) for name, text in shown.items()}
    assert options["ada"] == options["bob"] == options["cy"] and len(options["ada"]) >= 2  # in the same order
    first, second = "A", "B"  # the first two options, the same on every screen
    for name, answer in (("ada", first), ("bob", second), ("cy", first)):
        students[name].press(answer.lower())
    for name, answer in (("ada", first), ("bob", second), ("cy", first)):
        students[name].wait_for(f"Answer recorded: {answer})")
    students["cy"].press(second.lower())  # changed her mind before the reveal
    students["cy"].wait_for(f"Answer recorded: {second})")
    teacher.wait_for("3 of 3 students answered")

    teacher.press("r")
    reveal = teacher.wait_for("How the class answered")
    assert re.search(rf"\b1\s+33%\s+{first}\) ", reveal), reveal
    assert re.search(rf"\b2\s+67%\s+{second}\) ", reveal), reveal
    right = re.search(r"The answer: ([A-H])\)", reveal).group(1)
    for name, answer in (("ada", first), ("bob", second), ("cy", second)):
        seen = students[name].wait_for("How the class answered")
        assert ("✓ Right!" in seen) == (answer == right), seen
        assert re.search(rf"\b2\s+67%\s+{second}\) ", seen)  # the same anonymous split

    teacher.press("n")
    assert f"1. {QUESTION_START}" in teacher.wait_for("The class's results")
    for name, answer in (("ada", first), ("bob", second), ("cy", second)):
        assert f"Your score: {int(answer == right)}/1" in students[name].wait_for("The live quiz is over")
        students[name].press("Enter")
    students["ada"].wait_for(f"1/{SECTIONS}")  # back in section 1
    students["bob"].wait_for("Walkthrough")  # back home

    for name, answer in (("ada", first), ("bob", second), ("cy", second)):
        path = server.data_dir / "progress" / store_file_name(name)
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT question_id, correct, mode, given FROM answers").fetchall()
        ((question, correct, mode, given),) = rows
        assert (question, correct, mode) == (FIRST.id, int(answer == right), "live")
        chosen = re.search(rf"{answer}\) (.+?)\s*(?:│|$)", shown[name], re.MULTILINE).group(1)
        assert chosen.split()[0] in given  # what was chosen, in words
    scores = subprocess.run(
        [sys.executable, "-m", "explainer", "scores", "--student", "bob", "--data-dir", str(server.data_dir)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "live" in scores.stdout and QUESTION_START in scores.stdout


def test_a_live_quiz_in_two_teams_over_ssh(classroom) -> None:
    """One teacher and four students: two teams of two, each student told theirs, the teams' scores right."""
    _, key, screen = classroom
    teacher = screen("teach", key, size=(120, 40))
    students = {name: screen(name) for name in ("ada", "bob", "cy", "di")}
    for student in students.values():
        student.wait_for("Walkthrough")
    teacher.wait_for("4 students connected")

    teacher.press("l")
    teacher.wait_for("Start a live quiz")
    teacher.press("t")
    teacher.wait_for("2 teams (t to change)")
    teams = {}
    for name, student in students.items():
        shown = student.wait_for(lambda text: re.search(r"team (\w+) · about to start", text) is not None)
        teams[name] = re.search(r"team (\w+) · about to start", shown).group(1)
        assert f"You are in team {teams[name]}." in shown
    assert sorted(teams.values()) == ["Foxes", "Foxes", "Owls", "Owls"]
    teacher.press("End")  # one question, picked from a list: the first
    teacher.press("Enter")
    teacher.wait_for("Pick the question to ask")
    teacher.press("Enter")
    teacher.wait_for("0 of 4 students answered")

    answers = {"ada": "A", "bob": "B", "cy": "A", "di": "B"}
    for name, student in students.items():
        assert f"Live quiz · team {teams[name]} · question 1 of 1" in student.wait_for(QUESTION)
        student.press(answers[name].lower())
    for name, student in students.items():
        student.wait_for(f"Answer recorded: {answers[name]})")
    teacher.wait_for("4 of 4 students answered")
    teacher.press("r")
    reveal = teacher.wait_for("The teams so far")
    right = re.search(r"The answer: ([A-H])\)", reveal).group(1)
    scores = {team: sum(answers[n] == right for n in teams if teams[n] == team) for team in ("Foxes", "Owls")}
    for team, score in scores.items():
        assert re.search(rf"{team}\s+\S*\s*{score} of 2 right \({50 * score}%\)\s+this question", reveal), reveal

    teacher.press("n")
    end = teacher.wait_for("The class's results")
    places = sorted(scores.values(), reverse=True)
    for team, score in scores.items():
        place = ("joint " if places.count(score) > 1 else "") + ("1st" if score == places[0] else "2nd")
        assert re.search(rf"{place}\s+{team}\s+\S*\s*{score} of 2 right", end), end
        for name in (n for n in teams if teams[n] == team):
            said = students[name].wait_for("The live quiz is over")
            assert f"Your team, {team}, came {place} of 2: {score} of 2 right ({50 * score}%)." in said

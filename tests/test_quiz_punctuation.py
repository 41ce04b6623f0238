"""Feedback that quotes an option reads well whatever the option ends with: a full stop, a question mark, an
exclamation, a quotation (never "economies.; it is" or "stop?."), in the app and in `quiz --plain`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import STARTER
from plain_cli import run_explainer
from textual.widgets import Button, Static
from waits import settled, until

from explainer.classroom.live import StudentLiveQuiz
from explainer.pack.load import load_pack
from explainer.quiz.selection import QuizRequest
from explainer.tui.screens.live_quiz import LiveQuizScreen
from explainer.tui.screens.quiz import QuizScreen

# Options ending in every way an author might end one, all in one section, so one check-yourself asks them all.
QUIZ = """
[[question]]
id = "ends-choice"
type = "choice"
prompt = "What does article 000 say they will discuss?"
section = "overview"
answer = "Bilateral relations and North Korea."
explanation = "Article 000 names both."
[[question.wrong]]
choice = "Whether to meet at all?"
why = "The meeting is planned."
[[question.wrong]]
choice = 'Only what Abe called "a new era!"'
why = "Abe is not quoted so."

[[question]]
id = "ends-match"
type = "match"
prompt = "Match each name to what it is."
section = "overview"
pairs = [
    ["New START", "A U.S.-Russian nuclear arms treaty."],
    ["G7", "A group of seven large economies."],
    ["APEC", "A forum of Pacific Rim economies?"],
]
explanation = "New START is a treaty, the G7 a club of economies, APEC a Pacific forum."

[[question]]
id = "ends-order"
type = "order"
prompt = "Put these in the order the article tells them."
section = "overview"
items = ["Putin suspends New START.", "Trump and Putin talk by phone!", 'They plan to meet "soon."']
explanation = "The suspension came first; the call was recent; the meeting is still ahead."
"""

# Punctuation we wrote after an option's own: "….;", "….", "?.", '."."'.
DOUBLED = re.compile("[.?!\u2026][\"'\u201d\u2019)]*[.;,:]")


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    directory = Path(shutil.copytree(STARTER, tmp_path / "pack"))
    (directory / "quiz.toml").write_text(QUIZ, encoding="utf-8")
    return directory


def doubled(text: str) -> list[str]:
    return [
        text[max(0, m.start() - 20) : m.end() + 5]
        for m in DOUBLED.finditer(text)
        if not text[m.start() :].startswith("...")
    ]


@pytest.mark.parametrize("screen_reader", [False, True], ids=["drawn", "screen-reader"])
async def test_the_apps_feedback_reads_well_after_any_ending(pack_dir: Path, make_explainer, screen_reader) -> None:
    pack = load_pack(pack_dir)
    app = make_explainer(pack, first_quiz=QuizRequest("section", "overview", seed=1))
    seen: dict[str, str] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen_reader.set(screen_reader)
        await until(lambda: isinstance(app.screen, QuizScreen), "the quiz", pilot=pilot)
        quiz = app.screen
        while not quiz.session.finished:
            item = quiz.session.current
            if item.type == "choice":
                await pilot.press("abc"[next(i for i in range(3) if i != item.solution[0])])
            elif item.type in ("match", "order"):
                await pilot.press(*("abc"[i] for i in reversed(item.solution)))
                await until(lambda: quiz.query_one("#check", Button).display, "Check", pilot=pilot)
                await pilot.press("enter")
            else:
                await pilot.press(*"nothing", "enter")
            await settled(pilot)
            seen[item.key] = str(quiz.query_one("#feedback-detail", Static).render())
            await pilot.press("enter")
            await settled(pilot)
    assert {"ends-choice", "ends-match", "ends-order"} <= set(seen), seen.keys()
    for key, text in seen.items():
        assert not doubled(text), (key, text)
    assert "Should be" in seen["ends-match"] and "Should be" in seen["ends-order"]
    assert "You chose" in seen["ends-choice"] and "The answer: " in seen["ends-choice"]
    if screen_reader:  # words where the arrow would be blanked: "1. G7   B) …" says nothing of how they go
        assert "→" not in seen["ends-match"] + seen["ends-order"]
        assert " goes with " in seen["ends-match"] and "1st is " in seen["ends-order"]
    else:
        assert " → " in seen["ends-match"]


def test_plain_feedback_reads_well_after_any_ending(pack_dir: Path, tmp_path: Path) -> None:
    env_data = ("--data-dir", str(tmp_path / "data"))
    answers = "C\nC B A\nC B A\nB\nnothing\n" * 3  # wrong, or at least of the right shape, for every type
    result = run_explainer(
        *env_data, "--content", str(pack_dir), "quiz", "--plain", "--section", "overview", "--seed", "1", stdin=answers
    )
    assert result.returncode == 0, result.stderr
    assert "Wrong: " in result.stdout and "Should be" in result.stdout
    assert not doubled(result.stdout), doubled(result.stdout)
    assert "→" not in result.stdout  # in words, not an arrow a screen reader reads out as one


async def test_the_live_quizs_lines_read_well_after_any_ending(pack_dir: Path, make_explainer) -> None:
    """'Answer recorded: B) Whether to meet at all?' and 'you answered …', never '…?.' or '…!".'."""
    pack = load_pack(pack_dir)
    app = make_explainer(pack)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = LiveQuizScreen(pack, StudentLiveQuiz(pack, None, 1), lambda payload: None)
        await app.push_screen(screen)
        screen.heard({"t": "ask", "quiz": 1, "q": 1, "key": "ends-choice", "seed": 1, "number": 1, "total": 1})
        item = screen.item
        assert item is not None
        wrong = [i for i, option in enumerate(item.options) if i != item.solution[0]]
        lines = []
        for chosen in wrong:  # each of the two wrong options: one ends in "?", one in '!"'
            screen.heard({"t": "recorded", "q": 1, "response": chosen})
            await settled(pilot)
            lines.append(str(screen.query_one("#live-status", Static).render()))
        screen.heard({"t": "reveal", "q": 1, "split": [{"response": wrong[-1], "count": 1}], "yours": wrong[-1]})
        await settled(pilot)
        lines.append(str(screen.query_one("#verdict", Static).render()))
    assert all(line.startswith("Answer recorded: ") for line in lines[:2]) and "you answered" in lines[2], lines
    for line in lines:
        assert not doubled(line), line

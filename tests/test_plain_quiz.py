"""`explainer quiz --plain` through a real subprocess with piped stdin, as a pipe or screen reader uses it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT
from plain_cli import assert_one_line_error, clean_env, run_explainer
from quiz_pack import make_quiz_pack, plain_answer

from explainer.pack.load import load_pack
from explainer.progress.store import ProgressStore
from explainer.quiz.selection import QuizRequest, select_items
from explainer.settings import local_user

QUESTION = re.compile(r"^Question (\d+) of (\d+) \((.+)\)$", re.MULTILINE)


def quiz(data: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "explainer", "quiz", "--plain", "--data-dir", str(data), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(),
    )


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout.rstrip("\n").splitlines()[-1]


def asked(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Each question's header line and prompt, in the order asked."""
    lines = result.stdout.splitlines()
    return [f"{lines[i]} | {lines[i + 1]}" for i, line in enumerate(lines) if QUESTION.match(line)]


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    return make_quiz_pack(tmp_path)


def test_right_answers_by_letter_score_full_marks(pack_dir: Path, tmp_path: Path) -> None:
    pack = load_pack(pack_dir)
    items = select_items(pack, QuizRequest(seed=11, count=6))
    answers = "".join(plain_answer(item) + "\n" for item in items)
    result = quiz(tmp_path / "data", answers, "--content", str(pack_dir), "--seed", "11", "--count", "6")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "\x1b" not in result.stdout
    assert len(asked(result)) == len(items)
    assert result.stdout.count("\nRight") == len(items)
    assert last_line(result) == f"Score: {len(items)}/{len(items)} (100%)"
    assert {item.type for item in items} >= {"choice", "match"}


def test_answers_by_number_and_in_pairs_work_too(pack_dir: Path, tmp_path: Path) -> None:
    pack = load_pack(pack_dir)
    items = select_items(pack, QuizRequest(seed=5, count=8))
    lines = []
    for item in items:
        if item.type in ("choice", "true_false"):
            lines.append(str(item.solution[0] + 1))
        elif item.type == "match":
            lines.append(" ".join(f"{n}={'ABCDEFGHI'[o]}" for n, o in enumerate(item.solution, start=1)))
        elif item.type == "order":
            lines.append(" ".join(str(o + 1) for o in item.solution))
        else:
            lines.append(item.accept[0].upper() + "!")
    result = quiz(tmp_path / "data", "\n".join(lines) + "\n", "--content", str(pack_dir), "--seed", "5", "--count", "8")
    assert result.returncode == 0, result.stderr
    assert last_line(result).startswith(f"Score: {len(items)}/{len(items)}")


def test_junk_is_asked_again_with_a_hint_and_end_of_input_ends_cleanly(pack_dir: Path, tmp_path: Path) -> None:
    pack = load_pack(pack_dir)
    items = select_items(pack, QuizRequest(seed=3, count=5))
    first = items[0]
    stdin = "\n".join(["banana", "", "?", "Z", plain_answer(first, right=False)]) + "\n"
    result = quiz(tmp_path / "data", stdin, "--content", str(pack_dir), "--seed", "3", "--count", "5")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    if first.type != "typed":
        assert "“banana” is not an answer here. Please" in out
        assert out.count("Please ") >= 2
    assert "Hint: " in out
    assert "Not quite" in out
    assert first.explanation in out
    assert "End of input: stopping after 1 of 5 questions" in out
    assert len(asked(result)) == 2  # the second was asked, then input ended
    assert last_line(result) == "Score: 0/1 (0%)"
    store = ProgressStore(
        tmp_path / "data", "x", pack_id=load_pack(pack_dir).id
    )  # another user: nothing of the student's
    assert store.latest_answers() == {}


def test_nothing_at_all_on_stdin(pack_dir: Path, tmp_path: Path) -> None:
    result = quiz(tmp_path / "data", "", "--content", str(pack_dir), "--seed", "1")
    assert result.returncode == 0 and result.stderr == ""
    assert last_line(result) == "Score: 0/0"


def test_feedback_says_why_the_wrong_option_is_wrong_and_where_to_read(pack_dir: Path, tmp_path: Path) -> None:
    result = quiz(tmp_path / "data", "B\nB\nB\n", "--content", str(pack_dir), "--section", "why-meet", "--seed", "2")
    pack = load_pack(pack_dir)
    (choice,) = [i for i in select_items(pack, QuizRequest("section", "why-meet", seed=2)) if i.key == "meet-where"]
    chosen = choice.options[1]
    out = result.stdout
    assert result.returncode == 0
    if choice.solution[0] == 1:
        assert f"Right: B) {chosen}." in out
    else:
        assert f"Not quite.\nYou chose B) {chosen}." in out
        assert f"Why not: {choice.why[1]}" in out
    question = "Why is Trump meeting Putin, and what will they discuss?"
    # The command names the pack the quiz came from: typed as shown, it prints this pack's section.
    assert f"Read more: section 2, “{question}” (explainer --content {pack_dir} read 2)" in out
    shown = run_explainer("--content", str(pack_dir), "read", "2")
    assert question in shown.stdout
    assert "Check yourself: 2." in out.splitlines()[0]


def test_the_same_seed_asks_the_same_questions_in_the_same_order(tmp_path: Path) -> None:
    junk_then_end = "x\n" * 3
    one = quiz(tmp_path / "one", junk_then_end, "--seed", "1234", "--count", "7", "--content", str(CONTENT))
    two = quiz(tmp_path / "two", junk_then_end, "--seed", "1234", "--count", "7", "--content", str(CONTENT))
    other = quiz(tmp_path / "three", junk_then_end, "--seed", "4321", "--count", "7", "--content", str(CONTENT))
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    right = [plain_answer(item) for item in select_items(load_pack(CONTENT), QuizRequest(seed=1234, count=7))]
    full = quiz(tmp_path / "four", "\n".join(right) + "\n", "--seed", "1234", "--count", "7", "--content", str(CONTENT))
    assert last_line(full) == "Score: 7/7 (100%)"
    first_prompts = [line.split(" | ")[1] for line in asked(full)]
    assert len(first_prompts) == 7
    assert asked(one)[0] == asked(full)[0]
    assert asked(other)[0] != asked(one)[0] or other.stdout != one.stdout


def test_a_wrong_answer_comes_back_in_review_of_mistakes(pack_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    pack = load_pack(pack_dir)
    items = select_items(pack, QuizRequest(seed=9, count=3))
    stdin = "\n".join([plain_answer(items[0], right=False), plain_answer(items[1]), plain_answer(items[2])]) + "\n"
    quiz(data, stdin, "--content", str(pack_dir), "--seed", "9", "--count", "3")
    store = ProgressStore(data, local_user(), pack_id=pack.id)
    (asked_again,) = select_items(pack, QuizRequest("mistakes", seed=1), store)  # its options in a new order
    assert asked_again.key == items[0].key and asked_again.options != items[0].options
    store.close()
    review = quiz(
        data,
        plain_answer(asked_again).replace("\n", "") + "\n",
        "--content",
        str(pack_dir),
        "--mistakes",
        "--seed",
        "1",
    )
    assert review.returncode == 0, review.stderr
    assert review.stdout.startswith("Review of mistakes — 1 question")
    assert items[0].prompt in review.stdout
    assert last_line(review).startswith("Score: 1/1")
    again = quiz(data, "", "--content", str(pack_dir), "--mistakes")
    assert again.returncode == 0 and "No mistakes to review" in again.stdout
    assert last_line(again) == "Score: 0/0"
    due = quiz(data, "", "--content", str(pack_dir), "--due")
    assert due.returncode == 0 and "Nothing is due for review. The next review is due" in due.stdout


def test_bad_options_are_one_line_errors(pack_dir: Path, tmp_path: Path) -> None:
    assert_one_line_error(
        quiz(tmp_path, "", "--content", str(pack_dir), "--section", "why-met"),
        2,
        "unknown section 'why-met'",
        "did you mean 'why-meet'",
    )
    assert_one_line_error(quiz(tmp_path, "", "--count", "0"), 2, "--count", "1 or more")
    assert_one_line_error(quiz(tmp_path, "", "--seed", "abc"), 2, "--seed")
    assert_one_line_error(quiz(tmp_path, "", "--mistakes", "--due"), 2, "not allowed with")


def test_a_corrupt_store_is_a_warning_not_a_crash(pack_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = ProgressStore(data, "someone", pack_id=load_pack(pack_dir).id)
    store.close()
    user = subprocess.run(
        [sys.executable, "-c", "from explainer.settings import local_user; print(local_user())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = ProgressStore(data, user, pack_id=load_pack(pack_dir).id).path
    target.write_bytes(b"\x00garbage" * 512)
    for extra in ("-wal", "-shm"):
        target.with_name(target.name + extra).unlink(missing_ok=True)
    result = quiz(data, "", "--content", str(pack_dir), "--seed", "1")
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1 and "could not be read" in warnings[0] and "started a new one" in warnings[0]
    assert any(".broken-" in p.name for p in (data / "progress").iterdir())
    assert last_line(result) == "Score: 0/0"

"""`explainer plain`: the whole explainer as numbered menus of lines, driven through a real pipe.

A script of answers goes in on stdin; what comes out is lines of words, and what
the student did is in their real progress store, as a full-screen session keeps it.
"""

from __future__ import annotations

import io
from pathlib import Path

from conftest import CONTENT
from plain_cli import ESCAPE, run_explainer

from explainer.pack.load import load_pack
from explainer.pack.model import Pack
from explainer.plain.menu import run_menu
from explainer.progress.store import ProgressStore
from explainer.settings import local_user

PACK_ID = load_pack(CONTENT).id
N = len(load_pack(CONTENT).sections)


def plain(data_dir: Path, script: str, *args: str) -> list[str]:
    """`explainer plain` with `script` piped in, as a screen-reader user's shell or a test script runs it."""
    result = run_explainer("plain", "--data-dir", str(data_dir), *args, stdin=script)
    assert result.returncode == 0, result.stderr
    assert ESCAPE not in result.stdout
    return result.stdout.splitlines()


def menu(pack: Pack, store: ProgressStore, script: str) -> list[str]:
    out = io.StringIO()
    assert run_menu(pack, store, io.StringIO(script), out) == 0
    return out.getvalue().splitlines()


def test_a_section_by_number_is_read_and_marked_read(tmp_path: Path, real_pack: Pack) -> None:
    lines = plain(tmp_path, "2\n3\nm\nq\n")
    third = real_pack.sections[2]
    assert f"  1. Walkthrough: read the sections in order, {N} sections; 0 of {N} read (w)" in lines
    assert f"  3. {third.question} (not read)" in lines
    assert third.question in lines[lines.index(f"Section 3 of {N} ({third.id})") + 1]
    assert lines[-1] == "Goodbye. Your progress is saved."
    store = ProgressStore(tmp_path, local_user(), pack_id=PACK_ID)
    assert store.sections_read() == {third.id}
    assert store.last_section() == third.id


def test_the_walkthrough_goes_on_and_back_and_resumes_where_it_stopped(tmp_path: Path, real_pack: Pack) -> None:
    ids = [s.id for s in real_pack.sections]
    lines = plain(tmp_path, "w\n\nn\np\nm\nq\n")
    shown = [line for line in lines if line.startswith("Section ") and f" of {N} (" in line]
    assert shown == [f"Section {n} of {N} ({ids[n - 1]})" for n in (1, 2, 3, 2)]
    assert ProgressStore(tmp_path, local_user(), pack_id=PACK_ID).sections_read() == set(ids[:3])
    again = plain(tmp_path, "1\nm\nq\n")
    assert f"  1. Walkthrough: read the sections in order, from section 2 of {N}; 3 of {N} read (w)" in again
    assert [line for line in again if line.startswith("Section ") and f" of {N} (" in line] == [
        f"Section 2 of {N} ({ids[1]})"
    ]


def test_the_glossary_finds_a_term_and_suggests_for_a_typo(tmp_path: Path) -> None:
    lines = plain(tmp_path, "3\nsanctons\nzzzz\nsanctions\n\n7\n")
    assert "Unknown term 'sanctons' (did you mean 'sanctions'?)." in lines
    assert "Unknown term 'zzzz' (type list for every term)." in lines
    entry = lines.index("sanctions")
    assert "id: sanctions" in lines[entry + 1]
    assert any(line.startswith("Used in:") for line in lines[entry:])


def test_what_is_not_on_the_menu_is_said_and_asked_again(tmp_path: Path) -> None:
    lines = plain(tmp_path, "9\nhello\nquit\n")
    assert "“9” is not on the menu. Type a number from 1 to 7, or its letter." in lines
    assert "“hello” is not on the menu. Type a number from 1 to 7, or its letter." in lines
    assert lines.count("Main menu:") == 3


def test_mistakes_are_reviewed_and_the_answers_saved(tmp_path: Path, real_pack: Pack) -> None:
    store = ProgressStore(tmp_path, local_user(), pack_id=PACK_ID)
    question = real_pack.question("ov-where")
    store.record_answer(question.id, question.section, False, mode="full")
    store.close()
    lines = plain(tmp_path, "m\na\nq\n")
    assert "  5. Review your mistakes: 1 question (m)" in lines
    assert "Review of mistakes — 1 question" in "\n".join(lines)
    assert any(line.startswith("Score: ") and "/1 (" in line for line in lines)
    answers = ProgressStore(tmp_path, local_user(), pack_id=PACK_ID).answers()
    assert [(a.item_id, a.mode) for a in answers] == [("ov-where", "full"), ("ov-where", "mistakes")]


def test_end_of_input_in_a_quiz_ends_the_session_and_keeps_the_answers(tmp_path: Path, real_pack: Pack) -> None:
    store = ProgressStore(tmp_path, "ada", pack_id=PACK_ID)
    lines = menu(real_pack, store, "s\n1\nc\n")
    assert "End of input: stopping after 0 of 5 questions. Your answers are saved." in lines
    assert lines[-1] == "Goodbye. Your progress is saved."
    assert lines.count("Main menu:") == 1  # not shown again after the input ended
    assert store.sections_read() == {real_pack.sections[0].id}


def test_nothing_due_says_so_and_returns_to_the_menu(tmp_path: Path, real_pack: Pack) -> None:
    lines = menu(real_pack, ProgressStore(tmp_path, "ada", pack_id=PACK_ID), "r\nq\n")
    assert "Nothing is due for review." in lines
    assert lines.count("Main menu:") == 2

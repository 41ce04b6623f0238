"""Snapshots of the screens a student sees, on the frozen starter pack.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ (as PNGs: see tests/README or the brief) before committing them.
"""

from __future__ import annotations

import pytest

from explainer.pack.model import Pack
from explainer.quiz.selection import QuizRequest

QUIZ = QuizRequest("full", count=3, seed=7)
LETTERS = "abcdefgh"


def test_home(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), terminal_size=(100, 30))


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)], ids=["80x24", "100x30", "160x50"])
def test_section(size, snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["enter", "n"], terminal_size=size)


@pytest.mark.parametrize("theme", ["explainer-dark", "explainer-light", "high-contrast", "textual-dark"])
def test_section_in_theme(theme: str, snap_compare, starter_pack: Pack, make_explainer) -> None:
    async def themed(pilot) -> None:
        pilot.app.theme = theme
        await pilot.press("enter", "n", "tab")

    assert snap_compare(make_explainer(starter_pack), run_before=themed, terminal_size=(100, 30))


def test_section_link_pointed_at(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["enter", "n", "tab", "tab"], terminal_size=(100, 30))


def test_glossary(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["g", "down", "down"], terminal_size=(100, 30))


def test_glossary_entry_chosen(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["g", "down", "enter", "tab"], terminal_size=(80, 24))


def test_term_popup(snap_compare, starter_pack: Pack, make_explainer) -> None:
    async def open_popup(pilot) -> None:
        pilot.app.show_term("new-start")

    assert snap_compare(make_explainer(starter_pack), run_before=open_popup, terminal_size=(100, 30))


def test_timeline(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["t"], terminal_size=(100, 30))


def test_perspectives(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["v"], terminal_size=(100, 30))


def test_help(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["question_mark"], terminal_size=(100, 30))


async def _answer(pilot, right: bool = True) -> None:
    """The current question answered, with keys, as a student would."""
    item = pilot.app.screen.session.current
    if item.type in ("match", "order"):
        order = item.solution if right else tuple(reversed(item.solution))
        await pilot.press(*(LETTERS[i] for i in order))
        await pilot.pause()
        await pilot.press("enter")
    elif item.type == "typed":
        await pilot.press(*("space" if ch == " " else ch for ch in (item.accept[0] if right else "no idea")), "enter")
    else:
        await pilot.press(LETTERS[item.solution[0] if right else (item.solution[0] + 1) % len(item.options)])
    await pilot.pause()


async def _quiz(pilot, answered: int, then: tuple[str, ...] = (), last_wrong: bool = False) -> None:
    pilot.app.start_quiz(QUIZ)
    await pilot.pause()
    for number in range(answered):
        if number:
            await pilot.press("enter")
            await pilot.pause()
        await _answer(pilot, right=not (last_wrong and number == answered - 1))
    await pilot.press(*then)
    await pilot.pause()


def test_quiz_question(snap_compare, starter_pack: Pack, make_explainer) -> None:
    async def question(pilot) -> None:
        await _quiz(pilot, 0, ("down",))

    assert snap_compare(make_explainer(starter_pack), run_before=question, terminal_size=(100, 30))


def test_quiz_feedback(snap_compare, starter_pack: Pack, make_explainer) -> None:
    """A wrong answer: the right one marked in the success colour, the student's in the error colour."""

    async def feedback(pilot) -> None:
        await _quiz(pilot, 1, last_wrong=True)

    assert snap_compare(make_explainer(starter_pack), run_before=feedback, terminal_size=(100, 30))


def test_quiz_results(snap_compare, starter_pack: Pack, make_explainer) -> None:
    async def results(pilot) -> None:
        await _quiz(pilot, QUIZ.count or 3, ("enter",), last_wrong=True)

    assert snap_compare(make_explainer(starter_pack), run_before=results, terminal_size=(100, 30))


def test_find_in_page(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(
        make_explainer(starter_pack), press=["enter", "slash", *"korea", "enter", "n"], terminal_size=(100, 30)
    )


def test_contents_sidebar(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["enter", "n", "s"], terminal_size=(100, 30))


def test_walkthrough_end(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["enter", "n", "n", "n"], terminal_size=(100, 30))


def test_too_small(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["enter"], terminal_size=(20, 6))

"""Snapshots of the screens a student sees most, on the frozen starter pack.

Update after an intended change with `pytest tests/test_snapshots.py --snapshot-update`
and look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from explainer.pack.model import Pack
from explainer.quiz.selection import QuizRequest

QUIZ = QuizRequest("full", count=3, seed=7)
LETTERS = "abcdefgh"


def test_home(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), terminal_size=(100, 30))


def test_section(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["enter", "n"], terminal_size=(100, 30))


def test_section_at_80x24(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["enter", "n", "n"], terminal_size=(80, 24))


def test_glossary(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["g", "down", "down"], terminal_size=(100, 30))


def test_term_popup(snap_compare, starter_pack: Pack, make_explainer) -> None:
    async def open_popup(pilot) -> None:
        pilot.app.show_term("new-start")

    assert snap_compare(make_explainer(starter_pack), run_before=open_popup, terminal_size=(100, 30))


def test_timeline(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["t"], terminal_size=(100, 30))


def test_perspectives(snap_compare, starter_pack: Pack, make_explainer) -> None:
    assert snap_compare(make_explainer(starter_pack), press=["v"], terminal_size=(100, 30))


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

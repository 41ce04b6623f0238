"""Struggling items ("leeches"): a question got wrong four times or more is flagged to the student on Home."""

from __future__ import annotations

from pathlib import Path

from conftest import prompts
from quiz_pack import load_quiz_pack, right_response, wrong_response
from textual.widgets import OptionList

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.grading import Response
from explainer.quiz.mastery import LEECH_WRONG, leeches, worth_rereading
from explainer.quiz.questions import QuizItem
from explainer.quiz.selection import QuizRequest
from explainer.quiz.session import QuizSession
from explainer.tui.screens.home import HomeScreen
from explainer.tui.screens.section import SectionScreen


def keep_missing(store: ProgressStore, pack: Pack, key: str, times: int) -> None:
    """Quizzes through the real session: `key` answered wrongly `times` times, everything else right."""

    def answer(item: QuizItem) -> Response:
        return wrong_response(item) if item.key == key else right_response(item)

    first = QuizSession.start(pack, QuizRequest(seed=1, count=50), store)
    for n in range(times):
        session = first if n == 0 else QuizSession.start(pack, QuizRequest("mistakes", seed=n), store)
        assert key in [item.key for item in session.items]
        while (item := session.current) is not None:
            session.answer(answer(item))
            session.advance()


def test_four_wrong_answers_make_a_leech_and_a_right_one_takes_it_off_home(tmp_path: Path) -> None:
    pack = load_quiz_pack(tmp_path)
    store = ProgressStore(tmp_path / "data", "ann", pack_id=pack.id)
    keep_missing(store, pack, "meet-where", LEECH_WRONG - 1)
    assert leeches(pack, store.answers()) == [] and worth_rereading(pack, store.answers()) == []
    keep_missing(store, pack, "meet-where", 1)
    (leech,) = leeches(pack, store.answers())
    assert (leech.item_id, leech.section_id, leech.wrong, leech.latest_correct) == ("meet-where", "why-meet", 4, False)
    assert worth_rereading(pack, store.answers()) == [("why-meet", 1)]
    session = QuizSession.start(pack, QuizRequest("mistakes", seed=9), store)
    due = session.current
    assert due is not None
    session.answer(right_response(due))
    (leech,) = leeches(pack, store.answers())  # the teacher still sees it ...
    assert leech.latest_correct
    assert worth_rereading(pack, store.answers()) == []  # ... the student has caught up with it


async def test_home_says_which_section_is_worth_rereading(tmp_path: Path, make_explainer, isolated_data_dir) -> None:
    pack = load_quiz_pack(tmp_path)
    store = ProgressStore(isolated_data_dir, "student", pack_id=pack.id)
    keep_missing(store, pack, "meet-where", LEECH_WRONG)
    store.close()
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        menu = app.screen.query_one("#menu", OptionList)
        first = str(menu.get_option_at_index(0).prompt)
        section = "2. Why is Trump meeting Putin, and what will they discuss?"
        assert first == f"↻ Worth rereading: {section} (a question you keep missing)"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == "why-meet"


async def test_no_leech_no_line(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        assert not any("Worth rereading" in p for p in prompts(menu))

"""The quiz in the app, driven by keys as a student would: answer, get feedback, follow a link and come back."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from quiz_pack import load_quiz_pack
from textual.widgets import Button, Input, OptionList, Static
from waits import settled, until

from explainer.pack.model import Pack
from explainer.quiz.questions import QuizItem
from explainer.quiz.selection import DEFAULT_COUNT, QuizRequest, pool_keys
from explainer.tui.screens.home import HomeScreen
from explainer.tui.screens.quiz import QuizScreen
from explainer.tui.screens.quiz_menu import QuizMenu
from explainer.tui.screens.section import SectionScreen
from explainer.tui.widgets.link_list import LinkList

LETTERS = "abcdefghi"


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    return load_quiz_pack(tmp_path)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def drawn(widget) -> str:
    """A widget's text as drawn on screen, line by line."""
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def shown(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static) if w.display and w.parent.display)


async def choose(pilot, option_list: OptionList, option_id: str) -> None:
    """Move the highlight to an option and press Enter, as a keyboard user would."""
    target = option_list.get_option_index(option_id)
    while option_list.highlighted != target:
        await pilot.press("down" if (option_list.highlighted or 0) < target else "up")
    await pilot.press("enter")
    await pilot.pause()


async def answer(pilot, item: QuizItem, right: bool) -> None:
    """Answer the current item with keys: letters for options, typing for a short answer."""
    if item.type in ("choice", "true_false"):
        index = item.solution[0] if right else next(i for i in range(len(item.options)) if i != item.solution[0])
        await pilot.press(LETTERS[index])
    elif item.type in ("match", "order"):
        order = item.solution if right else tuple(reversed(item.solution))
        await pilot.press(*(LETTERS[i] for i in order))
        await settled(pilot)
        assert pilot.app.screen.query_one("#check", Button).display
        await pilot.press("enter")
    else:
        text = item.accept[0] if right else "no idea"
        typed = pilot.app.screen.query_one("#typed", Input)
        await until(lambda: pilot.app.focused is typed, "focus in the answer box", pilot=pilot)
        await pilot.press(*("space" if ch == " " else ch for ch in text), "enter")
    await settled(pilot)  # the feedback shown and focus on Next, however slow the machine


async def test_a_whole_quiz_with_feedback_a_link_away_and_back_and_results(pack: Pack, make_explainer) -> None:
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await choose(pilot, app.screen.query_one("#menu", OptionList), "quiz")
        assert isinstance(app.screen, QuizMenu)
        await choose(pilot, app.screen.query_one("#quiz-modes", OptionList), "full")
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        session = quiz.session
        assert session.total == min(DEFAULT_COUNT, len(pool_keys(pack, random.Random(0))))

        # a wrong answer first: feedback says so, explains, and links to the section
        first = session.current
        assert text_of(app, "#quiz-progress").startswith(f"Question 1 of {session.total}")
        await answer(pilot, first, right=False)
        assert "Not quite" in text_of(app, "#verdict")
        assert first.explanation in text_of(app, "#explanation")
        detail = text_of(app, "#feedback-detail")
        if first.type == "choice":
            assert "Why not:" in detail
        assert "The answer" in detail or "Should be" in detail

        # follow the feedback link to the teaching section, then come back to the same place
        await pilot.press("l")
        links = app.screen.query_one("#feedback-links", LinkList)
        await until(lambda: app.focused is links, "focus on the feedback's links", pilot=pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        assert app.screen.section.id == first.links[0].target
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz and quiz.session.position == 0
        assert quiz.query_one("#feedback").display and "Not quite" in text_of(app, "#verdict")
        await pilot.press("f")  # forward to the section again, and back: the quiz is still there
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is quiz and quiz.session.position == 0

        # the rest right, going on with n (focus is on the links) and then Enter (on Next)
        await pilot.press("n")
        await pilot.pause()
        for number in range(2, session.total + 1):
            assert text_of(app, "#quiz-progress").startswith(f"Question {number} of {session.total}")
            await answer(pilot, session.current, right=True)
            assert "Right" in text_of(app, "#verdict")
            await until(lambda: app.focused is quiz.query_one("#next", Button), "focus on Next", pilot=pilot)
            await pilot.press("enter")
            await pilot.pause()

        assert session.finished
        assert (
            text_of(app, "#results-score")
            == f"Your score: {session.total - 1}/{session.total} ({round(100 * (session.total - 1) / session.total)}%)"
        )
        by_section = drawn(quiz.query_one("#results-sections"))
        assert by_section.lstrip().startswith("By section")
        question = pack.section(first.section).question
        assert f"{pack.section_number(first.section)}. {question[:20]}" in by_section  # wrapped under itself
        assert "Mastery overall" in by_section
        reread = quiz.query_one("#reread", LinkList)
        assert reread.display
        await until(lambda: app.focused is reread, "focus on the sections to reread", pilot=pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == first.section
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is quiz and quiz.query_one("#results").display

        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Quiz mastery:" in text_of(app, "#progress")
    store = app.store
    assert [(q.score, q.total) for q in store.quizzes()] == [(session.total - 1, session.total)]
    assert store.mistakes() == [first.key]


async def test_check_yourself_from_a_section_and_a_hint(pack: Pack, make_explainer) -> None:
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await choose(pilot, app.screen.query_one("#menu", OptionList), "walkthrough")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.section.id == "why-meet"
        assert app.screen.query_one("#check-yourself").display
        await pilot.press("c")
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert quiz.sub_title.startswith("Check yourself: 2.")
        written = [i for i in quiz.session.items if i.origin == "written"]
        assert written and all(i.section == "why-meet" for i in written)

        item = quiz.session.current
        await pilot.press("i")
        await pilot.pause()
        assert quiz.query_one("#quiz-hint").display and text_of(app, "#quiz-hint").startswith("Hint: ")
        await answer(pilot, item, right=True)
        assert "after a hint" in text_of(app, "#verdict")
    latest = app.store.latest_answers()[item.key]
    assert latest.correct
    assert app.store._db.execute("SELECT hinted FROM answers").fetchone()[0] == 1


async def test_typed_answers_forgive_a_typo_and_letters_go_into_the_box(pack: Pack, make_explainer) -> None:
    app = make_explainer(
        pack, first_quiz=QuizRequest("section", "overview", seed=1)
    )  # as `explainer quiz --section overview`
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        while quiz.session.current.type != "typed":
            await answer(pilot, quiz.session.current, right=True)
            await pilot.press("enter")
            await pilot.pause()
        await until(lambda: app.focused is quiz.query_one("#typed", Input), "focus in the answer box", pilot=pilot)
        await pilot.press(*"Councl", "space", *"on", "space", *"Foreign", "space", *"Relations")
        assert quiz.query_one("#typed", Input).value == "Councl on Foreign Relations"
        assert isinstance(app.screen, QuizScreen)  # b, f, g, h... typed, not taken as keys
        await pilot.press("enter")
        await pilot.pause()
        assert "close enough" in text_of(app, "#verdict")
        assert "it is spelt “Council on Foreign Relations”" in text_of(app, "#feedback-detail")
        await pilot.press("escape")  # back leaves the quiz; history's previous place is home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f")
        await pilot.pause()
        assert app.screen is quiz and "close enough" in text_of(app, "#verdict")


async def test_a_new_quiz_replaces_the_old_one_and_letters_are_keys_again_after_answering(
    pack: Pack, make_explainer
) -> None:
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.start_quiz(QuizRequest(seed=2, count=2))
        await pilot.pause()
        old = app.screen
        assert isinstance(old, QuizScreen)
        await answer(pilot, old.session.current, right=True)
        await pilot.press("g")  # answered: g is the glossary again, not an option
        await pilot.pause()
        assert type(app.screen).__name__ == "GlossaryScreen"
        app.start_quiz(QuizRequest(seed=3, count=2))
        await pilot.pause()
        new = app.screen
        assert isinstance(new, QuizScreen) and new is not old
        assert old not in app._installed_screens.values() and new in app._installed_screens.values()
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "GlossaryScreen"
        await pilot.press("escape")  # the old quiz has gone from history: back skips it, home
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f", "f")  # and forward leads to the glossary, then the running quiz
        await pilot.pause()
        assert app.screen is new
        app.start_quiz(QuizRequest("mistakes"))  # nothing wrong yet: a notice, no quiz
        await pilot.pause()
        assert app.screen is new
        app.start_quiz(QuizRequest(seed=4, count=2))  # started from a quiz: takes that quiz's place
        await pilot.pause()
        newest = app.screen
        assert isinstance(newest, QuizScreen) and newest is not new
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "GlossaryScreen"


async def test_help_lists_the_quiz_keys(pack: Pack, make_explainer) -> None:
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#keys")
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        quiz_rows = [r for r in rows if r[0] == "Quiz"]
        assert any("Answer by number or letter" in r[2] for r in quiz_rows)
        assert any("hint" in r[2].lower() for r in quiz_rows)


async def test_textual_help_panel_explains_how_to_answer(pack: Pack, make_explainer) -> None:
    """The palette's "Keys" opens Textual's help panel; on a quiz it tells how to answer
    (it once ended the app there, reading the quiz's key table as its text)."""
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("z", "enter")
        assert isinstance(app.screen, QuizScreen)
        await pilot.press("ctrl+p", *"keys", "enter")
        await pilot.pause()
        assert "with a number or letter" in app.screen.query_one("HelpPanel #widget-help").source
        await pilot.press("tab", "shift+tab")
        assert app._exception is None

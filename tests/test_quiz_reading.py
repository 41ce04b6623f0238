"""The quiz's rough edges, as a student met them: the score shown, whole options, marks in colour, q asks first."""

from __future__ import annotations

from pathlib import Path

import pytest
from quiz_pack import load_quiz_pack
from test_quiz_tui import LETTERS, answer, drawn, text_of
from waits import until

from explainer.pack.model import Pack
from explainer.quiz.selection import QuizRequest
from explainer.tui.screens.confirm import Confirm
from explainer.tui.screens.quiz import QuizScreen


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    return load_quiz_pack(tmp_path)


async def start(pilot, request: QuizRequest) -> QuizScreen:
    pilot.app.start_quiz(request)
    await until(
        lambda: isinstance(pilot.app.screen, QuizScreen) and pilot.app.screen.is_mounted,
        "the quiz on screen",
        pilot=pilot,
    )
    return pilot.app.screen


async def answer_until(pilot, quiz: QuizScreen, kind: str) -> None:
    """Answer rightly and go on until a question of this kind is asked."""
    while quiz.session.current.type != kind:
        await answer(pilot, quiz.session.current, right=True)
        await pilot.press("enter")
        await pilot.pause()


async def test_the_score_counts_the_answer_while_right_shows(pack: Pack, make_explainer) -> None:
    """ "0 right so far" showed beside "✓ Right!"."""
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        quiz = await start(pilot, QuizRequest("full", seed=3))
        await answer(pilot, quiz.session.current, right=True)
        assert "Right" in text_of(app, "#verdict")
        assert "1 right so far" in text_of(app, "#quiz-progress")


async def test_matching_slots_show_whole_options_at_160_columns(pack: Pack, make_explainer) -> None:
    """Slots were cut at about 50 characters even at 160 columns."""
    app = make_explainer(pack)
    async with app.run_test(size=(160, 50)) as pilot:
        quiz = await start(pilot, QuizRequest("full", seed=3))
        await answer_until(pilot, quiz, "match")
        item = quiz.session.current
        await pilot.press(*(LETTERS[i] for i in item.solution[:-1]))
        await pilot.pause()
        slots = drawn(quiz.query_one("#quiz-slots"))
        for index in item.solution[:-1]:
            assert item.options[index] in slots
        assert "…" not in slots


async def test_wrapped_choices_hang_under_their_first_line(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(60, 30)) as pilot:
        quiz = await start(pilot, QuizRequest("full", count=len(real_pack.questions), seed=3))
        while not (quiz.session.current.type == "choice" and max(map(len, quiz.session.current.options)) > 60):
            await answer(pilot, quiz.session.current, right=True)
            await pilot.press("enter")
            await pilot.pause()
        choices = drawn(quiz.query_one("#choices")).splitlines()
        column, wrapped = None, 0
        for line in choices:
            text = line.lstrip()
            if text[1:3] == ") ":  # a choice's first line: "b) …"
                column = len(line) - len(text) + 3
            elif text and column is not None:
                wrapped += 1
                assert len(line) - len(text) == column, f"not under its choice's text: {line!r}"
        assert wrapped, "expected a choice long enough to wrap at 60 columns"


async def test_feedback_marks_are_in_the_success_and_error_colours(pack: Pack, make_explainer) -> None:
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        quiz = await start(pilot, QuizRequest("full", seed=3))
        await answer_until(pilot, quiz, "choice")
        await answer(pilot, quiz.session.current, right=False)
        variables = app.get_css_variables()
        colours = {
            segment.text: segment.style.color.name
            for y in range(quiz.query_one("#choices").size.height)
            for segment in quiz.query_one("#choices").render_line(y)
            if segment.text in ("✓", "✗") and segment.style and segment.style.color
        }
        assert set(colours) == {"✓", "✗"}
        assert colours["✓"].lower() == variables["text-success"].split()[0].lower()
        assert colours["✗"].lower() == variables["text-error"].split()[0].lower()


async def test_q_in_a_quiz_asks_before_leaving(pack: Pack, make_explainer) -> None:
    """q in a quiz quit at once, without asking."""
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        quiz = await start(pilot, QuizRequest("full", seed=3))
        await pilot.press("q")
        await until(lambda: isinstance(app.screen, Confirm), "the question before leaving", pilot=pilot)
        await pilot.press("n")  # stay
        await until(lambda: app.screen is quiz, "back in the quiz", pilot=pilot)
        assert app.is_running
        await pilot.press("q")
        await until(lambda: isinstance(app.screen, Confirm), "the question before leaving", pilot=pilot)
        await pilot.press("y")
        await until(lambda: not app.is_running, "the app to end", pilot=pilot)


async def test_an_unfinished_quiz_is_offered_after_a_restart_at_its_question(pack: Pack, make_explainer) -> None:
    """An unfinished quiz was gone on restart; now Home offers "Resume your quiz: question 3 of 5?"."""
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        quiz = await start(pilot, QuizRequest("full", count=5, seed=3))
        asked = [item.key for item in quiz.session.items]
        for _ in range(2):
            await answer(pilot, quiz.session.current, right=True)
            await pilot.press("enter")
            await pilot.pause()
        assert quiz.session.position == 2
    again = make_explainer(pack)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        menu = again.screen.query_one("#menu")
        labels = {
            menu.get_option_at_index(i).id: str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)
        }
        assert labels["resume-quiz"] == "▶ Resume your quiz: question 3 of 5?"
        index = menu.get_option_index("resume-quiz")
        await pilot.press(*["down"] * index, "enter")
        await until(
            lambda: isinstance(again.screen, QuizScreen) and again.screen.is_mounted,
            "the resumed quiz on screen",
            pilot=pilot,
        )
        session = again.screen.session
        assert [item.key for item in session.items] == asked and session.position == 2 and session.score == 2
        assert "Question 3 of 5 · " in text_of(again, "#quiz-progress") and "2 right so far" in text_of(
            again, "#quiz-progress"
        )
        answered = len(again.store.answers())
        while not session.finished:
            await answer(pilot, session.current, right=True)
            await pilot.press("enter")
            await pilot.pause()
        assert len(again.store.answers()) == answered + 3  # the replay recorded nothing twice
    last = make_explainer(pack)
    async with last.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        menu = last.screen.query_one("#menu")
        assert "resume-quiz" not in [menu.get_option_at_index(i).id for i in range(menu.option_count)]


async def test_in_screen_reader_mode_each_slot_says_right_or_wrong_in_words(pack: Pack, make_explainer) -> None:
    """The ✓ and ✗ before a matching slot are blanked in screen-reader mode: the words must say it."""
    app = make_explainer(pack)
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen_reader.set(True)
        quiz = await start(pilot, QuizRequest("full", seed=3))
        await answer_until(pilot, quiz, "match")
        await answer(pilot, quiz.session.current, right=False)
        detail = drawn(quiz.query_one("#feedback-detail"))
        assert "wrong: 1. " in detail and "✗" not in detail

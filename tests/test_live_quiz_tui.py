"""A student's live quiz in the real app, linked to a real class hub: every question type, with the quiz's keys.

The teacher's side is a real link to the same hub, sending what the teacher's
screen sends; what the student sees is checked on the student's screen, and
what was saved in the student's own store.
"""

from __future__ import annotations

import contextlib
import re
import time
from pathlib import Path

from quiz_pack import load_quiz_pack, right_response, wrong_response
from test_tui_screen_reader import moving, screen_text
from textual.widgets import Input, Static

from explainer.classroom.hub import ClassHub
from explainer.classroom.link import connect_fd
from explainer.classroom.live import LIVE_MODE, StudentLiveQuiz, live_item
from explainer.progress.store import ProgressStore
from explainer.quiz.questions import QuizItem
from explainer.settings import Settings
from explainer.tui.app import make_app
from explainer.tui.screens.help import HelpScreen
from explainer.tui.screens.live_quiz import LiveQuizScreen

KEYS = ("meet-where", "trip-asia", "names-match", "call-order", "think-tank")  # one of each type


async def wait_until(pilot, condition, timeout: float = 10, message: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never happened {message}"
        await pilot.pause(0.05)


def keys_for(item: QuizItem, right: bool) -> list[str]:
    """The keys a student presses to give this answer, as in the normal quiz."""
    response = right_response(item) if right else wrong_response(item)
    if isinstance(response, int):
        return ["abcdefgh"[response]]
    if isinstance(response, tuple):
        return ["abcdefgh"[i] for i in response] + ["enter"]
    return [{" ": "space", "-": "minus", ".": "full_stop"}.get(ch, ch) for ch in response] + ["enter"]


def text(app, selector: str) -> str:
    """What a widget of the live quiz shows; empty while the live quiz is not on screen."""
    found = app.screen.query(selector)
    return str(found.first(Static).render()) if isinstance(app.screen, LiveQuizScreen) and found else ""


def painted(widget) -> str:
    """The lines a widget last painted (not worked out afresh, as `render()` would be)."""
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


@contextlib.asynccontextmanager
async def ada_in_class(tmp_path: Path, teacher_heard: list[dict] | None = None):
    """A class hub with the teacher's link (what it hears goes to `teacher_heard`) and ada's app joined to it,
    not yet running; the hub is closed afterwards."""
    pack = load_quiz_pack(tmp_path)
    hub = ClassHub()
    heard = teacher_heard.append if teacher_heard is not None else lambda _: None
    teacher = await connect_fd(await hub.open_link("teacher", "t"), heard, lambda: None)
    fd = await hub.open_link("student", "ada")
    app = make_app(Settings(content_dir=tmp_path, data_dir=tmp_path / "data", user="ada", class_fd=fd), pack)
    try:
        yield pack, hub, teacher, app
    finally:
        hub.close()


async def test_every_question_type_live_and_the_answers_are_saved_as_live(tmp_path: Path) -> None:
    data = tmp_path / "data"
    teacher_heard: list[dict] = []
    async with (
        ada_in_class(tmp_path, teacher_heard) as (pack, hub, teacher, app),
        app.run_test(size=(100, 40)) as pilot,
    ):
        await wait_until(pilot, lambda: any(m.where == "home" for m in hub.students))
        for number, key in enumerate(KEYS, start=1):
            right = number % 2 == 1
            teacher.send({"t": "ask", "q": number, "key": key, "seed": number, "number": number, "total": 5})
            await wait_until(pilot, lambda n=number: f"question {n} of 5" in text(app, "#live-progress"))
            item = live_item(pack, key, number)
            assert item is not None and text(app, "#live-prompt") == item.prompt
            if item.type == "typed":  # its caret does not blink: fifty of them would keep two cores busy
                assert not [thing for thing in moving(app) if thing.startswith("Input")], moving(app)
            for press in keys_for(item, right):
                await pilot.press(press)
            await wait_until(pilot, lambda: "Answer recorded" in text(app, "#live-status"), message=key)
            teacher.send({"t": "reveal", "q": number})
            await wait_until(
                pilot,
                lambda: (
                    "How the class" in str(app.screen.query_one("#live-reveal").render())
                    or app.screen.query_one("#live-reveal").display
                ),
            )
            assert ("✓ Right!" in text(app, "#verdict")) == right, (key, text(app, "#verdict"))
            await pilot.pause()
            footer = painted(app.screen.query_one("Footer"))
            assert "Undo" not in footer and "Help" in footer, footer  # nothing left to undo once revealed
            assert item.explanation in text(app, "#explanation")
        teacher.send({"t": "end"})
        await wait_until(pilot, lambda: "Your score: 3/5" in text(app, "#live-score"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, LiveQuizScreen))
    store = ProgressStore(data, "ada", pack_id=pack.id)
    answers = [a for a in store.latest_answers().values()]
    assert sorted(a.item_id for a in answers) == sorted(KEYS)
    assert {q.mode for q in store.quizzes()} == {LIVE_MODE} and store.quizzes()[-1].score == 3
    store.close()


def test_the_reveal_on_a_students_screen(snap_compare, tmp_path: Path) -> None:
    """What a student sees after the reveal: their answer, the right one, the explanation, the class's split."""
    pack = load_quiz_pack(tmp_path)
    app = make_app(Settings(content_dir=tmp_path, data_dir=tmp_path / "data", user="ada"), pack)

    async def quiz(pilot) -> None:
        sent: list[dict] = []
        screen = LiveQuizScreen(pack, StudentLiveQuiz(pack, None, 1), sent.append)
        await pilot.app.push_screen(screen)
        screen.heard({"t": "ask", "quiz": 1, "q": 1, "key": "meet-where", "seed": 4, "number": 2, "total": 5})
        await pilot.press("b")
        await pilot.pause()
        screen.heard({"t": "recorded", "q": 1, "response": sent[-1]["response"]})
        split = [{"response": 0, "count": 9}, {"response": 1, "count": 4}, {"response": 2, "count": 2}]
        screen.heard({"t": "reveal", "q": 1, "split": split, "yours": sent[-1]["response"]})
        await pilot.pause()

    assert snap_compare(app, run_before=quiz, terminal_size=(100, 30))


async def test_about_to_start_while_the_teacher_chooses_then_one_screen_for_every_live_quiz(tmp_path: Path) -> None:
    """The teacher opening the live quiz's menu puts "about to start" over what each student reads, and takes
    it down again on cancelling; that one screen then takes every question of this quiz and of the next."""
    async with ada_in_class(tmp_path) as (_, hub, teacher, app), app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: any(m.where == "home" for m in hub.students))
        home = app.screen
        teacher.send({"t": "prepare"})
        await wait_until(pilot, lambda: "about to start" in text(app, "#live-progress"))
        live = app.screen
        assert "choosing the questions" in text(app, "#live-prompt")
        teacher.send({"t": "cancel"})
        await wait_until(pilot, lambda: app.screen is home)
        for quiz, key in enumerate(("meet-where", "trip-asia"), start=1):
            teacher.send({"t": "prepare"})
            await wait_until(pilot, lambda: app.screen is live and "about to start" in text(app, "#live-progress"))
            teacher.send({"t": "ask", "q": quiz, "key": key, "seed": quiz, "number": 1, "total": 1})
            await wait_until(pilot, lambda: "question 1 of 1" in text(app, "#live-progress"))
            assert not live.query_one("#live-end").display
            await pilot.press("a")
            await wait_until(pilot, lambda: "Answer recorded" in text(app, "#live-status"))
            teacher.send({"t": "reveal", "q": quiz})
            await wait_until(pilot, lambda: live.query_one("#live-reveal").display)
            teacher.send({"t": "end"})
            await wait_until(pilot, lambda: "Your score:" in text(app, "#live-score") and live.over)
            assert text(app, "#live-score").endswith("/1")  # this quiz's one question, not the last one's too
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.screen is home)


async def test_a_letter_then_enter_keeps_the_letters_answer(tmp_path: Path) -> None:
    """Enter after a letter picks the highlighted option: the letter's, even before the hub has said recorded."""
    teacher_heard: list[dict] = []
    async with ada_in_class(tmp_path, teacher_heard) as (_, hub, teacher, app), app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: any(m.where == "home" for m in hub.students))
        teacher.send({"t": "ask", "q": 1, "key": KEYS[0], "seed": 1, "number": 1, "total": 1})
        await wait_until(pilot, lambda: "question 1 of 1" in text(app, "#live-progress"))
        app.simulate_key("c")  # both keys in before the hub's "recorded" can come back, as over SSH
        app.simulate_key("enter")
        answered = lambda: [m for m in teacher_heard if m["t"] == "answered"]  # noqa: E731
        await wait_until(pilot, lambda: len(answered()) == 3)  # one as asked, one for each key's answer
        teacher.send({"t": "reveal", "q": 1})
        await wait_until(pilot, lambda: any(m["t"] == "reveal" for m in teacher_heard))
        reveal = next(m for m in teacher_heard if m["t"] == "reveal")
        assert reveal["split"] == [{"response": 2, "count": 1}]


async def test_help_is_in_the_live_quizs_footer_and_the_quiz_goes_on_under_it(tmp_path: Path) -> None:
    async with ada_in_class(tmp_path) as (_, hub, teacher, app), app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: any(m.where == "home" for m in hub.students))
        teacher.send({"t": "ask", "q": 1, "key": KEYS[0], "seed": 1, "number": 1, "total": 1})
        await wait_until(pilot, lambda: "question 1 of 1" in text(app, "#live-progress"))
        live = app.screen
        assert "? Help" in painted(live.query_one("Footer"))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        teacher.send({"t": "reveal", "q": 1})  # the teacher goes on while this student reads Help
        await wait_until(pilot, lambda: live.query_one("#live-reveal").display)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is live)
        assert "You did not answer this one." in text(app, "#verdict")


async def test_a_long_answer_in_the_split_wraps_under_itself_not_under_the_bars(tmp_path: Path) -> None:
    pack = load_quiz_pack(tmp_path)
    app = make_app(Settings(content_dir=tmp_path, data_dir=tmp_path / "data", user="ada"), pack)
    async with app.run_test(size=(70, 40)) as pilot:
        screen = LiveQuizScreen(pack, StudentLiveQuiz(pack, None, 1), lambda payload: None)
        await app.push_screen(screen)
        screen.heard({"t": "ask", "quiz": 1, "q": 1, "key": "think-tank", "seed": 1, "number": 1, "total": 1})
        long = "a think tank in Washington that studies security in the Asia-Pacific and writes about it often"
        split = [{"response": long, "count": 2}, {"response": "csis", "count": 1}]
        screen.heard({"t": "reveal", "q": 1, "split": split, "yours": None})
        bars = screen.query_one("#live-split")
        await wait_until(pilot, lambda: bars.region.height >= 3)
        lines = painted(bars).splitlines()
        first = next(line for line in lines if "“a think tank" in line)
        column = first.index("“a think tank")
        after = lines[lines.index(first) + 1]
        assert after[:column].strip() == "" and after[column:].strip(), lines  # the rest of the answer, hanging
        assert "“csis”" in "".join(lines)


async def test_in_teams_a_student_sees_their_team_from_about_to_start_and_their_teams_place_at_the_end(
    tmp_path: Path,
) -> None:
    async with ada_in_class(tmp_path) as (pack, hub, teacher, app), app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: any(m.where == "home" for m in hub.students))
        teacher.send({"t": "prepare", "teams": 2})
        await wait_until(pilot, lambda: "about to start" in text(app, "#live-progress"))
        team = hub._teams[hub.students[0].name]
        assert text(app, "#live-progress") == f"Live quiz · team {team} · about to start"
        assert text(app, "#live-prompt").startswith(f"You are in team {team}. Your teacher is choosing")
        teacher.send({"t": "ask", "q": 1, "key": KEYS[0], "seed": 1, "number": 1, "total": 1, "teams": 2})
        await wait_until(pilot, lambda: "question 1 of 1" in text(app, "#live-progress"))
        assert text(app, "#live-progress") == f"Live quiz · team {team} · question 1 of 1"
        item = live_item(pack, KEYS[0], 1)
        assert item is not None
        for press in keys_for(item, right=True):
            await pilot.press(press)
        await wait_until(pilot, lambda: "Answer recorded" in text(app, "#live-status"))
        teacher.send({"t": "reveal", "q": 1})
        await wait_until(pilot, lambda: app.screen.query_one("#live-reveal").display)
        other = next(name for name in ("Foxes", "Owls") if name != team)
        scores = [{"team": team, "right": 1, "answered": 1}, {"team": other, "right": 0, "answered": 0}]
        teacher.send({"t": "end", "teams": scores})
        await wait_until(pilot, lambda: "Your score: 1/1" in text(app, "#live-score"))
        assert text(app, "#live-team") == f"Your team, {team}, came 1st of 2: 1 of 1 right (100%)."
        assert text(app, "#live-progress") == f"Live quiz · team {team} · over"
        standings = app.screen.query_one("#live-teams")
        await wait_until(pilot, lambda: standings.region.height == 2)
        lines = painted(standings).splitlines()
        assert f"1st {team} (your team)" in " ".join(lines[0].split()) and "no answers" in lines[1], lines


def live_in_teams(pack, screen_reader: bool = False, *, end: bool):
    """A student's live quiz in team Owls as the hub says it: a question, and (`end`) the end with a tie."""

    async def quiz(pilot) -> None:
        if screen_reader:
            pilot.app.screen_reader.start(True, None)
        screen = LiveQuizScreen(pack, StudentLiveQuiz(pack, None, 1), lambda payload: None)
        await pilot.app.push_screen(screen)
        screen.heard({"t": "prepare", "team": "Owls"})
        ask = {"t": "ask", "quiz": 1, "q": 1, "key": "meet-where", "seed": 4, "number": 1, "total": 3}
        screen.heard({**ask, "team": "Owls"})
        if end:
            right = live_item(pack, "meet-where", 4).solution[0]  # type: ignore[union-attr]
            screen.heard({"t": "reveal", "q": 1, "split": [{"response": right, "count": 5}], "yours": right})
            teams = [
                {"team": "Foxes", "right": 7, "answered": 12},
                {"team": "Owls", "right": 9, "answered": 12},
                {"team": "Bears", "right": 9, "answered": 12},
            ]
            screen.heard({"t": "end", "quiz": 1, "team": "Owls", "teams": teams})
        await pilot.pause()

    return quiz


def test_a_question_in_teams_on_a_students_screen(snap_compare, tmp_path: Path) -> None:
    """The student's team, in the line above the question."""
    pack = load_quiz_pack(tmp_path)
    app = make_app(Settings(content_dir=tmp_path, data_dir=tmp_path / "data", user="ada"), pack)
    assert snap_compare(app, run_before=live_in_teams(pack, end=False), terminal_size=(100, 30))


def test_the_end_of_a_live_quiz_in_teams_on_a_students_screen(snap_compare, tmp_path: Path) -> None:
    """Their score, their team's place (a tie shown as a tie) and every team's totals, with no member named."""
    pack = load_quiz_pack(tmp_path)
    app = make_app(Settings(content_dir=tmp_path, data_dir=tmp_path / "data", user="ada"), pack)
    assert snap_compare(app, run_before=live_in_teams(pack, end=True), terminal_size=(100, 30))


async def test_the_teams_at_the_end_read_as_words_in_screen_reader_mode(tmp_path: Path) -> None:
    from test_tui_screen_reader import DRAWING, screen_text

    pack = load_quiz_pack(tmp_path)
    app = make_app(Settings(content_dir=tmp_path, data_dir=tmp_path / "data", user="ada", screen_reader=True), pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await live_in_teams(pack, end=True)(pilot)
        await wait_until(pilot, lambda: "joint 1st" in screen_text(app))
        said = screen_text(app)
        assert not DRAWING.findall(said), DRAWING.findall(said)
        assert "Your team, Owls, came joint 1st of 3: 9 of 12 right (75%)." in said
        assert re.search(r"joint 1st\s*Owls \(your team\)\s*9 of 12 right \(75%\)", said), said
        assert re.search(r"3rd\s*Foxes\s*7 of 12 right \(58%\)", said), said


async def test_a_reveal_longer_than_the_screen_scrolls_down_to_its_end(tmp_path: Path) -> None:
    """The explanation and the split below a long question are reached by scrolling, not cut off at the screen's
    foot (the reveal's box took the height left, whatever it held)."""
    pack = load_quiz_pack(tmp_path)
    app = make_app(Settings(content_dir=tmp_path, data_dir=tmp_path / "data", user="ada"), pack)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = LiveQuizScreen(pack, StudentLiveQuiz(pack, None, 1), lambda payload: None)
        await app.push_screen(screen)
        screen.heard({"t": "ask", "quiz": 1, "q": 1, "key": "names-match", "seed": 1, "number": 1, "total": 1})
        split = [{"response": [0, 1, 2], "count": 3}, {"response": [1, 0, 2], "count": 1}]
        screen.heard({"t": "reveal", "q": 1, "split": split, "yours": None})
        await wait_until(pilot, lambda: screen.query_one("#live-reveal").display)
        await pilot.pause()
        screen.query_one("#live").scroll_end(animate=False)  # the mouse wheel's way down (the choices keep the keys)
        await wait_until(pilot, lambda: "Wait for the next question" in screen_text(app), message="the reveal's end")


async def test_slots_filled_are_sent_and_the_reveal_leaves_the_focus_where_it_was(tmp_path: Path) -> None:
    """A matching answer goes to the hub once every slot is filled (no button to press); on the reveal the
    focus stays where it was (a focus moved repaints the whole screen, on fifty screens at once), and a
    typed answer, still focused, takes no more keys."""
    teacher_heard: list[dict] = []
    async with (
        ada_in_class(tmp_path, teacher_heard) as (pack, hub, teacher, app),
        app.run_test(size=(100, 40)) as pilot,
    ):
        await wait_until(pilot, lambda: any(m.where == "home" for m in hub.students))
        answered = lambda q: [m for m in teacher_heard if m["t"] == "answered" and m["q"] == q and m["answered"]]  # noqa: E731
        for q, key in enumerate(("names-match", "think-tank"), start=1):
            teacher.send({"t": "ask", "q": q, "key": key, "seed": q, "number": q, "total": 2})
            await wait_until(pilot, lambda q=q: f"question {q} of 2" in text(app, "#live-progress"))
            item = live_item(pack, key, q)
            assert item is not None
            for press in keys_for(item, right=True)[:-1]:  # every slot filled, or the word typed, no Enter
                await pilot.press(press)
            if item.type == "typed":
                await pilot.press("enter")
            await wait_until(pilot, lambda q=q: answered(q), message=f"{key} sent")
            focused = app.screen.focused
            teacher.send({"t": "reveal", "q": q})
            await wait_until(pilot, lambda: app.screen.query_one("#live-reveal").display)
            await pilot.pause()
            assert app.screen.focused is focused, (key, focused, app.screen.focused)
            if item.type == "typed":
                typed = app.screen.query_one("#typed", Input)
                sent = typed.value
                await pilot.press("x", "backspace", "backspace")
                assert typed.value == sent and not typed.disabled

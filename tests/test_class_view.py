"""`explainer class` on the server machine: the class view over the data dir's local socket.

A real hub listens as the server's does; students are real links to it; the
screen is the real app under Pilot.
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

from conftest import CONTENT, palette_prompts
from quiz_pack import load_quiz_pack, right_response, wrong_response
from test_live_quiz_tui import painted
from textual.widgets import DataTable, Static

from explainer.classroom.hub import ClassHub
from explainer.classroom.link import connect_fd, local_socket
from explainer.classroom.live import live_item
from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.selection import QuizRequest
from explainer.quiz.session import QuizSession
from explainer.settings import Settings
from explainer.tui.class_app import make_class_app
from explainer.tui.screens.help import HelpScreen


async def wait_until(pilot, condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        await pilot.pause(0.05)


def cells(app, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(cell) for cell in table.get_row(key)] for key in table.rows]


async def test_the_class_view_shows_the_students_of_the_server_on_this_data_dir(tmp_path: Path, real_pack: Pack):
    data = tmp_path / "data"
    data.mkdir()
    hub = ClassHub()
    assert await hub.listen_locally(local_socket(data)) is None
    assert local_socket(data).stat().st_mode & 0o077 == 0  # only the server's user may open it
    ada = await connect_fd(await hub.open_link("student", "ada", lambda: 42), lambda m: None, lambda: None)
    ada.send({"t": "status", "where": "3. What did Trump say?", "read": 3, "score": "4/5"})
    app = make_class_app(Settings(content_dir=CONTENT, data_dir=data, user="teacher"), real_pack)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: any(row[0] == "ada" for row in cells(app, "#students")))
        (row,) = cells(app, "#students")
        assert row[2:] == ["3. What did Trump say?", f"3/{len(real_pack.sections)}", "4/5", "42 s"]
        assert "1 student connected" in str(app.screen.query_one("#class-summary", Static).render())
        ada.close()
        await wait_until(pilot, lambda: cells(app, "#students") == [])
    hub.close()
    assert not local_socket(data).exists()


async def test_with_no_server_the_class_view_says_so(tmp_path: Path, real_pack: Pack):
    app = make_class_app(Settings(content_dir=CONTENT, data_dir=tmp_path, user="teacher"), real_pack)
    async with app.run_test(size=(120, 30)) as pilot:
        summary = app.screen.query_one("#class-summary", Static)
        await wait_until(pilot, lambda: "no server is running" in str(summary.render()))


async def test_the_class_view_shows_what_the_class_gets_wrong_and_reads_it_again_when_it_changes(tmp_path: Path):
    pack = load_quiz_pack(tmp_path)
    data = tmp_path / "data"
    wrong = QuizRequest("mistakes")
    for user in ("ann", "bob"):
        store = ProgressStore(data, user, pack_id=pack.id)
        take(QuizSession.start(pack, QuizRequest(seed=1, count=50), store), wrong_response)
        for _ in range(3):  # wrong four times in all: struggling
            take(QuizSession.start(pack, wrong, store), wrong_response)
        store.close()
    app = make_class_app(Settings(content_dir=tmp_path, data_dir=data, user="teacher"), pack)
    async with app.run_test(size=(120, 50)) as pilot:
        await wait_until(pilot, lambda: len(cells(app, "#questions")) > 0)
        first = cells(app, "#questions")[0]
        assert first[1:3] == ["8", "0%"]  # asked 8 times (4 each), never right
        struggling = str(app.screen.query_one("#struggling", Static).render())
        assert "ann, bob" in struggling
        assert "0% (0/" in str(app.screen.query_one("#weakest", Static).render())

        cy = ProgressStore(data, "cy", pack_id=pack.id)
        take(QuizSession.start(pack, QuizRequest(seed=1, count=50), cy), right_response)
        cy.close()
        await wait_until(pilot, lambda: cells(app, "#questions")[0][1] == "9")


async def test_the_teachers_keys_are_in_help_and_in_the_palette_while_they_apply(tmp_path: Path, real_pack: Pack):
    data = tmp_path / "data"
    data.mkdir()
    hub = ClassHub()
    assert await hub.listen_locally(local_socket(data)) is None
    app = make_class_app(Settings(content_dir=CONTENT, data_dir=data, user="teacher"), real_pack)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.link is not None)
        offered = await palette_prompts(pilot)
        assert "Live quiz" in offered and "Open Help" in offered and "Reveal" not in offered
        await pilot.press("escape", "l")  # the live quiz's menu, then one question of the whole pack
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LiveSetup")
        await pilot.press("minus", "minus", "minus", "minus", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LiveHostScreen")
        offered = await palette_prompts(pilot)
        assert {"Reveal", "End quiz"} <= set(offered) and not {"Next", "Back to the class"} & set(offered)
        await pilot.press("escape", "question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        rows = cells(app, "#keys")
        assert ["Running a live quiz", "r", "Show everyone the answer, the explanation and how the class split"] in rows
        assert ["Class view", "l", "Ask every connected student the same questions, live"] in rows
    hub.close()


def take(session: QuizSession, answer) -> None:
    while (item := session.current) is not None:
        session.answer(answer(item))
        session.advance()


async def test_the_first_question_goes_to_the_class_before_the_teachers_screen_is_made(tmp_path: Path, real_pack):
    """Fifty students must not wait for the teacher's live-quiz screen: the ask leaves first, the screen follows."""
    data = tmp_path / "data"
    data.mkdir()
    hub = ClassHub()
    assert await hub.listen_locally(local_socket(data)) is None
    heard: list[dict] = []
    ada = await connect_fd(await hub.open_link("student", "ada"), heard.append, lambda: None)
    app = make_class_app(Settings(content_dir=CONTENT, data_dir=data, user="teacher"), real_pack)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.link is not None)
        screens_when_sent: dict[str, list[str]] = {}
        send = app.send

        def noting(payload) -> bool:  # the real send, noting which screens were up when each message left
            screens_when_sent.setdefault(payload["t"], [type(s).__name__ for s in app.screen_stack])
            return send(payload)

        app.send = noting  # type: ignore[method-assign]
        await pilot.press("l")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LiveSetup")
        await pilot.press("enter")  # the whole pack, five questions
        await wait_until(pilot, lambda: any(m["t"] == "ask" for m in heard))
        assert "LiveHostScreen" not in screens_when_sent["ask"]
        ask = next(m for m in heard if m["t"] == "ask")
        assert (ask["number"], ask["total"]) == (1, 5)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LiveHostScreen")
        host = app.screen
        await wait_until(pilot, lambda: "1 student answered" in str(host.query_one("#host-count", Static).render()))
        item = live_item(real_pack, ask["key"], ask["seed"])
        assert item is not None and str(host.query_one("#live-prompt", Static).render()) == item.prompt
        ada.send({"t": "answer", "q": ask["q"], "response": 0})
        await wait_until(
            pilot, lambda: "1 of 1 student answered" in str(host.query_one("#host-count", Static).render())
        )
        await pilot.press("r")
        await wait_until(pilot, lambda: any(m["t"] == "reveal" for m in heard))
        await pilot.press("n")
        await wait_until(pilot, lambda: [m["number"] for m in heard if m["t"] == "ask"] == [1, 2])
        assert "question 2 of 5" in str(host.query_one("#live-progress", Static).render())
    ada.close()
    hub.close()


async def test_the_teachers_long_options_wrap_under_themselves(tmp_path: Path, real_pack: Pack):
    from explainer.classroom.live import LivePlan, LiveRun
    from explainer.quiz.selection import pool_keys
    from explainer.tui.screens.live_host import LiveHostScreen

    keys = pool_keys(real_pack, random.Random(0))
    matching = next(k for k in keys if (item := live_item(real_pack, k, 1)) is not None and item.type == "match")
    run = LiveRun(real_pack, LivePlan("Live quiz", (matching,)))
    assert run.next_ask() is not None and run.item is not None
    app = make_class_app(Settings(content_dir=CONTENT, data_dir=tmp_path, user="teacher"), real_pack)
    async with app.run_test(size=(44, 40)) as pilot:
        await app.push_screen(LiveHostScreen(run))
        options = app.screen.query_one("#host-options")
        await wait_until(pilot, lambda: options.region.height > 0)
        lines = [strip.text for strip in options.render_lines(options.region.reset_offset)]
        lettered = [n for n, line in enumerate(lines) if line.lstrip().startswith(("A)", "B)", "C)", "D)"))]
        wrapped = [line for n, line in enumerate(lines) if n > lettered[0] and n not in lettered and line.strip()]
        assert wrapped, lines  # some definition is longer than a line at 44 columns
        column = lines[lettered[0]].index(")") + 2
        assert all(line[:column].strip() == "" for line in wrapped), lines


async def test_the_class_view_in_screen_reader_mode(tmp_path: Path, real_pack: Pack):
    """As on every other screen: words, not drawings (the split's bars blank, the right one said); keys in
    words; the cursor on the focused row; a student's row read out again only when the student changes."""
    from test_tui_screen_reader import DRAWING, screen_text

    from explainer.tui.screen_reader import focus_offset

    data = tmp_path / "data"
    data.mkdir()
    hub = ClassHub()
    assert await hub.listen_locally(local_socket(data)) is None
    heard: list[dict] = []
    ada = await connect_fd(await hub.open_link("student", "ada", lambda: 5), heard.append, lambda: None)
    settings = Settings(content_dir=CONTENT, data_dir=data, user="teacher", screen_reader=True)
    app = make_class_app(settings, real_pack)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: any(row[0] == "ada" for row in cells(app, "#students")))
        assert app.screen_reader.on
        (row,) = cells(app, "#students")
        assert row[1] == "under 1 min" and row[5] == "under 1 min"
        app.screen.query_one("#students").focus()
        await pilot.pause()
        assert app.cursor_position == focus_offset(app.focused)
        said = screen_text(app)
        assert not DRAWING.findall(said) and "f1 Help" in said and "l Live quiz" in said
        await pilot.press("l")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LiveSetup")
        await pilot.press("end", "enter")  # one question, picked from the list: the first
        await wait_until(pilot, lambda: app.screen.picking)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(m["t"] == "ask" for m in heard))
        ask = next(m for m in heard if m["t"] == "ask")
        item = live_item(real_pack, ask["key"], ask["seed"])
        assert item is not None and item.type in ("choice", "true_false")  # the pack's first question
        ada.send({"t": "answer", "q": ask["q"], "response": item.solution[0]})
        await wait_until(pilot, lambda: "1 of 1" in str(app.screen.query_one("#host-count", Static).render()))
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen.query_one("#host-reveal").display)
        await pilot.pause()
        said = screen_text(app)
        assert not DRAWING.findall(said), DRAWING.findall(said)
        assert re.search(r"right:\s*1\s+100%", said), said  # the bar blank, the right answer said in a word
    ada.close()
    hub.close()


async def test_the_teacher_chooses_teams_and_sees_a_line_per_team_on_reveal_and_a_team_table_at_the_end(
    tmp_path: Path, real_pack: Pack
):
    """Four students in two teams answer two questions; each team's score is its right answers out of its
    members' answers, on each reveal and at the end, where every student is sent the same totals."""
    data = tmp_path / "data"
    data.mkdir()
    hub = ClassHub(rng=random.Random(2))
    assert await hub.listen_locally(local_socket(data)) is None
    heard: dict[str, list[dict]] = {name: [] for name in ("ada", "bob", "cy", "di")}
    links = {name: await connect_fd(await hub.open_link("student", name), heard[name].append, lambda: None)
             for name in heard}  # fmt: skip
    app = make_class_app(Settings(content_dir=CONTENT, data_dir=data, user="teacher"), real_pack)
    async with app.run_test(size=(120, 50)) as pilot:
        await wait_until(pilot, lambda: len(hub.students) == 4 and app.link is not None)
        await pilot.press("l")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LiveSetup")
        await pilot.press("t")
        count = app.screen.query_one("#live-count", Static)
        await wait_until(pilot, lambda: "2 teams (t to change)" in str(count.render()))
        teams: dict[str, str] = {}
        await wait_until(pilot, lambda: all(any(m.get("team") for m in heard[n]) for n in heard))
        teams = {name: next(m["team"] for m in heard[name] if m.get("team")) for name in heard}
        assert sorted(teams.values()) == ["Foxes", "Foxes", "Owls", "Owls"]
        await pilot.press("minus", "minus", "minus", "enter")  # two questions of the whole pack
        await wait_until(pilot, lambda: type(app.screen).__name__ == "LiveHostScreen")
        host = app.screen
        lines = host.query_one("#host-team-lines")
        class_view = app.screen_stack[-2].query_one("#students", DataTable)  # under the live quiz: who is in which
        now_in = lambda: {str(class_view.get_row(k)[0]): str(class_view.get_row(k)[2]) for k in class_view.rows}  # noqa: E731
        await wait_until(pilot, lambda: now_in() == {name: f"— · team {teams[name]}" for name in teams})
        expected = {"Foxes": [0, 0], "Owls": [0, 0]}
        for number in (1, 2):
            await wait_until(pilot, lambda n=number: all(any(m.get("number") == n for m in heard[s]) for s in heard))
            for student, (name, link) in enumerate(links.items()):
                ask = next(m for m in heard[name] if m["t"] == "ask" and m["number"] == number)
                assert ask["team"] == teams[name]
                item = live_item(real_pack, ask["key"], ask["seed"])
                assert item is not None
                right = (student + number) % 3 != 0  # 1 of 4 wrong on question 1, 2 of 4 on question 2
                response = right_response(item) if right else wrong_response(item)
                link.send({"t": "answer", "q": ask["q"], "response": list(response) if isinstance(response, tuple)
                           else response})  # fmt: skip
                expected[teams[name]][0] += right
                expected[teams[name]][1] += 1
            await wait_until(pilot, lambda: "4 of 4" in str(host.query_one("#host-count", Static).render()))
            await pilot.press("r")
            await wait_until(pilot, lambda: host.query_one("#host-teams").display and lines.region.height == 2)
            for team, (right, answered) in expected.items():
                (line,) = [line for line in painted(lines).splitlines() if f" {team} " in line]
                assert f"{right} of {answered} right" in line and "this question:" in line, line  # so far, and now
            await pilot.press("n")
        team_table = host.query_one("#host-team-table")
        await wait_until(pilot, lambda: host.query_one("#host-end").display and team_table.region.height == 2)
        table = painted(team_table)
        assert host.query_one("#host-results").region.y <= team_table.region.bottom + 3  # the results right below
        for team, (right, answered) in expected.items():
            assert re.search(rf"{team}\s+\S+\s+{right} of {answered} right", table), table
        await wait_until(pilot, lambda: all(any(m["t"] == "end" for m in heard[s]) for s in heard))
        for name in heard:
            end = next(m for m in heard[name] if m["t"] == "end")
            assert {e["team"]: [e["right"], e["answered"]] for e in end["teams"]} == expected
    for link in links.values():
        link.close()
    hub.close()


async def test_what_the_hub_says_before_the_class_view_is_built_is_shown_once_it_is(tmp_path: Path, real_pack: Pack):
    """On a loaded server the hub can answer before the class view is composed: it was a crash (NoMatches)."""
    from explainer.tui.class_event import ClassEvent
    from explainer.tui.screens.class_view import ClassScreen

    student = {"id": 1, "name": "ada", "idle": 3, "where": "", "read": 0, "score": "", "team": ""}
    app = make_class_app(Settings(content_dir=CONTENT, data_dir=tmp_path, user="teacher"), real_pack)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.hub_problem != "")  # no server here: said once, and done
        app.push_screen(ClassScreen(real_pack, tmp_path))
        app.on_class_event(ClassEvent({"t": "class", "students": [student]}))  # at once: not yet composed
        await wait_until(pilot, lambda: app.screen.is_mounted and cells(app, "#students") != [])
        assert cells(app, "#students")[0][0] == "ada"

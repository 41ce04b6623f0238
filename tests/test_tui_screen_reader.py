"""Screen-reader mode in the full-screen app: checked with Pilot, on a real pseudo-terminal, and in snapshots.

What a reader needs (tui/screen_reader.py): the terminal's cursor on what has focus, no drawing characters
on the screen, keys named in words, nothing that moves on its own; asked for on the command line or in the
environment, and remembered per student.
"""

from __future__ import annotations

import html
import io
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest
from conftest import STARTER, palette_prompts
from plain_cli import clean_env
from serve_harness import SSH, ServedExplainer

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.settings import SCREEN_READER_VARIABLE, Settings
from explainer.tui.app import ExplainerApp, make_app
from explainer.tui.screen_reader import SHOW_CURSOR, STATE_KEY, STAYS_SECONDS, focus_offset
from explainer.tui.widgets.footer import READER_ROWS, Footer

DRAWING = re.compile("[\u2190-\u21ff\u2500-\u25ff\u2700-\u27bf\u2b00-\u2bff\U0001f300-\U0001faff]")
TMUX = shutil.which("tmux")


def app_for(pack: Pack, data_dir: Path, *, screen_reader: bool = False) -> ExplainerApp:
    settings = Settings(content_dir=STARTER, data_dir=data_dir, user="ada", screen_reader=screen_reader)
    return make_app(settings, pack)


def screen_text(app: ExplainerApp) -> str:
    """Every character on the screen, as the terminal would show it (the SVG of a screenshot, its text)."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<]*)</text>", svg))).replace("\xa0", " ")


async def test_asked_for_it_is_on_remembered_and_the_palette_turns_it_off(starter_pack: Pack, tmp_path: Path) -> None:
    async with app_for(starter_pack, tmp_path, screen_reader=True).run_test(size=(100, 30)) as pilot:
        assert pilot.app.screen_reader.on
        assert pilot.app.animation_level == "none"
    async with app_for(starter_pack, tmp_path).run_test(size=(100, 30)) as pilot:
        assert pilot.app.screen_reader.on  # remembered for this student
        pilot.app.action_toggle_screen_reader()
        await pilot.pause()
        assert not pilot.app.screen_reader.on
    assert ProgressStore(tmp_path, "ada", pack_id=starter_pack.id).get(STATE_KEY) == "0"
    async with app_for(starter_pack, tmp_path).run_test(size=(100, 30)) as pilot:
        assert not pilot.app.screen_reader.on
        commands = [command.title for command in pilot.app.get_system_commands(pilot.app.screen)]
        assert "Screen-reader mode: turn on" in commands


async def test_the_cursor_follows_focus_down_lists_and_across_screens(starter_pack: Pack, tmp_path: Path) -> None:
    async with app_for(starter_pack, tmp_path, screen_reader=True).run_test(size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.pause()
        menu = app.screen.query_one("#menu")
        assert app.focused is menu
        assert app.cursor_position == (menu.content_region.x, menu.content_region.y)  # the first way in
        await pilot.press("down", "down")
        await pilot.pause()
        assert app.cursor_position == (menu.content_region.x, menu.content_region.y + 2)
        await pilot.press("g")  # the glossary: its list has focus, the cursor goes there
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        assert app.focused is not None and app.focused is not menu
        assert app.cursor_position == focus_offset(app.focused)
        assert app.screen.get_widget_at(*app.cursor_position)[0] is app.focused


async def test_no_drawing_characters_and_keys_in_words(starter_pack: Pack, tmp_path: Path) -> None:
    async with app_for(starter_pack, tmp_path).run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # a section: borders, bullets and arrow keys in the footer
        await pilot.pause()
        drawn = screen_text(pilot.app)
        assert DRAWING.search(drawn), "the check would find drawing characters"
        pilot.app.action_toggle_screen_reader()
        await pilot.pause()
        said = screen_text(pilot.app)
    assert not DRAWING.findall(said)
    assert "n Next" in said and "p Previous" in said and "f1 Help" in said  # keys in words, the shortest said
    assert starter_pack.sections[0].question in said


async def test_on_a_real_terminal_the_cursor_is_shown_and_left_on_the_focused_line(
    real_pack: Pack, tmp_path: Path
) -> None:
    async with app_for(real_pack, tmp_path / "pilot").run_test(size=(100, 30)) as pilot:
        menu = pilot.app.screen.query_one("#menu").content_region  # where the first way in is drawn at 100x30
    log = io.BytesIO()
    terminal = pexpect.spawn(
        sys.executable,
        ["-m", "explainer", "--screen-reader", "--data-dir", str(tmp_path / "real")],
        dimensions=(30, 100),
        env=clean_env(),
        timeout=60,
    )
    terminal.logfile_read = log
    terminal.expect("Walkthrough")
    terminal.expect(re.escape(f"\x1b[{menu.y + 1};{menu.x + 1}H".encode()))  # the cursor sent to the menu's line
    terminal.send("q")
    terminal.expect(pexpect.EOF)
    output = log.getvalue().decode("utf-8", "replace")
    up = output.find("Walkthrough")
    assert output.rfind("\x1b[?25l", 0, up) < output.find("\x1b[?25h", 0), "the cursor is shown once the app is up"
    painted = output[: output.rfind("\x1b[?1049l")]  # up to the app leaving the screen
    assert re.findall(r"\x1b\[(\d+);(\d+)H", painted)[-1] == (str(menu.y + 1), str(menu.x + 1))


async def test_the_cursor_follows_focus_into_view_and_into_the_palette(real_pack: Pack, tmp_path: Path) -> None:
    async with app_for(real_pack, tmp_path, screen_reader=True).run_test(size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("enter", "l")  # the section's links, below the fold: the first scrolled into view
        await pilot.pause()
        await pilot.pause()
        page, links = app.focused, app.screen.query_one("#links")
        assert page is not None and page.id == "page" and page.pointed_link == links.links[0]
        assert app.screen.get_widget_at(*app.cursor_position)[0] is links  # the cursor on the link itself
        assert app.cursor_position.y < app.size.height - 2  # on the screen, above the footer
        await pilot.press("ctrl+p")  # the palette's search box: the cursor at its caret
        await pilot.pause()
        await pilot.pause()
        box = app.focused
        assert box is not None and type(box).__name__ == "CommandInput"
        assert app.cursor_position == box.cursor_screen_offset
        assert app.screen.get_widget_at(*app.cursor_position)[0] is box
        assert not DRAWING.search(screen_text(app))  # the palette's magnifying glass is gone too
        await pilot.press("t", "i", "m")
        await app.workers.wait_for_complete()  # the palette's search
        await pilot.pause()
        await pilot.press("down")  # the next result: the cursor on its line, the search box keeping focus
        await pilot.pause()
        await pilot.pause()
        results = app.screen.query_one("CommandList")
        assert app.focused is box and results.highlighted is not None
        assert app.screen.get_widget_at(*app.cursor_position)[0] is results
        assert app.cursor_position == focus_offset(results)
        await pilot.press("e")  # typing again: back at the caret
        await pilot.pause()
        await pilot.pause()
        assert app.cursor_position == box.cursor_screen_offset


async def test_the_cursor_follows_the_row_of_helps_table_of_keys(starter_pack: Pack, tmp_path: Path) -> None:
    async with app_for(starter_pack, tmp_path, screen_reader=True).run_test(size=(100, 30)) as pilot:
        app = pilot.app
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        table = app.focused
        assert table is not None and table.id == "keys"
        top = app.cursor_position.y
        assert app.screen.get_widget_at(*app.cursor_position)[0] is table
        await pilot.press("down", "down")
        await pilot.pause()
        await pilot.pause()
        assert table.cursor_row == 2 and app.cursor_position.y == top + 2  # one line a key, as the rows are
        assert app.screen.get_widget_at(*app.cursor_position)[0] is table


class Tmux:
    """A real terminal: a tmux server of the test's own, one window of `size`, read back as tmux sees it."""

    def __init__(self, command: list[str], size: tuple[int, int] = (100, 30), env: dict[str, str] | None = None):
        assert TMUX
        self.socket = f"explainer-test-{id(self)}"
        self.env = env or clean_env()
        width, height = size
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), shlex.join(command))

    def _tmux(self, *arguments: str) -> str:
        command = [TMUX or "tmux", "-L", self.socket, "-f", "/dev/null", *arguments]
        return subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=30).stdout

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def at_cursor(self) -> tuple[str, str]:
        """The line the terminal's cursor is on: the text before the cursor, and from it on."""
        x, y = (int(n) for n in self._tmux("display", "-p", "#{cursor_x} #{cursor_y}").split())
        lines = self._tmux("capture-pane", "-p").splitlines()
        line = lines[y] if y < len(lines) else ""
        return line[:x], line[x:]

    def wait_for_cursor_on(self, words: str, *, after: str = "", line: str = "", timeout: float = 60) -> None:
        """Until the cursor is on `words` (or in the blank margin just before them; or just after `after`), on a
        line that has `line` in it."""
        deadline = time.monotonic() + timeout
        while True:
            before, on = self.at_cursor()
            if on.lstrip().startswith(words) and before.rstrip().endswith(after) and line in before + on:
                return
            assert time.monotonic() < deadline, f"the cursor never reached {after!r}|{words!r}: {before!r}|{on!r}"
            time.sleep(0.1)

    def close(self) -> None:
        self._tmux("kill-server")


def follow_focus_in_a_terminal(terminal: Tmux, pack: Pack) -> None:
    """What Orca and BRLTTY read, as focus moves: the text where the terminal's own cursor is."""
    first, second = sorted((term.term for term in pack.terms), key=str.casefold)[:2]
    terminal.wait_for_cursor_on("Walkthrough")
    terminal.keys("Down")
    terminal.wait_for_cursor_on("Glossary")
    terminal.keys("g")
    terminal.wait_for_cursor_on(first)
    terminal.keys("Down")
    terminal.wait_for_cursor_on(second)
    terminal.keys("h")
    terminal.wait_for_cursor_on("Walkthrough")  # home again, the first way in
    terminal.keys("Enter")
    terminal.wait_for_cursor_on(f"1/{len(pack.sections)}")  # the section's first line: its number and question
    terminal.keys("l")
    first_link = next(link for link in pack.links.section(pack.sections[0].id).links if link.kind == "term")
    terminal.wait_for_cursor_on(pack.term(first_link.target).term)  # the first of its links, scrolled into view
    terminal.keys("C-p")
    terminal.wait_for_cursor_on("", line="Find a section, term")  # in the palette's search box
    terminal.keys("t", "i", "m")
    terminal.wait_for_cursor_on("", after="tim")  # the search box's caret, after what was typed
    terminal.keys("Escape", "q")


@pytest.mark.skipif(TMUX is None, reason="needs tmux, a real terminal to read the cursor from (.ci/run installs it)")
def test_in_a_real_terminal_the_cursor_is_on_what_has_focus(real_pack: Pack, tmp_path: Path) -> None:
    terminal = Tmux([sys.executable, "-m", "explainer", "--screen-reader", "--data-dir", str(tmp_path)])
    try:
        follow_focus_in_a_terminal(terminal, real_pack)
    finally:
        terminal.close()


@pytest.mark.skipif(SSH is None or TMUX is None, reason="needs the OpenSSH client and tmux (.ci/run installs them)")
def test_over_ssh_t_in_a_real_terminal_the_cursor_is_on_what_has_focus(real_pack: Pack, tmp_path: Path) -> None:
    from serve_harness import client_env

    served = ServedExplainer(tmp_path)
    terminal = Tmux(served.ssh("-t", "-o", f"SetEnv={SCREEN_READER_VARIABLE}=1", user="kim"), env=client_env())
    try:
        follow_focus_in_a_terminal(terminal, real_pack)
    finally:
        terminal.close()
        served.stop()


def test_snapshot_home_in_screen_reader_mode(snap_compare, starter_pack: Pack, tmp_path: Path) -> None:
    assert snap_compare(app_for(starter_pack, tmp_path, screen_reader=True), terminal_size=(100, 30))


def test_snapshot_section_in_screen_reader_mode(snap_compare, starter_pack: Pack, tmp_path: Path) -> None:
    assert snap_compare(app_for(starter_pack, tmp_path, screen_reader=True), press=["enter"], terminal_size=(100, 30))


def moving(app: ExplainerApp) -> list[str]:
    """What on the screens would change by itself: running timers of widgets (a blinking cursor, a toast's
    countdown far short of `STAYS_SECONDS`), widgets redrawn on a timer (a spinner), animations under way."""
    found = []
    for screen in app.screen_stack:
        for node in screen.walk_children(with_self=True):
            for timer in list(node._timers):
                running = timer._task is not None and not timer._task.done() and timer._active.is_set()
                if running and (timer._repeat is None or timer._interval < STAYS_SECONDS / 2):
                    found.append(f"{type(node).__name__}: timer {timer.name} every {timer._interval}s")
            if node.auto_refresh:
                found.append(f"{type(node).__name__}: redrawn every {node.auto_refresh}s")
            for attribute in ("scroll_x", "scroll_y", "offset", "opacity"):
                if app.animator.is_being_animated(node, attribute):
                    found.append(f"{type(node).__name__}: {attribute} animating")
    return found


async def visit_every_screen(pilot, seen: dict[str, list[str]]) -> None:
    """Home, a section scrolled to its end, a message, the glossary's filter, the palette searching, the
    timeline, a quiz: what `moving` finds on each."""
    app = pilot.app

    async def look(name: str) -> None:
        await pilot.pause()
        seen[name] = moving(app)

    await look("home")
    await pilot.press("enter", "end")
    await look("section, scrolled to its end")
    page = app.screen.query_one("#page")
    assert page.scroll_y == page.max_scroll_y  # there at once, not on its way
    await pilot.press("p")  # "This is the first section."
    await look("a message")
    await pilot.press("g", "slash")
    await look("the glossary's filter")
    await pilot.press("escape")
    await palette_prompts(pilot, "tr")
    await look("the palette")
    await pilot.press("escape", "t")
    await look("timeline")
    await pilot.press("z", "enter")
    await look("a quiz")


async def test_nothing_moves_on_its_own_on_any_screen(starter_pack: Pack, tmp_path: Path) -> None:
    seen: dict[str, list[str]] = {}
    async with app_for(starter_pack, tmp_path / "reader", screen_reader=True).run_test(
        size=(100, 30), notifications=True
    ) as pilot:
        await visit_every_screen(pilot, seen)
    assert seen and not any(seen.values()), seen
    seen.clear()
    async with app_for(starter_pack, tmp_path / "sighted").run_test(size=(100, 30), notifications=True) as pilot:
        await visit_every_screen(pilot, seen)
    # The same walk outside the mode finds what moves there: the check can see it.
    assert any("timer" in thing for thing in seen["a message"]), seen
    assert any("blink" in thing or "every 0.5s" in thing for thing in seen["the palette"]), seen


async def test_a_message_stays_on_a_line_of_its_own_until_the_next_key(starter_pack: Pack, tmp_path: Path) -> None:
    async with app_for(starter_pack, tmp_path, screen_reader=True).run_test(
        size=(100, 30), notifications=True
    ) as pilot:
        await pilot.press("enter", "p")  # the first section has none before it
        await pilot.pause()
        await pilot.pause()
        said = screen_text(pilot.app).splitlines()
        note = [line for line in said if "This is the first section." in line]
        assert [line.strip() for line in note] == ["Note: This is the first section."]
        toast = pilot.app.screen.query_one("Toast")
        assert toast.region.width >= pilot.app.size.width - 2 and toast.region.height == 1  # a line across
        await pilot.press("down")  # the student's next key: read, it goes
        await pilot.pause()
        await pilot.pause()
        assert not pilot.app.screen.query("Toast")
        assert "This is the first section." not in screen_text(pilot.app)
        pilot.app.notify("Pack reloaded.", severity="warning", timeout=2)  # asked for a short time: stays too
        await pilot.pause()
        await pilot.pause()
        assert "Warning: Pack reloaded." in screen_text(pilot.app)


async def footers_on_every_screen(pilot, pack: Pack) -> dict[str, tuple[list[str], int, list[tuple[str, str]]]]:
    """The footer of each screen a student reaches, the live quiz's included: its lines, its height on the
    screen, and the keys (as named, what they do) it has to show."""
    from explainer.classroom.live import StudentLiveQuiz, plan
    from explainer.tui.screens.live_quiz import LiveQuizScreen

    app = pilot.app
    footers: dict[str, tuple[list[str], int, list[tuple[str, str]]]] = {}

    async def look(name: str) -> None:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        wanted = footer.keys()  # (as named, what it does, the key)
        keys = [(key, description) for key, description, _ in wanted]
        footers[name] = (str(footer.render()).splitlines(), footer.region.height, keys)

    await look("home")
    await pilot.press("enter")
    await look("section")
    await pilot.press("g")
    await look("glossary")
    await pilot.press("slash")
    await look("glossary, typing")
    await pilot.press("escape", "t")
    await look("timeline")
    await pilot.press("v")
    await look("perspectives")
    await pilot.press("z", "enter")
    await look("quiz")
    await pilot.press("escape", "h")
    await pilot.pause()
    live = LiveQuizScreen(pack, StudentLiveQuiz(pack, None, 1), lambda payload: None)
    app.push_screen(live)
    await pilot.pause()
    live.heard({"t": "ask", "q": 1, "key": plan(pack)[0], "seed": 1, "number": 1, "total": 3})
    await look("live quiz")
    live.heard({"t": "end"})
    await look("live quiz, over")
    return footers


@pytest.mark.parametrize("width", [80, 100])
async def test_the_footer_in_words_shows_every_key_within_the_width_on_every_screen(
    starter_pack: Pack, tmp_path: Path, width: int
) -> None:
    async with app_for(starter_pack, tmp_path, screen_reader=True).run_test(size=(width, 30)) as pilot:
        footers = await footers_on_every_screen(pilot, starter_pack)
        assert len(footers) == 9
        for name, (lines, height, keys) in footers.items():
            assert 1 <= len(lines) <= READER_ROWS and height == len(lines), (name, lines)
            assert all(len(line.rstrip()) <= width for line in lines), (name, lines)
            shown = " ".join(lines) + " "
            for key, description in keys:
                assert f" {key} {description} " in shown, (name, key, description, lines)
            assert not DRAWING.search(shown), (name, lines)
            if not name.startswith("live quiz"):  # a modal of its own: the app's keys wait until it is over
                assert "f1 Help" in shown, (name, lines)


@pytest.mark.skipif(SSH is None, reason="needs the OpenSSH client (.ci/run installs it)")
def test_over_ssh_a_student_asks_with_setenv_and_it_is_remembered(tmp_path: Path, real_pack: Pack) -> None:
    served = ServedExplainer(tmp_path)
    try:
        for options in (("-o", f"SetEnv={SCREEN_READER_VARIABLE}=1"), ()):  # asked once, then remembered
            client = served.terminal(*options, user="zoe")
            log = io.BytesIO()
            client.logfile_read = log
            client.expect(re.escape(SHOW_CURSOR.encode()))  # the terminal's cursor shown, for the reader
            client.expect("Walkthrough")
            client.send("q")
            client.expect(pexpect.EOF)
            client.close()
            assert not DRAWING.search(log.getvalue().decode("utf-8", "replace"))
    finally:
        served.stop()
    assert ProgressStore(served.data_dir, "zoe", pack_id=real_pack.id).get(STATE_KEY) == "1"

"""Screen-reader mode in the full-screen app: checked with Pilot, on a real pseudo-terminal, and in snapshots.

What a reader needs (tui/screen_reader.py): the terminal's cursor on what has focus, no drawing characters
on the screen, keys named in words, nothing that moves on its own; asked for on the command line or in the
environment, and remembered per student.
"""

from __future__ import annotations

import html
import io
import re
import sys
from pathlib import Path

import pexpect
import pytest
from conftest import STARTER
from plain_cli import clean_env
from serve_harness import SSH, ServedExplainer

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.settings import SCREEN_READER_VARIABLE, Settings
from explainer.tui.app import ExplainerApp, make_app
from explainer.tui.screen_reader import SHOW_CURSOR, STATE_KEY, focus_offset

DRAWING = re.compile("[\u2190-\u21ff\u2500-\u25ff\u2700-\u27bf\u2b00-\u2bff]")


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
    assert "n Next" in said and "p Previous" in said and "question mark Help" in said  # keys in words
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


def test_snapshot_home_in_screen_reader_mode(snap_compare, starter_pack: Pack, tmp_path: Path) -> None:
    assert snap_compare(app_for(starter_pack, tmp_path, screen_reader=True), terminal_size=(100, 30))


def test_snapshot_section_in_screen_reader_mode(snap_compare, starter_pack: Pack, tmp_path: Path) -> None:
    assert snap_compare(app_for(starter_pack, tmp_path, screen_reader=True), press=["enter"], terminal_size=(100, 30))


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

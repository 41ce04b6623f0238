"""Accessible defaults: themes work and are remembered; NO_COLOR is honoured; keys reach everything."""

from __future__ import annotations

import os
import re
import sys

import pytest
from conftest import REPO, STARTER, palette_prompts
from textual.color import Color

from explainer.pack.model import Pack
from explainer.tui.screens.section import SectionScreen


@pytest.mark.parametrize("theme", ["high-contrast", "ansi-dark", "ansi-light", "textual-light"])
async def test_every_screen_renders_in_each_theme(theme: str, starter_pack: Pack, make_explainer) -> None:
    """Each screen, pop-ups too, is painted on the theme's own background (a pop-up's dims the page under it)."""
    app = make_explainer(starter_pack)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.pause()  # the theme's variables are the app's from the next refresh
        background = Color.parse(app.theme_variables["background"])
        seen = set()
        for key in ["enter", "l", "enter", "escape", "g", "t", "v", "question_mark", "escape", "h"]:
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            seen.add(type(screen).__name__)
            painted = screen.styles.background
            assert (painted.rgb, painted.ansi) == (background.rgb, background.ansi), (type(screen).__name__, painted)
        assert app.theme == theme
    assert seen == {
        "SectionScreen",
        "TermPopup",
        "GlossaryScreen",
        "TimelineScreen",
        "PerspectivesScreen",
        "HelpScreen",
        "HomeScreen",
    }


async def test_the_chosen_theme_is_remembered(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        assert (await palette_prompts(pilot, "high-contrast", key="ctrl+t"))[0] == "high-contrast"
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "high-contrast"
    again = make_explainer(starter_pack)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "high-contrast"


async def test_themes_are_per_student(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack, user="ana")
    async with app.run_test(size=(100, 30)):
        app.theme = "ansi-dark"
    other = make_explainer(starter_pack, user="ben")
    async with other.run_test(size=(100, 30)):
        assert other.theme != "ansi-dark"


def xterm_rgb(index: int) -> tuple[int, int, int]:
    """The RGB of an xterm 256-colour index (the 16 system colours are taken as their greys only when grey)."""
    if index < 16:
        return {0: (0, 0, 0), 7: (192, 192, 192), 8: (128, 128, 128), 15: (255, 255, 255)}.get(index, (index, 0, 0))
    if index >= 232:
        grey = 8 + 10 * (index - 232)
        return grey, grey, grey
    index -= 16
    levels = [0, 95, 135, 175, 215, 255]
    return levels[index // 36], levels[index // 6 % 6], levels[index % 6]


def colours_used(output: bytes) -> set[tuple[int, int, int]]:
    """Every foreground and background colour an escape sequence sets."""
    found = set()
    for match in re.finditer(rb"\x1b\[([0-9;]*)m", output):
        codes = [int(c) for c in match[1].split(b";") if c]
        i = 0
        while i < len(codes):
            if codes[i] in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                found.add(xterm_rgb(codes[i + 2]))
                i += 3
            elif codes[i] in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
                found.add(tuple(codes[i + 2 : i + 5]))
                i += 5
            else:
                i += 1
    return found


def test_no_color_draws_without_hue(tmp_path) -> None:
    """Run the real app in a pseudo-terminal under NO_COLOR: Textual then draws in greys only."""
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env.update(NO_COLOR="1", TERM="xterm-256color", EXPLAINER_DATA_DIR=str(tmp_path))
    child = pexpect.spawn(
        sys.executable,
        ["-m", "explainer", "--content", str(STARTER)],
        env=env,
        cwd=REPO,
        dimensions=(30, 100),
        timeout=30,
    )
    try:
        child.expect("Walkthrough")
        drawn = child.before + child.after
        child.expect("Quit")  # the footer's last key: the whole first screen has been drawn
        colours = colours_used(drawn + child.before)
        assert colours, "expected the screen to be drawn with (grey) colour codes"
        assert all(r == g == b for r, g, b in colours), "NO_COLOR must leave no hue on screen"
    finally:
        child.sendline("q")
        child.terminate(force=True)


async def test_keyboard_alone_reaches_every_place(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(80, 24)) as pilot:
        visited = set()
        for keys in [["enter"], ["g"], ["t"], ["v"], ["h"], ["question_mark"]]:
            await pilot.press(*keys)
            await pilot.pause()
            visited.add(type(app.screen).__name__)
            if type(app.screen).__name__ == "HelpScreen":
                await pilot.press("escape")
        assert {
            "SectionScreen",
            "GlossaryScreen",
            "TimelineScreen",
            "PerspectivesScreen",
            "HomeScreen",
            "HelpScreen",
        } <= visited
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)

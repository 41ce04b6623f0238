"""A seeded random walk of thousands of key presses through every screen, with the terminal
resized down to 20x6 and back: no exception, and the app still answers at the end.

The walk presses what a student might press anywhere, types into whatever has focus
(the glossary filter, a typed quiz answer, the command palette), and when a screen has
gone unvisited for a while it is steered there with the keys a student would use. Keys
come in bursts of up to twelve, sent without waiting for each to be handled, as from a
student who types ahead; the app catches up after each burst. A failure names the seed,
the step and the last keys pressed, so the walk can be replayed. Other walks:
EXPLAINER_WALK_SEED=7 EXPLAINER_WALK_STEPS=800 pytest tests/test_robustness_walk.py
(800 steps on 43 seeds found the races whose tests follow the walk).
"""

from __future__ import annotations

import os
import random
import time

import pytest
from conftest import palette_prompts
from textual import events
from textual.command import CommandPalette
from textual.screen import ModalScreen
from textual.widgets import Input
from waits import settled, until

from explainer.pack.model import Pack
from explainer.tui.screens.home import HomeScreen

SEED = int(os.environ.get("EXPLAINER_WALK_SEED", 2026_05_23))
STEPS = int(os.environ.get("EXPLAINER_WALK_STEPS", 380))
# Thousands of keys in the default walk; a replay of another length scales. How many keys a step
# presses depends on the screen it meets, which depends on timing, so the walk goes on past STEPS
# until it has pressed this many.
AT_LEAST_KEYS = 2000 * STEPS // 380
# Anywhere: moving, following, going back and forth, opening every place, answering quiz questions.
KEYS = [
    "n",
    "p",
    "right",
    "left",
    "up",
    "down",
    "tab",
    "shift+tab",
    "enter",
    "escape",
    "backspace",
    "b",
    "f",
    "h",
    "g",
    "t",
    "v",
    "l",
    "c",
    "z",
    "slash",
    "question_mark",
    "f1",
    "ctrl+p",
    "ctrl+t",
    "home",
    "end",
    "pageup",
    "pagedown",
    "space",
    "i",
    "u",
    "1",
    "2",
    "3",
    "4",
    "a",
    "b",
    "d",
    "t",
]
WORDS = ["korea", "treaty", "putin", "sanctoins", "new start", "x", "apec", "missile test", "ü"]
# Each screen, and the keys that lead to it from anywhere once modals are closed.
ROUTES = {
    "HomeScreen": ["h"],
    "SectionScreen": ["h", "home", "enter"],
    "GlossaryScreen": ["g"],
    "TimelineScreen": ["t"],
    "PerspectivesScreen": ["v"],
    "HelpScreen": ["question_mark"],
    "CommandPalette": ["ctrl+p"],
    "QuizMenu": ["z"],
    "QuizScreen": ["z", "enter"],
    "TermPopup": ["h", "home", "enter", "l", "enter"],
}


CHARACTERS = {"space": " ", "slash": "/", "question_mark": "?"}


async def type_ahead(app, pilot, keys: list[str]) -> None:
    """Send keys as fast as a terminal would deliver them, then let the app catch up."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
    await settled(pilot)


def keys_for(app, rng: random.Random) -> list[str]:
    """What a student might press next, given what has focus."""
    screen = app.screen
    if isinstance(screen, CommandPalette) or isinstance(app.focused, Input):
        roll = rng.random()
        if roll < 0.4:
            return [c if c != " " else "space" for c in rng.choice(WORDS)]
        if roll < 0.7:
            return [rng.choice(["down", "up", "backspace", "tab"])]
        return [rng.choice(["enter", "escape"])]
    return [rng.choice(KEYS) for _ in range(rng.randint(2, 12))]


def way_back_to_a_page(app) -> list[str]:
    """Close a modal, or leave a text field, before steering."""
    return ["escape"] if isinstance(app.screen, (ModalScreen, CommandPalette)) or isinstance(app.focused, Input) else []


@pytest.mark.slow  # about 100 s; CI runs it (pytest -m "not slow" leaves it out while working)
async def test_thousands_of_random_keys_and_resizes_do_not_crash_it(real_pack: Pack, make_explainer) -> None:
    rng = random.Random(SEED)
    app = make_explainer(real_pack)
    quits: list[object] = []
    app.exit = lambda *args, **kwargs: quits.append(args)  # "Quit" from the palette must not end the walk
    app.save_screenshot = lambda *args, **kwargs: None  # nor "Save screenshot" write files
    visited: dict[str, int] = {}
    pressed: list[str] = []
    started = time.monotonic()
    async with app.run_test(size=(100, 30)) as pilot:
        step = 0
        while step < STEPS or sum(1 for key in pressed if not key.startswith("<")) < AT_LEAST_KEYS:
            if step % 120 == 0:
                size = (20, 6) if step % 360 == 0 else (rng.randint(20, 130), rng.randint(6, 45))
                await pilot.resize_terminal(*size)
                pressed.append(f"<resize {size[0]}x{size[1]}>")
            unvisited = [name for name in ROUTES if name not in visited]
            if unvisited and step % 25 == 12:  # steered one key at a time, each handled before the next
                for key in way_back_to_a_page(app) + ROUTES[rng.choice(unvisited)]:
                    await pilot.press(key)
                    pressed.append(key)
                    visited[type(app.screen).__name__] = visited.get(type(app.screen).__name__, 0) + 1
            else:
                keys = keys_for(app, rng)
                await type_ahead(app, pilot, keys)
                pressed += keys
                visited[type(app.screen).__name__] = visited.get(type(app.screen).__name__, 0) + 1
            assert app._exception is None, f"seed {SEED}, step {step}, after {pressed[-30:]}"
            step += 1

        await pilot.resize_terminal(100, 30)
        for _ in range(4):  # out of any modal or text field, then home
            if not way_back_to_a_page(app):
                break
            await pilot.press("escape")
            await settled(pilot)
        await pilot.press("h")
        await settled(pilot)
        assert isinstance(app.screen, HomeScreen), f"still answering keys? on {type(app.screen).__name__}"
    assert set(ROUTES) <= set(visited), f"never reached {set(ROUTES) - set(visited)}; visits {visited}"
    keys = sum(1 for key in pressed if not key.startswith("<"))
    print(
        f"{step} steps, {keys} keys in {time.monotonic() - started:.0f} s; visits {visited}; quit asked "
        f"{len(quits)} times"
    )


async def test_places_typed_ahead_faster_than_their_screens_mount(real_pack: Pack, make_explainer) -> None:
    """Places opened faster than their screens mount (`g` then `t` at once) used to replace a
    screen before Textual's Header had set its title, and the Header's callback ended the
    app (widgets/header.py)."""
    rng = random.Random(0)
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        for step in range(30):
            burst = [
                rng.choice(["g", "t", "v", "h", "b", "f", "enter", "left", "right"]) for _ in range(rng.randint(1, 4))
            ]
            await type_ahead(app, pilot, burst)
            assert app._exception is None, (step, burst)
        await pilot.press("escape", "h")
        await settled(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_page_keys_in_the_palette_before_its_results_are_laid_out(starter_pack: Pack, make_explainer) -> None:
    """PageUp as the palette's results arrived ended the app in Textual 8.2 (widgets/palette.py)."""
    from textual.command import CommandList

    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        palette = app.screen
        results = palette.query_one(CommandList)
        results.display = False  # as between the results' arrival and their layout: nothing laid out
        await pilot.pause()
        results.clear_options()
        results.add_options(["one", "two"])
        results.highlighted = 0
        palette._action_command_list("page_up")
        palette._action_command_list("page_down")
        await pilot.press("escape")
        assert app._exception is None


async def test_lists_squeezed_to_no_width(real_pack: Pack, make_explainer) -> None:
    """A terminal narrower than the menu's border and padding left its options no width, and
    Textual 8.2's OptionList cannot wrap text to a width of zero (widgets/option_list.py)."""
    app = make_explainer(real_pack)
    app.places.stay_factor = 0  # any stay counts: a section is read once the student moves on
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "n", "h")  # home now offers "Resume where you left off: 2. …"
        second = real_pack.sections[1].id
        await until(lambda: app.store.last_section() == second, "section 2 read", pilot=pilot)
        for width in range(1, 21):
            await pilot.resize_terminal(width, 6)
            await pilot.press("down", "pagedown")
            assert app._exception is None, f"at {width}x6"
        await pilot.resize_terminal(100, 30)
        await pilot.press("home", "enter")
        assert str(app.screen.query_one("#question").render()).startswith(f"2/{len(real_pack.sections)}")


async def test_enter_twice_on_a_palette_command(real_pack: Pack, make_explainer) -> None:
    """Enter typed twice on a palette result closed the palette twice: the second popped the page
    beneath, and with no page left the app ended (widgets/palette.py). The command runs once."""
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")  # a page above home, so a second close would land somewhere
        for query in (["t", "r", "e", "a", "t", "y"], ["h"], ["n", "e", "w"]):
            assert await palette_prompts(pilot, "".join(query))  # the results have arrived
            await type_ahead(app, pilot, ["up", "enter", "enter", "enter"])
            assert app._exception is None, query
            assert not isinstance(app.screen, CommandPalette)
            visited = app.history.current
            await pilot.press("escape")  # back (`b` would answer a question the palette opened)
            assert app.history.current != visited, f"{query}: the command ran more than once, or not at all"


async def test_keys_that_reach_a_page_before_it_is_built(real_pack: Pack, make_explainer) -> None:
    """Typed at once, `b` then `l` could reach the section page `b` brought back before its
    widgets existed (screens/page.py), and `b` `b` could ask that page to show another
    section (app.py `_show`); either ended the app. Each `run_action` here is what the key's
    binding does, run before the page has had a moment to build."""
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "n", "g")  # history: section 1, section 2, the glossary
        await app.run_action("back")  # section 2, on a new page
        assert not app.screen.is_mounted
        assert not await app.run_action("focus_links", app.screen)  # `l`: nothing yet
        await app.run_action("back")  # section 1
        await pilot.pause()
        assert app._exception is None
        assert str(app.screen.query_one("#question").render()).startswith("1/")
        await pilot.press("l")
        assert app.focused.pointed_link  # the first of the links at the end


async def test_the_palette_opened_again_before_the_last_one_has_gone(real_pack: Pack, make_explainer) -> None:
    """Esc then Ctrl+P typed at once opened a palette while the closed one was still being removed;
    both had Textual's fixed id, and the app ended on the duplicate (app.py `action_command_palette`)."""
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        closed = app.screen
        closed.dismiss()  # what Esc does
        await app.run_action("command_palette")  # Ctrl+P, before the closed palette is gone
        await until(lambda: isinstance(app.focused, Input), "the new palette's search box", pilot=pilot)
        assert isinstance(app.screen, CommandPalette) and app.screen is not closed
        await pilot.press(*"treaty")
        await settled(pilot)  # the results have arrived
        assert app.screen.query_one(Input).value == "treaty"
        await pilot.press("down", "enter")
        await settled(pilot)
        assert not isinstance(app.screen, CommandPalette)

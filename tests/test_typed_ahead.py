"""Keys typed ahead (all sent at once, as a terminal delivers a burst) each reach the screen the ones before lead
to: none is lost and none lands on the page being left (tui/typed_ahead.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import CONTENT
from textual import events
from textual.widgets import DataTable, Input, OptionList
from waits import DEADLINE, settled

from explainer.pack.model import Pack
from explainer.settings import Settings
from explainer.tui import typed_ahead
from explainer.tui.class_app import make_class_app
from explainer.tui.screens.glossary import GlossaryScreen
from explainer.tui.screens.help import HelpScreen
from explainer.tui.screens.section import SectionScreen

CHARACTERS = {"space": " ", "slash": "/", "question_mark": "?"}


async def burst(app, pilot, *typed: str | events.Paste) -> None:
    """Everything posted to the app with no pause between (no key is handled before the last is sent)."""
    for one in typed:
        if isinstance(one, str):
            one = events.Key(one, CHARACTERS.get(one, one if len(one) == 1 else None))
        app.post_message(one)
    await settled(pilot)


def section_number(app) -> str:
    assert isinstance(app.screen, SectionScreen), type(app.screen).__name__
    return str(app.screen.query_one("#question").render()).split("/")[0]


async def test_enter_then_next_three_times_reaches_the_fourth_section(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await burst(app, pilot, "enter", "n", "n", "n")
        assert section_number(app) == "4"
        await burst(app, pilot, "b", "b", "p")  # back twice to section 2, then the one before it
        assert section_number(app) == "1"


async def test_scrolling_keys_typed_with_the_one_that_opens_the_page_scroll_it(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await burst(app, pilot, "enter", "pagedown", "pagedown")
        assert section_number(app) == "1"
        assert app.focused.scroll_y > 0, "the page never moved"


async def test_a_filter_typed_with_the_key_that_opens_the_glossary_reaches_the_filter(
    real_pack: Pack, make_explainer
) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await burst(app, pilot, "g", "slash", "m", "i", "s", "s")
        assert isinstance(app.screen, GlossaryScreen)
        assert isinstance(app.focused, Input) and app.focused.value == "miss"
        await burst(app, pilot, events.Paste("ile"))  # a paste waits its turn too
        assert app.focused.value == "missile"


async def test_keys_typed_before_the_first_screen_is_built_are_kept(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await burst(app, pilot, "enter", "n")  # at once, as the app starts
        assert section_number(app) == "2"


async def test_a_flood_of_keys_is_painted_when_it_has_been_handled_not_after_every_key(
    real_pack: Pack, make_explainer, monkeypatch
) -> None:
    """A flood (a paste where there is no bracketed paste, a key held down) is handled key by key and painted
    when it has been, as Textual paints a burst it hands on itself: painted after every key, 500 arrows on the
    glossary drained four times slower."""
    monkeypatch.setattr(typed_ahead, "SHOW_EVERY", DEADLINE, raising=False)  # however slow the machine: no paint
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await burst(app, pilot, "g")
        frames = counted_frames(app)
        await burst(app, pilot, *["down"] * 40)
        terms = app.screen.query_one("#terms", OptionList)
        assert terms.highlighted == 40  # every key was handled
        assert str(app.screen.query_one("#term-title").render()).startswith(app.screen.shown[40].term)
        assert frames, "the screen was never painted after the keys"
        while_waiting = [waiting for waiting in frames if waiting]
        assert not while_waiting, f"painted {len(while_waiting)} times while keys waited"


def counted_frames(app) -> list[int]:
    """For every frame the app sends to its terminal from now on, how many keys were waiting then (Textual 8.2's
    `App._display`, watched, not replaced)."""
    frames: list[int] = []
    display = app._display

    def watched(screen, renderable) -> None:
        if renderable is not None and not app._batch_count:
            frames.append(app.typed_ahead.pending)
        display(screen, renderable)

    app._display = watched
    return frames


async def test_the_teachers_keys_typed_with_the_one_that_opens_help_move_in_help(
    tmp_path: Path, real_pack: Pack
) -> None:
    """The class view (tui/class_app.py) keeps keys typed ahead as the student's app does: `?` opens Help, and
    the arrows after it move Help's cursor, not the class view's being left."""
    app = make_class_app(Settings(content_dir=CONTENT, data_dir=tmp_path, user="teacher"), real_pack)
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(pilot)
        await burst(app, pilot, "question_mark", "down", "down")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one(DataTable).cursor_row == 2

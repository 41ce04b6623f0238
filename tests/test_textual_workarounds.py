"""Each workaround for a Textual bug, reproduced in a few lines: Textual's own widget fails, ours does not.

These are canaries, written against Textual 8.2.8. The day a Textual release
fixes a bug, its `..._in_textual` test fails: drop the workaround it names
(and this pair of tests), and the `textual<8.3` pin in pyproject.toml can move.
If Textual renames what we override, `test_what_we_override_still_exists` fails
instead: the override would silently do nothing.
"""

from __future__ import annotations

import collections
import inspect

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandList
from textual.command import CommandPalette as TextualCommandPalette
from textual.css.stylesheet import Stylesheet
from textual.drivers.linux_driver import LinuxDriver
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList as TextualOptionList
from textual.widgets import Static
from waits import settled

from explainer.pack.model import Pack
from explainer.tui import layout_once
from explainer.tui.screens.page import Page
from explainer.tui.stylesheet import SharedStylesheet
from explainer.tui.widgets.option_list import OptionList
from explainer.tui.widgets.palette import CommandPalette


class One(App[None]):
    """An app of one widget."""

    CSS = "OptionList { width: 4; }"  # border and padding take all four cells: no room for text

    def __init__(self, widget_class: type) -> None:
        super().__init__()
        self.widget_class = widget_class

    def compose(self) -> ComposeResult:
        yield self.widget_class()


def test_what_we_override_still_exists() -> None:
    assert list(inspect.signature(TextualOptionList._move_page).parameters) == ["self", "direction"]
    assert "_action_command_list" in vars(TextualCommandPalette)  # widgets/palette.py
    assert 'CommandPalette(id="--command-palette")' in inspect.getsource(App.action_command_palette)  # app.py
    assert "_on_screen_resume" in vars(Screen)  # screens/page.py
    # tui/typed_ahead.py reads what a pump has queued from its queue's `values`, and the message it has taken out
    # of the queue ahead of the one in hand from `_pending_message`.
    assert isinstance(Static()._message_queue.values, collections.deque)
    assert Static()._pending_message is None
    assert "self._pending_message = message" in inspect.getsource(MessagePump._peek_message)
    assert list(inspect.signature(Stylesheet._parse_rules).parameters) == [  # tui/stylesheet.py
        "self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"
    ]  # fmt: skip
    assert list(inspect.signature(layout_once.TEXTUAL_SIZE_UPDATED).parameters) == [  # tui/layout_once.py
        "self", "size", "virtual_size", "container_size", "layout"
    ]  # fmt: skip
    assert "_anchored" in vars(Static())


def test_textual_s_input_thread_stops_only_at_a_select_timeout() -> None:
    """serve/standby.py stops a waiting standby's input thread before any student comes, because Textual 8.2.8's
    LinuxDriver stops it (on suspend) by joining a thread that looks at its stop event only between 0.1 s
    selects, then selects once more on nothing. The day that thread can be woken, this fails: the early stop
    can go."""
    assert "selector.select(0.1)" in inspect.getsource(LinuxDriver.run_input_thread)
    assert "self._key_thread.join()" in inspect.getsource(LinuxDriver.disable_input)


# widgets/option_list.py: (1) PageDown before the options are laid out looks up a line that is not
# there yet (KeyError); (2) an option list with no width for text cannot wrap it (ValueError).


async def page_down_before_layout(list_class: type) -> None:
    app = One(list_class)
    async with app.run_test() as pilot:
        options = app.query_one(TextualOptionList)
        options.display = False  # as between new options arriving and the next layout
        await pilot.pause()
        options.add_options(["one", "two"])
        options.highlighted = 0
        options.action_page_down()


async def test_page_down_before_layout_ends_the_app_in_textual() -> None:
    with pytest.raises(KeyError):
        await page_down_before_layout(TextualOptionList)


async def test_our_option_list_pages_only_once_laid_out() -> None:
    await page_down_before_layout(OptionList)


async def no_room_for_text(list_class: type) -> None:
    app = One(list_class)
    async with app.run_test(size=(20, 6)) as pilot:
        app.query_one(TextualOptionList).add_options(["one option", "two"])
        await pilot.pause()


async def test_an_option_list_with_no_room_for_text_ends_the_app_in_textual() -> None:
    with pytest.raises(ValueError, match="must not be zero"):
        await no_room_for_text(TextualOptionList)


async def test_our_option_list_with_no_room_for_text_is_clipped() -> None:
    await no_room_for_text(OptionList)


# widgets/palette.py: the palette's result list is Textual's OptionList, with the same KeyError on
# PageUp/PageDown as its results arrive.


async def palette_pages_before_layout(use_ours: bool) -> None:
    app = App[None]()
    async with app.run_test() as pilot:
        if use_ours:
            app.push_screen(CommandPalette())
            await pilot.pause()
        else:
            await pilot.press("ctrl+p")
        palette = app.screen
        assert isinstance(palette, TextualCommandPalette)
        results = palette.query_one(CommandList)
        results.display = False
        await pilot.pause()
        results.clear_options()
        results.add_options(["one", "two"])
        results.highlighted = 0
        palette._action_command_list("page_down")  # what PageDown in the palette does


async def test_palette_page_keys_before_its_results_are_laid_out_end_the_app_in_textual() -> None:
    with pytest.raises(KeyError):
        await palette_pages_before_layout(use_ours=False)


async def test_our_palette_pages_only_once_its_results_are_laid_out() -> None:
    await palette_pages_before_layout(use_ours=True)


# app.py `action_command_palette`: Textual opens every palette with one fixed id, so a palette opened
# while the last one is still being removed (Esc then Ctrl+P, typed at once) is a duplicate id.


async def palette_opened_again_at_once(app: App[object]) -> None:
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        app.screen.dismiss()  # Esc
        app.action_command_palette()  # Ctrl+P, before the closed palette has gone
        await pilot.pause()
        assert isinstance(app.screen, TextualCommandPalette)


async def test_a_palette_opened_again_at_once_ends_the_app_in_textual() -> None:
    from textual._node_list import DuplicateIds

    with pytest.raises(DuplicateIds):
        await palette_opened_again_at_once(App[object]())


async def test_our_palette_opened_again_at_once_is_a_new_palette(starter_pack: Pack, make_explainer) -> None:
    await palette_opened_again_at_once(make_explainer(starter_pack))


# tui/stylesheet.py: not a bug, a cost. Textual's `reparse` (as an app starts, and on every theme
# change) parses every source again into a new Stylesheet, whose cache of parsed rules is empty, so each
# app parses all its CSS anew; a served session forked warm would otherwise parse it all again.


def rules_after_reparse(stylesheet_class: type[Stylesheet]) -> tuple[list[object], list[object]]:
    stylesheet = stylesheet_class(variables={"accent": "red"})
    stylesheet.add_source("Static { color: $accent; }", read_from=("test", "CSS"))
    before = list(stylesheet.rules)
    stylesheet.reparse()
    return before, list(stylesheet.rules)


def test_reparse_parses_every_source_again_in_textual() -> None:
    before, after = rules_after_reparse(Stylesheet)
    assert before == after and before[0] is not after[0]


def test_our_stylesheet_reparses_from_the_rules_already_made() -> None:
    before, after = rules_after_reparse(SharedStylesheet)
    assert before[0] is after[0]


# screens/page.py: a screen pushed is resumed just after it was mounted, and Textual restyles every
# widget in it on that resume although mounting has just styled them.


class OneStatic(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("text", id="text")


class OneStaticPage(Page):
    PLACE = "home"

    def compose(self) -> ComposeResult:
        yield Static("text", id="text")


async def times_styled_when_pushed(screen: Screen[None]) -> int:
    app = App[None]()
    async with app.run_test() as pilot:
        styled: list[object] = []
        apply = app.stylesheet.apply

        def counting(node, **options):  # type: ignore[no-untyped-def]
            styled.append(node)
            return apply(node, **options)

        app.stylesheet.apply = counting  # type: ignore[method-assign]
        await app.push_screen(screen)
        await pilot.pause()
        return styled.count(screen.query_one("#text"))


async def test_a_screen_pushed_styles_its_widgets_twice_in_textual() -> None:
    assert await times_styled_when_pushed(OneStatic()) == 2


async def test_our_page_pushed_styles_its_widgets_once() -> None:
    assert await times_styled_when_pushed(OneStaticPage()) == 1


# tui/layout_once.py: a widget that changes size has the screen laid out a second time (its new
# `virtual_size` asks for it), which lays out and renders everything again to the same result.


class Growing(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("one line", id="text")
        yield Static("below it", id="below")


async def layouts_when_a_widget_grows() -> int:
    app = Growing()
    async with app.run_test(size=(40, 10)) as pilot:
        await settled(pilot)
        layouts: list[object] = []
        lay_out = app.screen._refresh_layout

        def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
            layouts.append(args)
            lay_out(*args, **kwargs)

        app.screen._refresh_layout = counting  # type: ignore[method-assign]
        app.query_one("#text", Static).update("one line\nthen two\nthen three")
        await settled(pilot)
        assert app.query_one("#below").region.y == 3  # laid out right, whichever way
        return len(layouts)


async def test_a_widget_that_grows_lays_the_screen_out_twice_in_textual(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Widget, "_size_updated", layout_once.TEXTUAL_SIZE_UPDATED)
    assert await layouts_when_a_widget_grows() == 2


async def test_ours_lays_it_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Widget, "_size_updated", layout_once.TEXTUAL_SIZE_UPDATED)
    layout_once.lay_out_once()
    assert await layouts_when_a_widget_grows() == 1

"""The TUI driven as a student would: keys, links, history, glossary, resume, small terminals."""

from __future__ import annotations

import pytest
from conftest import STARTER, palette_prompts
from textual.widgets import Input, OptionList, Static
from waits import settled, tab_to

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.settings import Settings
from explainer.tui.app import make_app
from explainer.tui.screens.glossary import GlossaryScreen
from explainer.tui.screens.home import HomeScreen
from explainer.tui.screens.section import SectionScreen
from explainer.tui.screens.term_popup import TermPopup


def screen_text(app) -> str:
    """Everything the current screen shows, as plain text."""
    return "\n".join(
        str(widget.render()) if isinstance(widget, Static) else widget.source
        for widget in app.screen.query("Static, Markdown")
        if widget.display and hasattr(widget, "render")
    )


async def test_first_screen_says_north_korea(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "North Korea" in screen_text(app)


async def test_walk_follow_a_term_go_back_open_the_glossary(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # Walkthrough
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == "overview"
        assert "1/3" in app.screen.sub_title

        await pilot.press("n")
        await pilot.pause()
        assert app.screen.section.id == "why-meet"
        assert "Why is Trump meeting Putin" in screen_text(app)

        await tab_to(pilot, "term:bilateral-relations")  # Tab through the links in the text itself
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TermPopup)
        assert "direct ties between two countries" in screen_text(app)

        await pilot.press("escape")  # closes the popup, still on the section
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == "why-meet"

        await pilot.press("escape")  # back in history: the previous section
        await pilot.pause()
        assert app.screen.section.id == "overview"

        await pilot.press("f")  # and forward again
        await pilot.pause()
        assert app.screen.section.id == "why-meet"

        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        assert "Used in" in screen_text(app)


async def test_popup_leads_on_to_the_glossary_entry(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        app.show_term("new-start")
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen) and app.screen.term_id == "new-start"
        assert "call on their phone call" not in screen_text(app)
        assert "What did Trump and Putin agree on their phone call" in screen_text(app)  # used in, computed


async def test_clicking_a_link_in_the_text_opens_the_term(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        body = app.screen.query_one("#body")
        for y in range(body.region.y, body.region.bottom):
            block, region = app.screen.get_widget_at(body.region.x + 4, y)
            line = block.render_line(y - region.y).text
            if "bilateral" in line:
                offset = (line.index("bilateral") + 2, y - region.y)
                break
        await pilot.click(block, offset=offset)
        await pilot.pause()
        assert isinstance(app.screen, TermPopup) and app.screen.term.id == "bilateral-relations"


async def test_glossary_filters_as_you_type(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g", "slash", *"treaty")
        await pilot.pause()
        glossary = app.screen
        assert glossary.query_one(Input).value == "treaty"
        assert [t.id for t in glossary.shown] == ["new-start"]
        assert glossary.term_id == "new-start"
        assert glossary.query_one("#terms", OptionList).option_count == 1


async def test_command_palette_finds_a_term(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        assert await palette_prompts(pilot, "nonproliferation")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen) and app.screen.term_id == "nonproliferation"


async def test_it_remembers_and_offers_to_resume(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    app.places.stay_factor = 0  # any stay counts: the last section is read when the app closes
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "n", "n")
        await pilot.pause()
        assert app.screen.section.id == "call-agreement"
    again = make_explainer(starter_pack)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(again)
        assert "sections read" in text
        menu = again.screen.query_one("#menu", OptionList)
        assert "Resume where you left off: 3." in str(menu.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert again.screen.section.id == "call-agreement"


async def test_help_lists_every_binding(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#keys")
        rows = {tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)}
        actions = {row[2] for row in rows}
        for binding in [*app.BINDINGS, *SectionScreen.BINDINGS, *GlossaryScreen.BINDINGS]:
            assert (binding.tooltip or binding.description) in actions


async def test_help_wraps_its_descriptions_and_never_scrolls_sideways(real_pack: Pack, make_explainer) -> None:
    """Help cut descriptions mid-word ("numbered men") and needed sideways scrolling at 80 and 100 columns."""
    for size in [(80, 24), (100, 30)]:
        app = make_explainer(real_pack)
        async with app.run_test(size=size) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            table = app.screen.query_one("#keys")
            assert table.virtual_size.width <= table.size.width, size
            plain_menu = next(i for i in range(table.row_count) if "screen readers" in str(table.get_row_at(i)[2]))
            assert table.ordered_rows[plain_menu].height > 1, size  # the long description wrapped onto more lines
            table.move_cursor(row=plain_menu)
            await pilot.pause()
            shown = {word for strip in app.screen._compositor.render_strips() for word in strip.text.split()}
            assert set(str(table.get_row_at(plain_menu)[2]).split()) <= shown, size  # every word whole


async def test_usable_at_80x24_and_alive_at_20x6(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#question").region.width > 40
        await pilot.resize_terminal(20, 6)
        for key in ["n", "tab", "enter", "escape", "g", "down", "escape", "question_mark", "escape", "h"]:
            await pilot.press(key)
            await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)


async def test_back_and_forward_are_offered_only_when_possible(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.check_action("back", ()) and not app.check_action("forward", ())
        await pilot.press("g")
        await pilot.pause()
        assert app.check_action("back", ()) and not app.check_action("forward", ())
        await pilot.press("escape")
        await pilot.pause()
        assert not app.check_action("back", ()) and app.check_action("forward", ())


async def test_the_quiz_menu_opens_from_a_key_and_from_the_palette(starter_pack: Pack, make_explainer) -> None:
    from explainer.tui.screens.quiz_menu import QuizMenu

    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, QuizMenu)
        await pilot.press("escape")
        assert (await palette_prompts(pilot, "Open Quiz"))[0] == "Open Quiz"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizMenu)


async def test_a_pop_up_dismissed_twice_by_typing_ahead_closes_only_itself(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        app.show_term("g7")
        await pilot.pause()
        popup = app.screen
        assert isinstance(popup, TermPopup)
        popup.dismiss(True)  # `g` ...
        popup.dismiss(False)  # ... and `Esc`, both queued before either was handled
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen) and app.screen.term_id == "g7"
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)


async def test_collection_is_on_again_once_the_first_screen_is_up(starter_pack: Pack, make_explainer) -> None:
    """The command line turns garbage collection off for the start (cli.py); the app must turn it on."""
    import gc

    gc.disable()
    try:
        app = make_explainer(starter_pack)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert gc.isenabled()
    finally:
        gc.enable()


def footer_text(app) -> str:
    return app.screen.query_one("Footer").render().plain


@pytest.mark.parametrize(
    "keys, important",
    [
        ([], ["Glossary"]),
        (["enter"], ["n Next", "p Previous", "l Links"]),
        (["g"], ["/ Filter", "l Links"]),
        (["t"], ["l Links"]),
        (["z", "enter"], ["i Hint"]),
    ],
)
@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 50)])
async def test_the_footer_keeps_help_and_quit_and_shows_this_screens_keys_first(
    keys: list[str], important: list[str], size: tuple[int, int], starter_pack: Pack, make_explainer
) -> None:
    """At 80x24 a section's footer ended at "h Home g" (no Help, no Quit); quiz and glossary ended in "q Qui"."""
    app = make_explainer(starter_pack)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        text = footer_text(app)
        assert len(text) <= size[0]
        assert text.rstrip().endswith("? Help  Ctrl+P Search  q Quit")
        for key in important:
            assert key in text, f"{key!r} missing from {text!r}"


async def test_the_footer_shows_only_what_works_now_and_no_letters_while_typing(
    starter_pack: Pack, make_explainer
) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert "Forward" not in footer_text(app) and "Back" in footer_text(app)
        await pilot.press("n", "b")
        await pilot.pause()
        assert "Forward" in footer_text(app)
        await pilot.press("g", "slash")  # typing into the glossary's filter: h and q would type
        await pilot.pause()
        text = footer_text(app)
        assert " h " not in text and " q " not in text and "? Help" not in text
        assert "Esc" in text


async def test_a_click_on_a_footer_key_presses_it(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        footer = app.screen.query_one("Footer")
        x = footer_text(app).index("g Glossary")
        await pilot.click(footer, offset=(x + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)


def written_since_opened(store: ProgressStore) -> int:
    """Bytes written to a store since it was opened: it starts with its write-ahead log emptied
    (progress/store.py checkpoints it), and every transaction adds to the log."""
    wal = store.path.with_name(store.path.name + "-wal")
    return wal.stat().st_size if wal.exists() else 0


async def test_the_theme_read_from_a_students_store_is_not_written_back(
    starter_pack: Pack, make_explainer, isolated_data_dir
) -> None:
    kept = ProgressStore(isolated_data_dir, "student", pack_id=starter_pack.id)
    kept.put("theme", "explainer-light")
    kept.close()
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        assert app.theme == "explainer-light"
        assert not written_since_opened(app.store), "the store was written at start"
        app.theme = "high-contrast"  # chosen: kept for next time
        await settled(pilot)
        assert written_since_opened(app.store) and app.store.get("theme") == "high-contrast"


async def test_a_session_built_ahead_writes_nothing_when_given_a_student(starter_pack: Pack, isolated_data_dir) -> None:
    """serve/standby.py: built for nobody on a blank store, then given a student whose theme is not the default."""
    student = Settings(content_dir=STARTER, data_dir=isolated_data_dir, user="kim")
    kept = student.open_store(starter_pack.id)
    kept.put("theme", "explainer-light")
    kept.close()
    nobody = Settings(content_dir=STARTER, data_dir=isolated_data_dir, user="", served=True)
    app = make_app(nobody, starter_pack, store=ProgressStore.blank(starter_pack.id))
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        store = student.open_store(starter_pack.id)
        app.give_student(student, store)
        await settled(pilot)
        assert app.theme == "explainer-light"
        assert not written_since_opened(store), "the student's store was written when they were given"

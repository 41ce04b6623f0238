"""The reading experience as a student meets it: focus, places kept, what counts as read, links."""

from __future__ import annotations

import pytest
from waits import tab_to, until

from explainer.pack.model import Pack
from explainer.tui.history import Place
from explainer.tui.screens.glossary import GlossaryScreen
from explainer.tui.screens.home import HomeScreen
from explainer.tui.screens.section import SectionScreen
from explainer.tui.screens.term_popup import TermPopup


def visible(app, selector: str) -> bool:
    """Whether a widget is on screen, inside its scrolling parent's window."""
    widget = app.screen.query_one(selector)
    parent = widget.parent
    return bool(widget.region) and parent.region.contains_region(widget.region)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
@pytest.mark.parametrize("key", ["pagedown", "down", "space", "end"])
async def test_after_the_links_and_the_next_section_the_page_keys_scroll(
    key: str, size: tuple[int, int], real_pack: Pack, make_explainer
) -> None:
    """Enter, l, n then PageDown/↓/Space/End scrolled nothing: focus stayed in the off-screen link list."""
    app = make_explainer(real_pack)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "l", "n")
        await pilot.pause()
        page = app.screen.query_one("#page")
        assert page.scroll_y == 0 and page.max_scroll_y > 0
        await pilot.press(key)
        await until(lambda: page.scroll_y > 0, f"{key} to scroll the page", pilot=pilot)


async def test_tab_moves_through_the_links_in_the_text_and_enter_opens_the_term_there(
    starter_pack: Pack, make_explainer
) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        page = app.screen.query_one("#page")
        await pilot.press("tab")
        first = page.pointed_link
        assert first and first.startswith("term:")  # the first link of the body, not of a list below
        await tab_to(pilot, "section:overview")
        await pilot.press("shift+tab")
        assert page.pointed_link != "section:overview"
        await tab_to(pilot, "term:bilateral-relations")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TermPopup) and app.screen.term.id == "bilateral-relations"


async def test_every_link_of_a_section_is_listed_with_none_cut_off(real_pack: Pack, make_explainer) -> None:
    """The link list was capped at 12 rows; a section with 15 links showed only part of them."""
    app = make_explainer(real_pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        for section in real_pack.sections:
            app.go(Place("section", section.id))
            await pilot.pause()
            shown = set(app.screen.query_one("#links").links)
            wanted = {
                f"{link.kind}:{link.target}"
                for link in real_pack.links.section(section.id).links
                if not (link.kind == "section" and link.target == section.id)
            }
            assert shown == wanted, section.id


async def test_choosing_a_glossary_entry_keeps_its_name_in_view(real_pack: Pack, make_explainer) -> None:
    """Enter on an entry moved focus into its links and scrolled its name and definition away."""
    app = make_explainer(real_pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        longest = max(real_pack.terms, key=lambda t: len(real_pack.links.used_in(t.id)))
        app.go(Place("glossary", longest.id))
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#entry")
        assert visible(app, "#term-title")
        await pilot.press("tab")  # and then on through its links
        assert app.focused.pointed_link


async def test_passing_through_marks_nothing_read(real_pack: Pack, make_explainer) -> None:
    """n four times in two seconds marked four sections read."""
    app = make_explainer(real_pack)
    app.places.stay_factor = 10  # a stay of 30 s: however slow the machine, these key presses pass through
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "n", "n", "n", "n")
        await pilot.pause()
        assert app.screen.section.id == real_pack.sections[4].id
        assert app.store.sections_read() == set()
        assert app.store.last_section() is None


async def test_staying_on_a_section_marks_it_read_and_moves_resume(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    app.places.stay_factor = 0.001  # a stay of 3 ms: any stay is long enough here
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "n")
        await pilot.pause()
        here = app.screen.section.id
        assert here not in app.store.sections_read()  # counted when the student moves on
        await pilot.press("n")
        await until(lambda: here in app.store.sections_read(), "the stay", pilot=pilot)
        assert app.store.last_section() == here


async def test_scrolling_to_the_end_marks_a_section_read(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    app.places.stay_factor = 1000  # only the end counts here
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert not app.store.sections_read()
        await pilot.press("end")
        await until(lambda: app.store.sections_read() == {real_pack.sections[0].id}, "read at the end", pilot=pilot)


async def test_a_link_followed_from_perspectives_does_not_move_resume(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v", "l", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        await pilot.press("h")
        await pilot.pause()
        assert app.store.last_section() is None and app.store.sections_read() == set()


async def test_back_returns_to_where_the_student_was_in_the_section(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "pagedown", "down")
        page = app.screen.query_one("#page")
        await until(lambda: page.scroll_y > 0, "the scroll", pilot=pilot)
        left_at = page.scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        await pilot.press("escape")
        await until(
            lambda: isinstance(app.screen, SectionScreen) and app.screen.is_mounted,
            "the section on screen",
            pilot=pilot,
        )
        page = app.screen.query_one("#page")
        await until(lambda: page.scroll_y == left_at, f"scroll back at {left_at}, is {page.scroll_y}", pilot=pilot)
        await pilot.press("n", "p")  # the same page showing another section and back
        await until(lambda: page.scroll_y == left_at, "scroll kept across n, p", pilot=pilot)


async def test_resume_returns_to_the_section_and_the_scroll_position(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    app.places.stay_factor = 0  # any stay counts: the section is read when the app closes
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "n", "pagedown")
        page = app.screen.query_one("#page")
        await until(lambda: page.scroll_y > 0, "scrolled", pilot=pilot)
        left_at, section = page.scroll_y, app.screen.section.id
        await pilot.press("q")
    again = make_explainer(real_pack)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        await pilot.press("enter")  # Resume, the first choice
        await until(
            lambda: isinstance(again.screen, SectionScreen) and again.screen.is_mounted,
            "the section on screen",
            pilot=pilot,
        )
        assert again.screen.section.id == section
        page = again.screen.query_one("#page")
        await until(lambda: page.scroll_y == left_at, "the same scroll position", pilot=pilot)


async def test_find_in_page_highlights_and_n_and_shift_n_move_between_matches(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        page = app.screen.query_one("#page")
        await pilot.press("slash", *"korea", "enter")
        await until(lambda: page.found == "korea", "the matches found", pilot=pilot)
        assert app.focused is page and "match 1 of" in app.screen.sub_title
        footer = app.screen.query_one("Footer").render().plain
        assert "n Next match" in footer and "N Previous match" in footer
        section = app.screen.section.id
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.section.id == section  # n found the next match, it did not turn the page
        assert "match 2 of" in app.screen.sub_title
        await pilot.press("N")
        await pilot.pause()
        assert "match 1 of" in app.screen.sub_title
        await pilot.press("escape")  # ends the find, does not go back
        await pilot.pause()
        assert page.found == "" and isinstance(app.screen, SectionScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.section.id != section  # n turns the page again


async def test_typing_in_the_find_box_types(real_pack: Pack, make_explainer) -> None:
    """n and p are the page's keys; in the find box they are letters."""
    app = make_explainer(real_pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        section = app.screen.section.id
        await pilot.press("slash", *"nuclear program")
        await pilot.pause()
        assert app.screen.query_one("#find").value == "nuclear program"
        assert app.screen.section.id == section


@pytest.mark.parametrize("width, shown", [(100, False), (160, True)])
async def test_the_contents_sidebar_shows_from_120_columns_and_s_toggles_it(
    width: int, shown: bool, starter_pack: Pack, make_explainer
) -> None:
    app = make_explainer(starter_pack)
    app.places.stay_factor = 0  # any stay counts: section 1 is read once the student moves on
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        contents = app.screen.query_one("#contents")
        assert contents.display is shown
        await pilot.press("s")
        await pilot.pause()
        assert contents.display is not shown
        if contents.display:
            lines = [str(contents.get_option_at_index(i).prompt) for i in range(contents.option_count)]
            assert lines[0].startswith("✓") and lines[2].startswith("·")  # read, unread
            assert contents.highlighted == 1  # where the student is
            await pilot.press("down", "enter")  # choosing a section goes there
            await pilot.pause()
            assert app.screen.section.id == starter_pack.sections[2].id


async def test_a_tiny_window_says_make_it_larger_in_whole_words(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(20, 6)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        notice = app.screen.query_one("#too-small")
        lines = [notice.render_line(y).text.strip() for y in range(notice.size.height)]
        words = " ".join(lines).split()
        text = str(notice.render())
        assert "Make it at least" in " ".join(words)
        assert words == text.split()  # no word was broken across lines
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not app.screen.query("#too-small")


async def test_the_glossary_filter_forgives_a_typo_and_esc_clears_it_first(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g", "slash", *"missle")
        await pilot.pause()
        glossary = app.screen
        assert "ballistic-missile" in [t.id for t in glossary.shown]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen) and glossary.query_one("#filter").value == ""
        assert len(glossary.shown) == len(real_pack.terms)
        await pilot.press("escape")  # the filter empty: back to where the student was
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_walkthrough_ends_with_what_was_read_and_the_next_steps(starter_pack: Pack, make_explainer) -> None:
    from explainer.tui.screens.quiz import QuizScreen
    from explainer.tui.screens.walkthrough_end import WalkthroughEnd

    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", *["n"] * len(starter_pack.sections))
        await until(lambda: isinstance(app.screen, WalkthroughEnd), "the end of the walkthrough", pilot=pilot)
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert f"You have read 1 of {len(starter_pack.sections)} sections." in text  # the last, read to its end
        steps = app.screen.query_one("#next-steps")
        ids = [steps.get_option_at_index(i).id for i in range(steps.option_count)]
        assert "quiz" in ids and "perspectives" in ids and f"read:{starter_pack.sections[0].id}" in ids
        await pilot.press(*["down"] * ids.index("quiz"), "enter")
        await until(lambda: isinstance(app.screen, QuizScreen), "the quiz", pilot=pilot)


async def test_the_palette_says_what_it_finds_and_names_a_questions_section(real_pack: Pack, make_explainer) -> None:
    """The placeholder said "Search for commands…"; a question's result said "Quiz question on section new-start"."""
    from textual.command import CommandList, CommandPalette
    from textual.widgets import Input

    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        question = real_pack.questions[0]
        await pilot.press("ctrl+p")
        await until(lambda: isinstance(app.screen, CommandPalette), "the palette", pilot=pilot)
        assert app.screen.query_one(Input).placeholder == "Find a section, term, event or question…"
        await pilot.press(*question.prompt[:30])
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        section = real_pack.section(question.section)
        found = next(p for p in prompts if question.prompt[:30] in p)
        assert f"Quiz question · section {real_pack.section_number(section.id)}: {section.question}" in found
        assert f"section {question.section}" not in found


async def test_choosing_a_question_in_the_palette_asks_that_question(real_pack: Pack, make_explainer) -> None:
    """Choosing a question opened its section, not the question."""
    from conftest import palette_prompts

    from explainer.tui.screens.quiz import QuizScreen

    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        question = real_pack.questions[0]
        offered = await palette_prompts(pilot, question.prompt[:30])
        assert any(question.prompt[:30] in p for p in offered)
        index = next(i for i, p in enumerate(offered) if question.prompt[:30] in p)
        await pilot.press(*["down"] * index, "enter")
        await until(
            lambda: isinstance(app.screen, QuizScreen) and app.screen.is_mounted, "the quiz on screen", pilot=pilot
        )
        session = app.screen.session
        assert session.total == 1 and session.current.key == question.id

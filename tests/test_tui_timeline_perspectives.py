"""Timeline and Perspectives: reachable from Home, keys and the palette, and linking into sections."""

from __future__ import annotations

from conftest import palette_prompts, timeline_shown
from textual.widgets import OptionList

from explainer.pack.model import Pack
from explainer.tui.screens.perspectives import PerspectivesScreen
from explainer.tui.screens.section import SectionScreen
from explainer.tui.screens.timeline import TimelineScreen


async def test_timeline_in_order_and_into_a_section_and_back(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await timeline_shown(pilot)
        in_order = sorted(starter_pack.events, key=lambda e: e.sort)
        assert shown == [f"● {e.when_label}\n{e.title}\n" for e in in_order]  # the date, bold, on a rail

        await pilot.press("down", "enter")
        await pilot.pause()
        second = starter_pack.timeline()[1]
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == second.section

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen) and app.screen.item_id == second.id


async def test_perspectives_from_home_attribute_every_view(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        menu = app.screen.query_one("#menu", OptionList)
        index = next(i for i in range(menu.option_count) if menu.get_option_at_index(i).id == "perspectives")
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PerspectivesScreen)
        text = app.screen.query_one("#detail-body").source
        topic = starter_pack.topics[0]
        for view in topic.views:
            assert view.who in text and view.claim in text and view.role in text

        await pilot.press("l", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == topic.views[0].section


async def test_the_palette_opens_timeline_and_finds_events(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        assert (await palette_prompts(pilot, "Open Perspectives"))[0] == "Open Perspectives"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PerspectivesScreen)
        assert await palette_prompts(pilot, "suspends New START")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen) and app.screen.item_id == "new-start-suspended"


async def test_an_undated_event_says_undated_and_events_stand_apart(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        events = app.screen.query_one("#items", OptionList)
        prompts = [str(events.get_option_at_index(i).prompt) for i in range(events.option_count)]
        undated = [e for e in real_pack.timeline() if e.sort is None]
        for event in undated:
            (prompt,) = [p for p in prompts if event.title in p]
            assert prompt.startswith(f"○ {event.when_label}") and "undated" in event.when_label
        assert all(p.endswith("\n") for p in prompts)  # a gap before the next event


async def test_perspectives_side_by_side_where_the_width_allows(real_pack: Pack, make_explainer) -> None:
    app = make_explainer(real_pack)
    async with app.run_test(size=(140, 34)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        await pilot.pause()
        cards = app.screen.query_one("#cards")
        assert cards.display and len(cards.children) == len(real_pack.topics[0].views)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert not cards.display and real_pack.topics[0].views[0].claim in app.screen.query_one("#detail-body").source

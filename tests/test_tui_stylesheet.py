"""Every app in a process shares one parse of its CSS (tui/stylesheet.py): what a served session forked from
the warm fork server needs of the stylesheet is already made, and a theme chosen still restyles the app."""

from __future__ import annotations

from textual.color import Color

from explainer.pack.model import Pack


async def test_a_second_app_uses_the_rules_the_first_parsed(starter_pack: Pack, make_explainer) -> None:
    rules = []
    for user in ("first", "second"):
        app = make_explainer(starter_pack, user)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            rules.append(app.stylesheet.rules)
    first, second = rules
    assert len(first) == len(second) > 50
    assert all(a is b for a, b in zip(first, second, strict=True))


async def test_a_theme_chosen_restyles_the_app_in_its_own_colours(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = app.screen.styles.background
        app.theme = next(name for name in app.available_themes if name != app.theme and "light" in name)
        await pilot.pause()
        assert app.screen.styles.background != before
        assert app.screen.styles.background == Color.parse(app.get_css_variables()["background"])

"""One command, two doors: every key is a Command (tui/commands.py), and the footer, the palette and Help agree."""

from __future__ import annotations

import importlib
import pkgutil

from conftest import palette_prompts
from textual.binding import Binding
from textual.dom import DOMNode

from explainer.pack.model import Pack
from explainer.tui.app import ExplainerApp
from explainer.tui.class_app import ClassApp
from explainer.tui.commands import BY_ID, CONFIRM, HELP, HELP_GROUPS, QUIZ_MENU, WALKTHROUGH_END
from explainer.tui.screens.class_view import ClassScreen
from explainer.tui.screens.confirm import Confirm
from explainer.tui.screens.help import HelpScreen
from explainer.tui.screens.live_quiz import LiveQuizScreen
from explainer.tui.screens.quiz import QuizScreen


def classes_with_bindings() -> set[type]:
    """Every app, screen and widget class of ours that declares keys: found, not listed, so a new one is checked."""
    import explainer.tui

    found = set()
    for module in pkgutil.walk_packages(explainer.tui.__path__, "explainer.tui."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and issubclass(value, DOMNode) and "BINDINGS" in vars(value):
                found.add(value)
    return {cls for cls in found if cls.__module__.startswith("explainer.")}


def test_every_binding_is_a_command_with_an_id_and_a_tooltip() -> None:
    commands = {**BY_ID, **{c.id: c for c in (*HELP, *QUIZ_MENU, *CONFIRM, *WALKTHROUGH_END)}}
    ours = classes_with_bindings()
    assert {ExplainerApp, QuizScreen, HelpScreen, Confirm, ClassApp, ClassScreen, LiveQuizScreen} <= ours  # it finds
    for cls in ours:
        for binding in vars(cls).get("BINDINGS", []):
            assert isinstance(binding, Binding) and binding.id, (cls, binding)
            family, _, key = binding.id.rpartition(".")
            command = commands.get(binding.id) or commands[family]  # the answer keys: one binding per key
            assert command.tooltip and binding in command.bindings(), (cls, binding)
            assert binding.key == (key if command.family else command.key)


def test_help_shows_each_group_of_commands_where_it_works() -> None:
    wheres = [where for where, _ in HELP_GROUPS]
    assert wheres[0] == "Anywhere" and {"Section", "Glossary", "Quiz"} <= set(wheres)


async def test_the_palette_offers_a_pages_keys_only_while_the_page_allows_them(
    starter_pack: Pack, make_explainer
) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        offered = await palette_prompts(pilot)
        assert "Open Glossary" in offered and "Back" not in offered  # nowhere to go back to yet
        await pilot.press("escape", "enter")  # the walkthrough: section 1 has no quiz of its own
        await pilot.pause()
        assert app.screen.section.id == "overview"
        offered = await palette_prompts(pilot)
        assert {"Next", "Previous", "Links", "Back"} <= set(offered) and "Check yourself" not in offered
        await pilot.press("escape", "n")
        await pilot.pause()
        assert app.screen.section.id == "why-meet"
        offered = await palette_prompts(pilot, "Check yourself")
        assert offered[0] == "Check yourself"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.session.request.section == "why-meet"

"""One command, two doors: every key is a Command (tui/commands.py), and the footer, the palette and Help agree."""

from __future__ import annotations

from conftest import palette_prompts
from textual.binding import Binding

from explainer.pack.model import Pack
from explainer.tui.app import ExplainerApp
from explainer.tui.class_app import ClassApp
from explainer.tui.commands import BY_ID, CONFIRM, HELP, HELP_GROUPS, QUIZ_MENU
from explainer.tui.pages import PAGES, page_class
from explainer.tui.screens.class_view import ClassScreen
from explainer.tui.screens.confirm import Confirm
from explainer.tui.screens.help import HelpScreen
from explainer.tui.screens.live_host import LiveHostScreen
from explainer.tui.screens.live_quiz import LiveQuizScreen
from explainer.tui.screens.live_setup import LiveSetup
from explainer.tui.screens.quiz import QuizScreen
from explainer.tui.screens.quiz_menu import QuizMenu
from explainer.tui.screens.term_popup import TermPopup


def test_every_binding_is_a_command_with_an_id_and_a_tooltip() -> None:
    commands = {**BY_ID, **{c.id: c for c in (*HELP, *QUIZ_MENU, *CONFIRM)}}
    classes = [
        *(ExplainerApp, QuizScreen, QuizMenu, TermPopup, HelpScreen, Confirm, *(page_class(kind) for kind in PAGES)),
        *(ClassApp, ClassScreen, LiveSetup, LiveHostScreen, LiveQuizScreen),  # the class view and live quiz
    ]
    ours = {c for cls in classes for c in cls.__mro__ if c.__module__.startswith("explainer.")}
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

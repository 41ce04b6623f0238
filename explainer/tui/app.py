"""The Textual app: wires screens, history, bindings and theme. Work lives elsewhere."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.selection import QuizRequest
from explainer.settings import Settings
from explainer.tui.history import HOME, History, Place, PlaceKind
from explainer.tui.screen_reader import ScreenReaderMode
from explainer.tui.themes import THEMES
from explainer.tui.widgets.link_activated import LinkActivated

if TYPE_CHECKING:
    from textual.filter import LineFilter

    from explainer.pack.search import SearchIndex
    from explainer.tui.commands import PackCommands


def pack_commands() -> type[PackCommands]:
    """The palette's provider, imported when the palette first opens: startup stays fast."""
    from explainer.tui.commands import PackCommands

    return PackCommands


PLAIN_MENU = "plain menu"  # what the app returns when the student asks for the plain menu (explainer/faces.py)


class ExplainerApp(App):
    """One student's explainer over one pack."""

    CSS_PATH = "explainer.tcss"
    COMMANDS = App.COMMANDS | {pack_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace,b", "back", "Back", tooltip="Back to the previous place"),
        Binding("f,alt+right", "forward", "Forward", tooltip="Forward again after going back"),
        Binding("h", "open('home')", "Home", tooltip="Go to the home screen"),
        Binding("g", "open('glossary')", "Glossary", tooltip="Open the glossary"),
        Binding("t", "open('timeline')", "Timeline", tooltip="Open the timeline of events"),
        Binding("v", "open('perspectives')", "Perspectives", tooltip="Open the perspectives: who says what"),
        Binding(
            "z", "quiz", "Quiz", show=False, tooltip="Choose a quiz: whole pack, mistakes, due for review, a section"
        ),
        Binding("question_mark,f1", "help", "Help", tooltip="Show every key"),
        Binding(
            "P",
            "plain_menu",
            "Plain menu",
            show=False,
            tooltip="The explainer line by line, numbered menus for screen readers; quit them to come back",
        ),
        # Not among the footer's keys: the footer shows the palette's key on its own, at the right.
        Binding("ctrl+p", "command_palette", "Search", show=False, tooltip="Find a section, term or event"),
        Binding(
            "ctrl+t",
            "change_theme",
            "Theme",
            show=False,
            tooltip="Pick a colour theme (high-contrast and ANSI themes included)",
        ),
        Binding("q", "quit", "Quit", tooltip="Leave the explainer (progress is saved)"),
    ]

    def __init__(self, settings: Settings, pack: Pack) -> None:
        super().__init__()
        self.settings = settings
        self.pack = pack
        self.history = History(HOME)
        self._footer_shows: tuple[bool, bool] | None = None  # Back and Forward as the footer last showed them
        self.title = pack.title
        for theme in THEMES:
            self.register_theme(theme)
        self.first_quiz: QuizRequest | None = None  # `explainer quiz` starts with one
        self._quiz: Screen | None = None  # the running quiz, installed so links away and back keep it
        self._quizzes = 0
        self.screen_reader = ScreenReaderMode(self)

    @cached_property
    def store(self) -> ProgressStore:
        store = ProgressStore(
            self.settings.data_dir,
            self.settings.user,
            self.settings.display_name,
            pack_id=self.pack.id,
            keyed=self.settings.keyed,
        )
        store.on_problem = lambda warning: self.notify(str(warning), severity="error", timeout=20)
        return store

    @cached_property
    def search_index(self) -> SearchIndex:
        from explainer.pack.search import SearchIndex

        return SearchIndex(self.pack)

    def on_mount(self) -> None:
        self._restore_theme()
        self.screen_reader.start(self.settings.screen_reader, self.store)
        # The default screen stays underneath; the current place is always the
        # one screen above it, so switch_screen can replace it.
        self.push_screen(self.screen_for(HOME))
        if self.store.warning:
            self.notify(str(self.store.warning), severity="warning", timeout=15)
        if self.first_quiz is not None:
            self.call_after_refresh(self.start_quiz, self.first_quiz)
        if self.settings.watch:
            from explainer.tui.pack_reload import watch_pack

            watch_pack(self)
        self.call_after_refresh(self._first_screen_is_up)

    def _first_screen_is_up(self) -> None:
        """Everything alive now lives as long as the app. Frozen, the garbage collector stops
        rescanning it (a pause of tens of milliseconds every few key presses); and collection,
        which the command line turns off for the start (cli.py), is on again."""
        if not self.is_headless:  # tests build many apps in one process: nothing to freeze for good
            gc.freeze()
        gc.enable()

    def _restore_theme(self) -> None:
        """Use the theme this student chose last time, and remember the next choice."""
        saved = self.store.get("theme")
        if saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, lambda theme: self.store.put("theme", theme.name))

    def screen_for(self, place: Place) -> Screen:
        """A new screen showing a place; each screen's module is imported when first needed."""
        if place.kind == "section":
            from explainer.tui.screens.section import SectionScreen

            return SectionScreen(self.pack, place.id)
        if place.kind == "glossary":
            from explainer.tui.screens.glossary import GlossaryScreen

            return GlossaryScreen(self.pack, place.id)
        if place.kind == "timeline":
            from explainer.tui.screens.timeline import TimelineScreen

            return TimelineScreen(self.pack, place.id)
        if place.kind == "perspectives":
            from explainer.tui.screens.perspectives import PerspectivesScreen

            return PerspectivesScreen(self.pack, place.id)
        if place.kind == "quiz" and self._quiz is not None:
            return self._quiz
        from explainer.quiz.mastery import quiz_progress, worth_rereading
        from explainer.tui.screens.home import HomeScreen

        return HomeScreen(
            self.pack,
            self.store.sections_read(),
            self.store.last_section(),
            quiz=quiz_progress(self.pack, self.store),
            reread=worth_rereading(self.pack, self.store.answers()),
        )

    def go(self, place: Place) -> None:
        """Visit a place: it joins the history, and back returns from it."""
        if place == self.history.current:
            return
        self.history.visit(place)
        self._show(place)

    def _show(self, place: Place) -> None:
        screen = self.screen
        # A page typed ahead of (`b` `b`) may not be built yet: it cannot show another place, a new page can.
        if screen.is_mounted and getattr(screen, "can_show", None) and screen.can_show(place):  # type: ignore[attr-defined]
            screen.show(place)  # type: ignore[attr-defined]
        elif len(self.screen_stack) < 2:
            self.push_screen(self.screen_for(place))  # the place above the default screen is gone: put one back
        else:
            self.switch_screen(self.screen_for(place))
        # Only when Back or Forward changes availability: each refresh rebuilds the footer (~20 ms).
        if (self.history.can_go_back, self.history.can_go_forward) != self._footer_shows:
            self._footer_shows = (self.history.can_go_back, self.history.can_go_forward)
            self.refresh_bindings()

    def start_quiz(self, request: QuizRequest) -> None:
        """Start a quiz, replacing any running one (its answers are already saved)."""
        from explainer.quiz.session import QuizSession
        from explainer.tui.screens.quiz import QuizScreen

        session = QuizSession.start(self.pack, request, self.store)
        if not session.total:
            from explainer.quiz.selection import nothing_to_ask

            self.notify(nothing_to_ask(self.pack, request, self.store.next_due()), timeout=4)
            return
        self._quizzes += 1
        screen = QuizScreen(self.pack, session)
        self.install_screen(screen, f"quiz-{self._quizzes}")
        previous, was_shown = self._quiz, self._quiz is self.screen
        self._quiz = screen
        place = Place("quiz", str(self._quizzes))
        if self.history.current.kind == "quiz":
            self.history.replace(place)  # a quiz started from a quiz's results takes its place
            self._show(place)
        else:
            self.go(place)
        if previous is not None and previous not in self.screen_stack:
            self.uninstall_screen(previous)
            if not was_shown:  # a screen switched away from is removed by the switch itself
                previous.remove()

    def action_quiz(self) -> None:
        """Choose a quiz: the whole pack, mistakes, what is due, or a section."""
        from explainer.quiz.mastery import quiz_progress
        from explainer.quiz.questions import has_item
        from explainer.tui.screens.quiz_menu import QuizMenu

        mistakes = sum(1 for key in self.store.mistakes() if has_item(self.pack, key))
        progress = quiz_progress(self.pack, self.store)

        def chosen(request: QuizRequest | None) -> None:
            if request is not None:
                self.start_quiz(request)

        self.push_screen(QuizMenu(self.pack, mistakes, progress.due, self.store.next_due()), chosen)

    def section_opened(self, section_id: str) -> None:
        """Opening a section marks it read and remembers it for resuming."""
        self.store.mark_read(section_id)

    @on(LinkActivated)
    def _follow(self, event: LinkActivated) -> None:
        link = event.link
        if link.kind == "term":
            self.show_term(link.target)
        elif link.kind == "section":
            self.go(Place("section", link.target))
        elif link.kind == "topic":
            self.go(Place("perspectives", link.target))
        else:
            self.go(Place("timeline", link.target))

    def show_term(self, term_id: str) -> None:
        """A term's definition in place; the popup offers the way on to the glossary."""
        from explainer.pack.wording import example_label
        from explainer.tui.screens.term_popup import TermPopup

        term = self.pack.term(term_id)
        if term is None:
            self.notify(f"No glossary entry '{term_id}'", severity="warning")
            return

        def opened(to_glossary: bool | None) -> None:
            if to_glossary:
                self.go(Place("glossary", term_id))

        self.push_screen(TermPopup(term, example_label(self.pack)), opened)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back and forward show as unavailable (dimmed) when there is nowhere to go."""
        if action == "back":
            return self.history.can_go_back or None
        if action == "forward":
            return self.history.can_go_forward or None
        if action == "plain_menu":
            return not self.settings.in_browser  # a browser tab has no line terminal to turn to
        return True

    async def action_back(self) -> None:
        self._revisit(self.history.back(), "Nothing to go back to.")

    def action_forward(self) -> None:
        self._revisit(self.history.forward(), "Nothing to go forward to.")

    def _revisit(self, place: Place | None, nothing: str) -> None:
        if place is None:
            self.notify(nothing, timeout=2)
        else:
            self._show(place)

    def action_open(self, kind: PlaceKind) -> None:
        """Go to a screen by kind: the one action behind h, g, t, v and their palette commands."""
        self.go(Place(kind))

    def action_help(self) -> None:
        from explainer.tui.screens.glossary import GlossaryScreen
        from explainer.tui.screens.help import HelpScreen
        from explainer.tui.screens.perspectives import PerspectivesScreen
        from explainer.tui.screens.quiz import QuizScreen
        from explainer.tui.screens.section import SectionScreen
        from explainer.tui.screens.term_popup import TermPopup
        from explainer.tui.screens.timeline import TimelineScreen

        groups: list[tuple[str, Sequence[BindingType]]] = [
            ("Anywhere", self.BINDINGS),
            ("Section", SectionScreen.BINDINGS),
            ("Glossary", GlossaryScreen.BINDINGS),
            ("Term popup", TermPopup.BINDINGS),
            ("Timeline", TimelineScreen.BINDINGS),
            ("Perspectives", PerspectivesScreen.BINDINGS),
            ("Quiz", QuizScreen.KEYS_FOR_HELP),
        ]
        self.push_screen(HelpScreen(groups))

    def get_system_commands(self, screen: Screen):
        """Served over SSH, nothing may write to the server's disk: no screenshots."""
        for command in super().get_system_commands(screen):
            if self.settings.served and "screenshot" in command.title.lower():
                continue
            yield command
        state = "off" if self.screen_reader.on else "on"
        yield SystemCommand(
            f"Screen-reader mode: turn {state}",
            "For Orca, NVDA, VoiceOver, BRLTTY: the cursor on what has focus, no drawing characters, keys in words",
            self.action_toggle_screen_reader,
        )

    def action_command_palette(self) -> None:
        """Textual's palette, with the guard of widgets/palette.py. Without Textual's fixed id: a palette
        opened again before the last one has gone (Esc then Ctrl+P, typed ahead) would share it and end the app."""
        from explainer.tui.widgets.palette import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette())

    def search_themes(self) -> None:
        """Textual's theme picker, with the guard of widgets/palette.py."""
        from textual.theme import ThemeProvider

        from explainer.tui.widgets.palette import CommandPalette

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    # Screen-reader mode (tui/screen_reader.py): the filter, the keys in words, the cursor on what has focus.

    def get_line_filters(self) -> Sequence[LineFilter]:
        return self.screen_reader.line_filters(super().get_line_filters())

    def get_key_display(self, binding: Binding) -> str:
        return self.screen_reader.key_display(binding) or super().get_key_display(binding)

    @on(events.DescendantFocus)
    @on(OptionList.OptionHighlighted)
    @on(events.ScreenResume)
    def _follow_focus(self) -> None:
        self.screen_reader.follow_focus()

    def action_plain_menu(self) -> None:
        """Leave the full screen for the plain menu; whoever runs the app brings it back after (faces.py)."""
        self.exit(PLAIN_MENU)

    def action_toggle_screen_reader(self) -> None:
        """Screen-reader mode on or off, remembered for next time."""
        self.screen_reader.set(not self.screen_reader.on)
        self.notify(f"Screen-reader mode {'on' if self.screen_reader.on else 'off'}.", timeout=4)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """In a browser (`explainer web`) a link opens in a new tab there; otherwise links never start a browser
        on the server, and locally they are not ours to open either."""
        if self.settings.in_browser:
            super().open_url(url, new_tab=True)
        else:
            self.notify(f"External link not opened: {url}", severity="warning")


def make_app(settings: Settings, pack: Pack) -> ExplainerApp:
    """The one factory the CLI, the tests and the SSH child all use."""
    return ExplainerApp(settings, pack)

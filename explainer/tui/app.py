"""The Textual app: wires screens, history, bindings and theme. Work lives elsewhere."""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import cached_property
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import BindingType
from textual.reactive import reactive
from textual.screen import Screen

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.selection import QuizRequest
from explainer.settings import Settings
from explainer.tui.commands import APP, HELP_GROUPS, bindings
from explainer.tui.history import HOME, History, Place, PlaceKind
from explainer.tui.messages import ChooseQuiz, Moved, Navigate, ResumeQuiz, ShowHelp, StartQuiz
from explainer.tui.pages import page_class
from explainer.tui.reader_app import ReaderApp
from explainer.tui.reading_places import ReadingPlaces
from explainer.tui.running_quiz import RunningQuiz
from explainer.tui.screens.page import Page
from explainer.tui.stylesheet import SharedStylesheet, keep_rules, kept_rules, load_kept_rules, theme_variables
from explainer.tui.themes import DEFAULT_THEME, THEMES
from explainer.tui.widgets.link_activated import LinkActivated
from explainer.tui.widgets.reader import load_parser

if TYPE_CHECKING:
    from textual.theme import Theme

    from explainer.pack.search import SearchIndex
    from explainer.quiz.session import QuizSession
    from explainer.tui.class_event import ClassEvent
    from explainer.tui.class_student import StudentInClass
    from explainer.tui.providers import PackCommands


def pack_commands() -> type[PackCommands]:
    """The palette's provider, imported when the palette first opens: startup stays fast."""
    from explainer.tui.providers import PackCommands

    return PackCommands


PLAIN_MENU = "plain menu"  # what the app returns when the student asks for the plain menu (explainer/faces.py)


class ExplainerApp(ReaderApp):
    """One student's explainer over one pack."""

    # The live quiz's look is loaded with the app's (served, in the warm fork server), not when a question arrives.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["explainer.tcss", "classroom.tcss"]
    COMMANDS = App.COMMANDS | {pack_commands}
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP)

    # Back and Forward show as unavailable when there is nowhere to go: the footer follows these.
    can_go_back: reactive[bool] = reactive(False, bindings=True)
    can_go_forward: reactive[bool] = reactive(False, bindings=True)

    def __init__(
        self,
        settings: Settings,
        pack: Pack,
        *,
        first_quiz: QuizRequest | None = None,
        store: ProgressStore | None = None,
    ) -> None:
        super().__init__()
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DEFAULT_THEME
        if not settings.served:  # a served session has the fork server's rules already
            load_kept_rules(kept_rules(settings.cache_dir))
        self.stylesheet = SharedStylesheet(variables=self.get_css_variables())  # parsed once per process
        self.settings = settings
        self.pack = pack
        self.first_quiz = first_quiz  # `explainer quiz` starts with one
        self.history = History(HOME)
        self.quiz = RunningQuiz(self)
        self.title = pack.title
        self.classroom: StudentInClass | None = None  # served: this session's line to the class hub
        self.first_screen_up: Callable[[], None] | None = None  # served: the next session may start (serve/child.py)
        self._opened_store = store  # served: opened while the session waited for its turn to start

    @cached_property
    def store(self) -> ProgressStore:
        store = self._opened_store or self.settings.open_store(self.pack.id)
        store.on_problem = lambda warning: self.notify(str(warning), severity="error", timeout=20)
        return store

    @cached_property
    def places(self) -> ReadingPlaces:
        """Where the student was on each section's page."""
        return ReadingPlaces(self.store, self.set_timer)

    @cached_property
    def search_index(self) -> SearchIndex:
        from explainer.pack.search import SearchIndex

        return SearchIndex(self.pack)

    def on_mount(self) -> None:
        self._restore_student_choices()
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # The default screen stays underneath; the current place is always the
        # one screen above it, so switch_screen can replace it.
        self.push_screen(self.screen_for(HOME))
        self._greet_student()
        if self.settings.watch:
            from explainer.tui.pack_reload import watch_pack

            watch_pack(self)

    def give_student(self, settings: Settings, store: ProgressStore) -> None:
        """The one hook for a session built ahead (serve/standby.py): the app was composed, styled and painted
        for nobody, on a blank store; from now on it is this student's, and shows what a session built for
        them would (their theme and screen-reader mode, home with their progress, their class link)."""
        blank = self.store
        self.settings = settings
        self._opened_store = store
        for built_on_the_blank_store in ("store", "places"):
            vars(self).pop(built_on_the_blank_store, None)
        blank.close()
        self._restore_student_choices()
        home = self.screen
        if isinstance(home, Page) and home.can_show(HOME):
            home.show(HOME)
        self._greet_student()

    def _remember_theme(self, theme: Theme) -> None:
        """A theme the student chose, kept for next time; not the one just read from their store, which Textual
        announces like any other (a write for nothing, at every start and every standby given a student)."""
        if self.store.get("theme") != theme.name:
            self.store.put("theme", theme.name)

    def _restore_student_choices(self) -> None:
        """The theme this student chose last time, and screen-reader mode if asked for or last left on."""
        saved = self.store.get("theme")
        if saved in self.available_themes:
            self.theme = saved
        self.screen_reader.start(self.settings.screen_reader, self.store)

    def _greet_student(self) -> None:
        """What follows the first screen: a word on a broken store, the first quiz, the class link."""
        if self.store.warning:
            self.notify(str(self.store.warning), severity="warning", timeout=15)
        if self.first_quiz is not None:
            self.call_after_refresh(self.start_quiz, self.first_quiz)
        self.call_after_refresh(self._first_screen_is_up)
        if self.settings.class_fd is not None and not self.settings.teacher:
            from explainer.tui.class_student import StudentInClass

            self.classroom = StudentInClass(self)
            self.run_worker(self.classroom.join(self.settings.class_fd))

    def on_class_event(self, event: ClassEvent) -> None:
        if self.classroom is not None:
            self.classroom.handle(event.payload)

    def _first_screen_is_up(self) -> None:
        """Everything alive now lives as long as the app. Frozen, the garbage collector stops
        rescanning it (a pause of tens of milliseconds every few key presses); and collection,
        which the command line turns off for the start (cli.py), is on again."""
        if not self.is_headless:  # tests build many apps in one process: nothing to freeze for good
            gc.freeze()
        gc.enable()
        if self.first_screen_up is not None:
            self.first_screen_up()
        self.call_later(self._ready_the_next_screens)

    def _ready_the_next_screens(self) -> None:
        """What the first key is likely to open, loaded while the student reads home: the walkthrough's page and
        Markdown's parser, left out of the start so as not to delay the first screen (tests/test_launch.py);
        and, locally, the CSS parsed for the first screen kept for the next start (tui/stylesheet.py)."""
        page_class("section")
        load_parser()
        if not self.settings.served and not self.is_headless:  # under tests, many apps: nothing to keep
            keep_rules(kept_rules(self.settings.cache_dir))

    def screen_for(self, place: Place) -> Screen[None]:
        """A screen showing a place: the running quiz's, or a new page from the registry."""
        if place.kind == "quiz":
            return self.quiz.screen_for(place) or self.screen_for(HOME)
        return page_class(place.kind).for_place(self, place)

    # Where the student is: history, and the one page above the default screen

    def go(self, place: Place) -> None:
        """Visit a place: it joins the history, and back returns from it."""
        if place == self.history.current:
            return
        self.history.visit(place)
        self._show(place)

    def _show(self, place: Place) -> None:
        screen = self.screen
        if isinstance(screen, Page) and screen.is_mounted:
            screen.leave()  # before the next page is built: Home's Resume knows a section just read
        # A page typed ahead of (`b` `b`) may not be built yet: it cannot show another place, a new page can.
        if isinstance(screen, Page) and screen.is_mounted and screen.can_show(place):
            screen.show(place)
        elif len(self.screen_stack) < 2:
            self.push_screen(self.screen_for(place))  # the place above the default screen is gone: put one back
        else:
            self.switch_screen(self.screen_for(place))
        if self.classroom is not None:
            self.classroom.moved()
        self.can_go_back = self.history.can_go_back
        self.can_go_forward = self.history.can_go_forward

    @on(Navigate)
    def _navigate(self, message: Navigate) -> None:
        self.go(message.place)

    @on(Moved)
    def _moved(self, message: Moved) -> None:
        """A page moved within its place; only if it is still the current place (not after a key typed ahead)."""
        if message.place.kind == self.history.current.kind:
            self.history.replace(message.place)

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back and forward show as unavailable (dimmed) when there is nowhere to go."""
        if action == "back":
            return self.can_go_back or None
        if action == "forward":
            return self.can_go_forward or None
        if action == "plain_menu":
            return not self.settings.in_browser  # a browser tab has no line terminal to turn to
        return True

    # Quizzes

    @on(StartQuiz)
    def _start_quiz(self, message: StartQuiz) -> None:
        self.start_quiz(message.request)

    def start_quiz(self, request: QuizRequest, session: QuizSession | None = None) -> None:
        """Start a quiz, replacing any running one (its answers are already saved); `session`: one already
        under way (resumed)."""
        from explainer.quiz.session import QuizSession
        from explainer.tui.screens.quiz import QuizScreen

        if session is None:
            session = QuizSession.start(self.pack, request, self.store)
        if not session.total:
            from explainer.quiz.selection import nothing_to_ask

            self.notify(nothing_to_ask(self.pack, request, self.store.next_due()), timeout=4)
            return
        replaced = self.quiz.start(QuizScreen(self.pack, session), self._show_new_quiz)
        if replaced is not None:
            self.history.forget(replaced)  # back no longer leads to a quiz that has gone
            self.can_go_back = self.history.can_go_back
            self.can_go_forward = self.history.can_go_forward

    def _show_new_quiz(self, place: Place) -> None:
        if self.history.current.kind == "quiz":
            self.history.replace(place)  # a quiz started from a quiz's results takes its place
            self._show(place)
        else:
            self.go(place)

    def unfinished_quiz(self) -> QuizSession | None:
        """A quiz left half way on a past run, as it was; None when there is none, or one runs now
        (Back and the menu return to that one)."""
        from explainer.quiz.resume import restore, state_key

        if self.quiz.place is not None:
            return None
        return restore(self.pack, self.store.get(state_key(self.store)), self.store)

    @on(ResumeQuiz)
    def _resume_quiz(self) -> None:
        session = self.unfinished_quiz()
        if session is None:
            self.notify("That quiz can no longer be resumed.", timeout=3)
            return
        self.start_quiz(session.request, session)

    @on(ChooseQuiz)
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

    async def action_quit(self) -> None:
        """Leave, keeping where the student was."""
        self.places.save()
        await super().action_quit()

    # Links and terms

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

    @on(ShowHelp)
    def action_help(self) -> None:
        from explainer.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(HELP_GROUPS))

    def action_command_palette(self) -> None:
        """Textual's palette, with the guard of widgets/palette.py. Without Textual's fixed id: a palette
        opened again before the last one has gone (Esc then Ctrl+P, typed ahead) would share it and end the app.
        A workaround for Textual 8.2.8's `App.action_command_palette`, reproduced in
        tests/test_textual_workarounds.py (`test_a_palette_opened_again_at_once_ends_the_app_in_textual`)."""
        from explainer.tui.widgets.palette import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Find a section, term, event or question…"))

    def search_themes(self) -> None:
        """Textual's theme picker, with the guard of widgets/palette.py."""
        from textual.theme import ThemeProvider

        from explainer.tui.widgets.palette import CommandPalette

        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def get_css_variables(self) -> dict[str, str]:
        """Every theme's variables, with its text colours made legible (themes.py); none while Textual 8.2's
        `App.__init__` makes a stylesheet for its default theme, before ours are registered, which ours
        replaces at once: computing that theme's variables would be a hundredth of a launch spent on nothing."""
        if DEFAULT_THEME not in self.available_themes:
            return {}
        self.theme_variables = theme_variables(self.current_theme, super().get_css_variables)
        return self.theme_variables

    def on_reading_pane_pointed(self) -> None:
        """Tab moved to another link in the text: the cursor to it (ReadingPane, by name: not imported at start-up)."""
        self.screen_reader.follow_focus()

    def action_plain_menu(self) -> None:
        """Leave the full screen for the plain menu; whoever runs the app brings it back after (faces.py)."""
        self.exit(PLAIN_MENU)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """In a browser (`explainer web`) a link opens in a new tab there; otherwise links never start a browser
        on the server, and locally they are not ours to open either."""
        if self.settings.in_browser:
            super().open_url(url, new_tab=True)
        else:
            self.notify(f"External link not opened: {url}", severity="warning")


def make_app(
    settings: Settings, pack: Pack, *, first_quiz: QuizRequest | None = None, store: ProgressStore | None = None
) -> ExplainerApp:
    """The one factory the CLI, the tests and the SSH child all use; `first_quiz` starts the app in a quiz,
    `store` is the student's progress store if it is open already (else the app opens it when first needed)."""
    return ExplainerApp(settings, pack, first_quiz=first_quiz, store=store)

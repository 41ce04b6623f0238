"""Home: what this pack is, where it comes from, how far you got, and the ways in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.widgets.option_list import Option

from explainer.pack.model import Pack
from explainer.pack.wording import perspectives_blurb
from explainer.quiz.mastery import QuizProgress
from explainer.record import Record
from explainer.tui.history import Place, PlaceKind
from explainer.tui.messages import ChooseQuiz, Navigate, ResumeQuiz, ShowHelp
from explainer.tui.screens.page import Page
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.header import Header
from explainer.tui.widgets.option_list import OptionList
from explainer.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp

PAGES: dict[str, PlaceKind] = {"glossary": "glossary", "timeline": "timeline", "perspectives": "perspectives"}


class HomeProgress(Record):
    """What home shows of a student's progress.

    `reread`: sections holding a question the student keeps getting wrong, and how many (quiz.mastery.worth_rereading).
    """

    read: set[str]
    last_section: str | None
    quiz: QuizProgress | None = None
    reread: Sequence[tuple[str, int]] = ()
    unfinished_quiz: str = ""  # "question 4 of 10": a quiz left half way, to resume

    @classmethod
    def of(cls, app: ExplainerApp) -> HomeProgress:
        """As the student's store has it now."""
        from explainer.quiz.mastery import quiz_progress, worth_rereading
        from explainer.quiz.resume import progress_line

        store = app.store
        unfinished = app.unfinished_quiz()
        return cls(
            store.sections_read(),
            store.last_section(),
            quiz=quiz_progress(app.pack, store),
            reread=worth_rereading(app.pack, store.answers()),
            unfinished_quiz=progress_line(unfinished) if unfinished else "",
        )


class HomeScreen(Page):
    """The first screen: title, sources, progress and a menu, with resume first when there is one."""

    PLACE = "home"
    # Focus goes to the menu at once: Textual's default, the first focusable widget (the scrolling page), would
    # restyle the whole page as it gained focus and again as the menu took it (a tenth of a session's start).
    AUTO_FOCUS = "#menu"

    def __init__(self, pack: Pack, progress: HomeProgress) -> None:
        super().__init__()
        self.pack = pack
        self._keep(progress)

    def _keep(self, progress: HomeProgress) -> None:
        pack = self.pack
        self.unfinished_quiz = progress.unfinished_quiz
        self.read = progress.read
        self.quiz = progress.quiz
        self.last_section = progress.last_section if pack.section(progress.last_section or "") else None
        self.reread = [(s, n) for s, n in progress.reread if pack.section(s)]

    @classmethod
    def for_place(cls, app: ExplainerApp, place: Place) -> HomeScreen:
        """Home as the student's progress has it now."""
        return cls(app.pack, HomeProgress.of(app))

    def can_show(self, place: Place) -> bool:
        return place.kind == "home"

    def show(self, place: Place) -> None:
        """Home again, as the student's progress has it now (a session built ahead is given its student so)."""
        shown = self._shown()
        self._keep(HomeProgress.of(cast("ExplainerApp", self.app)))
        if self._shown() == shown:
            return  # a new student's home is the one built for nobody
        self.query_one("#progress", Static).update(self._progress())
        menu = self.query_one("#menu", OptionList)
        menu.set_options(self._menu())
        menu.highlighted = 0

    def _shown(self) -> tuple[str, list[tuple[str | None, object]]]:
        return self._progress(), [(option.id, option.prompt) for option in self._menu()]

    def compose(self) -> ComposeResult:
        pack = self.pack
        yield Header()
        with VerticalScroll(id="home"):
            yield Static(pack.title, classes="title")
            yield Reader(pack.summary, id="summary")
            yield Static(self._progress(), id="progress")
            yield OptionList(*self._menu(), id="menu")
            yield Static("Sources", classes="heading")
            for number, source in enumerate(pack.sources, start=1):
                cited = f"Cited as {source.short} · " if source.short else ""
                yield Static(f"{number}. {source.title}\n   {cited}{source.outlet}", classes="source")
        yield Footer()

    def _progress(self) -> str:
        done = sum(1 for s in self.pack.sections if s.id in self.read)
        quiz = f" · {self.quiz.summary()}" if self.quiz and self.quiz.overall.answered else ""
        return f"Progress: {done}/{len(self.pack.sections)} sections read{quiz}"

    def _menu(self) -> list[Option]:
        options = []
        if self.last_section and (section := self.pack.section(self.last_section)):
            position = self.pack.section_number(section.id)
            options.append(Option(f"▶ Resume where you left off: {position}. {section.question}", id="resume"))
        if self.unfinished_quiz:
            options.append(Option(f"▶ Resume your quiz: {self.unfinished_quiz}?", id="resume-quiz"))
        for section_id, missed in self.reread:
            if (section := self.pack.section(section_id)) is None:
                continue
            position = self.pack.section_number(section_id)
            keep = "a question you keep missing" if missed == 1 else f"{missed} questions you keep missing"
            label = f"↻ Worth rereading: {position}. {section.question} ({keep})"
            options.append(Option(label, id=f"reread:{section_id}"))
        options += [
            Option("Walkthrough — read the questions in order", id="walkthrough"),
            Option("Glossary — every term, and where it is used", id="glossary"),
            Option("Timeline — the events, dated ones in order", id="timeline"),
            Option(f"Perspectives — {perspectives_blurb(self.pack)}", id="perspectives"),
            Option("Quiz — test yourself, review mistakes, spaced review", id="quiz"),
            Option("Help — every key", id="help"),
        ]
        return options

    def on_mount(self) -> None:
        self.sub_title = "Home"

    @on(OptionList.OptionSelected, "#menu")
    def _choose(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        if choice == "resume" and self.last_section:
            self.post_message(Navigate(Place("section", self.last_section)))
        elif choice == "resume-quiz":
            self.post_message(ResumeQuiz())
        elif choice and choice.startswith("reread:"):
            self.post_message(Navigate(Place("section", choice.removeprefix("reread:"))))
        elif choice == "walkthrough":
            self.post_message(Navigate(Place("section", self.pack.sections[0].id)))
        elif choice in PAGES:
            self.post_message(Navigate(Place(PAGES[choice])))
        elif choice == "help":
            self.post_message(ShowHelp())
        elif choice == "quiz":
            self.post_message(ChooseQuiz())

"""The walkthrough: one section at a time, its question as the title."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from explainer.pack.labels import source_label
from explainer.pack.model import Link, Pack, Section
from explainer.quiz.selection import QuizRequest, has_section_quiz
from explainer.tui.commands import SECTION, bindings
from explainer.tui.history import Place
from explainer.tui.messages import Navigate, SectionOpened, StartQuiz
from explainer.tui.screens.page import Page
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.header import Header
from explainer.tui.widgets.link_list import LinkList
from explainer.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp


class SectionScreen(Page):
    """Question, short answer, body, key points, source and related sections."""

    PLACE = "section"
    BINDINGS: ClassVar[list[BindingType]] = bindings(SECTION)

    has_quiz: reactive[bool] = reactive(False, bindings=True)  # "Check yourself" is offered only then

    def __init__(self, pack: Pack, section_id: str) -> None:
        super().__init__()
        self.pack = pack
        self.section = pack.section(section_id) or pack.sections[0]

    @classmethod
    def for_place(cls, app: ExplainerApp, place: Place) -> SectionScreen:
        return cls(app.pack, place.id)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="page"):
            yield Static(id="question", classes="title")
            yield Static(id="source", classes="muted")
            yield Reader(id="short-answer")
            yield Reader(id="body")
            yield Static("Key points", classes="heading")
            yield Reader(id="key-points")
            yield Reader(id="critical-note")
            yield Static("Links from this section (Tab, then Enter)", classes="heading", id="links-heading")
            yield LinkList(id="links")
            yield Static(
                "Check yourself: press c for a short quiz on this section.", classes="muted", id="check-yourself"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.show(Place("section", self.section.id))
        self.query_one("#page").focus()

    def can_show(self, place: Place) -> bool:
        return place.kind == "section" and self.pack.section(place.id) is not None

    def show(self, place: Place) -> None:
        """Show another section in this same screen: cheaper than building a new one."""
        section = self.pack.section(place.id) or self.section
        self.section = section
        linked = self.pack.links.section(section.id)
        position = self.pack.section_number(section.id)
        self.sub_title = f"Section {position}/{len(self.pack.sections)}"
        self.query_one("#question", Static).update(f"{position}/{len(self.pack.sections)}  {section.question}")
        self.query_one("#source", Static).update(f"Source: {source_label(self.pack, section.source, outlet=False)}")
        self.query_one("#short-answer", Reader).update(linked.short_answer)
        self.query_one("#body", Reader).update(linked.body)
        self.query_one("#key-points", Reader).update("\n".join(f"- {point}" for point in linked.key_points))
        note = self.query_one("#critical-note", Reader)
        note.display = bool(section.critical_note)
        note.update(f"**Reading critically.** {section.critical_note}" if section.critical_note else "")
        self.query_one("#links", LinkList).show_links(self._links(section, linked.links))
        self.has_quiz = has_section_quiz(self.pack, section.id)
        self.query_one("#check-yourself").display = self.has_quiz
        self.query_one("#page", VerticalScroll).scroll_home(animate=False)
        self.post_message(SectionOpened(section.id))

    def _links(self, section: Section, links: tuple[Link, ...]) -> list[tuple[str, Link]]:
        """Terms first (in order of mention), then sections, then events, then perspectives; each once."""
        labels: dict[Link, str] = {}
        for link in sorted(links, key=lambda link: ("term", "section", "event", "topic").index(link.kind)):
            key = Link(link.kind, link.target)
            if key in labels or (link.kind == "section" and link.target == section.id):
                continue
            if link.kind == "term" and (term := self.pack.term(link.target)):
                labels[key] = f"Term: {term.term}"
            elif link.kind == "section" and (other := self.pack.section(link.target)):
                labels[key] = f"Section {self.pack.section_number(other.id)}: {other.question}"
            elif link.kind == "event" and (event := self.pack.event(link.target)):
                labels[key] = f"Timeline: {event.when_label}, {event.title}"
            elif link.kind == "topic" and (topic := self.pack.topic(link.target)):
                labels[key] = f"Perspectives: {topic.title}"
        return [(label, link) for link, label in labels.items()]

    def _step(self, offset: int) -> None:
        position = self.pack.section_position(self.section.id) + offset
        if 0 <= position < len(self.pack.sections):
            self.post_message(Navigate(Place("section", self.pack.sections[position].id)))
        else:
            self.notify("That was the last section." if offset > 0 else "This is the first section.")

    def action_next(self) -> None:
        self._step(+1)

    def action_previous(self) -> None:
        self._step(-1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "check_yourself":
            return self.has_quiz
        return True

    def action_check_yourself(self) -> None:
        self.post_message(StartQuiz(QuizRequest("section", self.section.id)))

    def action_focus_links(self) -> None:
        self.query_one("#links", LinkList).focus()

"""The walkthrough: one section at a time, its question as the title.

The page is a `ReadingPane`: Tab reaches the links in the text itself, find in
page works as in `less`, and the page keys always scroll it. A section counts
as read once the student has stayed on it (tui/reading_places.py), and each
section opens where the student left it.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Input, Static

from explainer.pack.labels import cited
from explainer.pack.markdown import block_escaped
from explainer.pack.model import Link, Pack, Section
from explainer.progress.store import ProgressStore
from explainer.quiz.mastery import Mastery, quiz_progress
from explainer.quiz.selection import QuizRequest, has_section_quiz
from explainer.tui.commands import SECTION, bindings
from explainer.tui.history import HOME, Place
from explainer.tui.messages import Navigate, StartQuiz
from explainer.tui.reading_places import ReadingPlaces
from explainer.tui.screens.page import Page
from explainer.tui.widgets.contents import Contents
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.header import Header
from explainer.tui.widgets.option_list import OptionList
from explainer.tui.widgets.reader import Reader
from explainer.tui.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp

CONTENTS_FROM_WIDTH = 120  # the contents sidebar is shown from this many columns; `s` shows or hides it


class SectionScreen(Page):
    """Question, short answer, body, key points, source and related sections."""

    PLACE = "section"
    BINDINGS: ClassVar[list[BindingType]] = bindings(SECTION)

    has_quiz: reactive[bool] = reactive(False, bindings=True)  # "Check yourself" is offered only then

    def __init__(self, pack: Pack, section_id: str, store: ProgressStore, places: ReadingPlaces) -> None:
        super().__init__()
        self.pack = pack
        self.store = store
        self.places = places
        self.section = pack.section(section_id) or pack.sections[0]
        self._shown_at: float | None = None  # when the section on show came on screen
        self._read = False
        self._marked: set[str] = set()  # sections this page has marked read
        self._mastery: dict[str, Mastery] | None = None

    @classmethod
    def for_place(cls, app: ExplainerApp, place: Place) -> SectionScreen:
        return cls(app.pack, place.id, app.store, app.places)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield Contents(self.pack, id="contents")
            with ReadingPane(id="page"):
                yield Static(id="question", classes="title")
                yield Static(id="source", classes="muted")
                yield Reader(id="short-answer")
                yield Reader(id="body")
                yield Static("Key points", classes="heading")
                yield Reader(id="key-points")
                yield Reader(id="critical-note")
                yield Static("Links from this section", classes="heading", id="links-heading")
                yield Reader(id="links")
                yield Static(
                    "Check yourself: press c for a short quiz on this section.", classes="muted", id="check-yourself"
                )
        yield Input(id="find", placeholder="Find in this section: type, then Enter · Esc: cancel")
        yield Footer()

    def on_mount(self) -> None:
        contents = self.query_one("#contents", Contents)
        contents.display = self.app.size.width >= CONTENTS_FROM_WIDTH
        self.show(Place("section", self.section.id))
        pane = self.query_one("#page", ReadingPane)
        pane.focus()
        self.watch(pane, "scroll_y", self._scrolled, init=False)

    def can_show(self, place: Place) -> bool:
        return place.kind == "section" and self.pack.section(place.id) is not None

    def show(self, place: Place) -> None:
        """Show another section in this same screen: cheaper than building a new one."""
        self.leave()
        section = self.pack.section(place.id) or self.section
        self.section = section
        linked = self.pack.links.section(section.id)
        self.sub_title = self._place_title()
        self.query_one("#find", Input).display = False
        position = self.pack.section_number(section.id)
        self.query_one("#question", Static).update(f"{position}/{len(self.pack.sections)}  {section.question}")
        self.query_one("#source", Static).update(cited(self.pack, section.sources, outlet=False))
        self.query_one("#short-answer", Reader).update(linked.short_answer)
        self.query_one("#body", Reader).update(linked.body)
        self.query_one("#key-points", Reader).update(
            "\n".join(f"- {block_escaped(point)}" for point in linked.key_points)
        )
        note = self.query_one("#critical-note", Reader)
        note.display = bool(section.critical_note)
        note.update(f"**Reading critically.** {section.critical_note}" if section.critical_note else "")
        links = self._links(section, linked.links)
        self.query_one("#links", Reader).update(links)
        self.query_one("#links-heading").display = bool(links)
        self.has_quiz = has_section_quiz(self.pack, section.id)
        self.query_one("#check-yourself").display = self.has_quiz
        pane = self.query_one("#page", ReadingPane)
        if pane.found:
            self.refresh_bindings()
        pane.forget()
        pane.scroll_home(animate=False, immediate=True)
        if y := self.places.scroll_for(section.id):
            self.call_after_refresh(pane.scroll_to, y=y, animate=False, immediate=True)
        self._shown_at, self._read = time.monotonic(), False
        if self.query_one("#contents").display:
            self._fill_contents()

    def _links(self, section: Section, links: tuple[Link, ...]) -> str:
        """The section's links as Markdown: its terms on one line (in order of mention), then sections, events and
        perspectives one a line. Every one of them, in the page: none hidden in a list of its own."""
        seen: set[Link] = set()
        terms, places = [], []
        for link in sorted(links, key=lambda link: ("term", "section", "event", "topic").index(link.kind)):
            key = Link(link.kind, link.target)
            if key in seen or (link.kind == "section" and link.target == section.id):
                continue
            seen.add(key)
            if link.kind == "term" and (term := self.pack.term(link.target)):
                terms.append(f"[{term.term}](term:{term.id})")
            elif link.kind == "section" and (other := self.pack.section(link.target)):
                places.append(f"- Section {self.pack.section_number(other.id)}: [{other.question}](section:{other.id})")
            elif link.kind == "event" and (event := self.pack.event(link.target)):
                places.append(f"- Timeline: [{event.when_label}, {event.title}](event:{event.id})")
            elif link.kind == "topic" and (topic := self.pack.topic(link.target)):
                places.append(f"- Perspectives: [{topic.title}](topic:{topic.id})")
        parts = ["**Terms:** " + " · ".join(terms)] if terms else []
        return "\n\n".join(parts + (["\n".join(places)] if places else []))

    # read means stayed: a few seconds here (counted when the student moves on: nothing changes on screen by
    # itself), or scrolled to the end

    def _stayed_long_enough(self) -> bool:
        return self._shown_at is not None and time.monotonic() - self._shown_at >= self.places.stay_seconds

    def leave(self) -> None:
        """The student moves on from the section on show (to another, or another page): read if they stayed."""
        if self._stayed_long_enough():
            self._stayed()

    def _stayed(self) -> None:
        if not self._read:
            self._read = True
            self._marked.add(self.section.id)
            self.places.read(self.section.id)

    def on_unmount(self) -> None:
        """The app is closing (or the page goes): a stay still counts."""
        self.leave()

    def _scrolled(self, y: float) -> None:
        pane = self.query_one("#page", ReadingPane)
        self.places.remember(self.section.id, round(y))
        if pane.max_scroll_y and y >= pane.max_scroll_y:
            self._stayed()  # seen its end

    # the contents sidebar

    def _fill_contents(self) -> None:
        if self._mastery is None:  # once a page: answers change only in a quiz, which is another page
            self._mastery = quiz_progress(self.pack, self.store).sections
        self.query_one("#contents", Contents).show_progress(
            self.section.id, self.store.sections_read() | self._marked, self._mastery
        )

    def action_toggle_contents(self) -> None:
        contents = self.query_one("#contents", Contents)
        contents.display = not contents.display
        if contents.display:
            self._fill_contents()
            contents.focus()
        else:
            self.query_one("#page").focus()

    @on(OptionList.OptionSelected, "#contents")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id != self.section.id:
            self.post_message(Navigate(Place("section", event.option.id)))
        self.query_one("#page").focus()

    # moving on

    def _step(self, offset: int) -> None:
        position = self.pack.section_position(self.section.id) + offset
        if 0 <= position < len(self.pack.sections):
            self.post_message(Navigate(Place("section", self.pack.sections[position].id)))
        elif offset > 0:
            self._the_end()
        else:
            self.notify("This is the first section.")

    def _the_end(self) -> None:
        """Past the last section: what was read, the quiz's standing, and the next steps."""
        from explainer.tui.screens.walkthrough_end import WalkthroughEnd

        self._stayed()  # reading to the end and on counts as having stayed
        last = self.section.id

        def chosen(step: str | None) -> None:
            if step == "section-quiz":
                self.post_message(StartQuiz(QuizRequest("section", last)))
            elif step == "quiz":
                self.post_message(StartQuiz(QuizRequest("full")))
            elif step and step.startswith("read:"):
                self.post_message(Navigate(Place("section", step.removeprefix("read:"))))
            elif step == "perspectives":
                self.post_message(Navigate(Place("perspectives")))
            elif step == "home":
                self.post_message(Navigate(HOME))

        read = self.store.sections_read() | self._marked
        self.app.push_screen(
            WalkthroughEnd(self.pack, read, quiz_progress(self.pack, self.store), self.has_quiz),
            chosen,
        )

    def action_next(self) -> None:
        self._step(+1)

    def action_previous(self) -> None:
        self._step(-1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        finding = self.query_one("#find", Input)
        if finding.has_focus and action in ("next", "previous", "next_match", "previous_match", "find"):
            return False  # the keys type into the find box
        found = bool(self.query_one("#page", ReadingPane).found)
        if action in ("next_match", "previous_match"):
            return found
        if action == "end_find":
            return found or finding.display
        if action in ("next", "previous"):
            return not found
        if action == "check_yourself":
            return self.has_quiz
        return True

    # find in page, as in less

    def action_find(self) -> None:
        finding = self.query_one("#find", Input)
        finding.display = True
        finding.value = self.query_one("#page", ReadingPane).found
        finding.focus()
        self.refresh_bindings()

    @on(Input.Submitted, "#find")
    def _found(self, event: Input.Submitted) -> None:
        event.stop()
        pane = self.query_one("#page", ReadingPane)
        text = event.value.strip()
        count = pane.find(text)
        event.input.display = False
        pane.focus()
        if count:
            self.sub_title = f"{self._place_title()} · match 1 of {count}"
            self.notify(f"{count} match{'es' if count != 1 else ''}: n next, N previous, Esc ends the find.", timeout=3)
        elif text:
            self.notify(f"“{text}” is not in this section.", timeout=3)
        self.refresh_bindings()

    def action_next_match(self) -> None:
        self._step_match(+1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def _step_match(self, offset: int) -> None:
        number, total = self.query_one("#page", ReadingPane).step(offset)
        self.sub_title = f"{self._place_title()} · match {number} of {total}"

    def action_end_find(self) -> None:
        finding = self.query_one("#find", Input)
        finding.display = False
        pane = self.query_one("#page", ReadingPane)
        pane.find("")
        pane.focus()
        self.sub_title = self._place_title()
        self.refresh_bindings()

    def _place_title(self) -> str:
        return f"Section {self.pack.section_number(self.section.id)}/{len(self.pack.sections)}"

    def action_check_yourself(self) -> None:
        self.post_message(StartQuiz(QuizRequest("section", self.section.id)))

    def action_focus_links(self) -> None:
        pane = self.query_one("#page", ReadingPane)
        pane.focus()
        pane.first_link_in(self.query_one("#links", Reader))

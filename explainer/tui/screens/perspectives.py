"""Perspectives: where the articles, and the experts they quote, differ — who says what, on what basis."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from explainer.pack.model import Link, Pack, Topic
from explainer.tui.history import Place
from explainer.tui.widgets.link_list import LinkList
from explainer.tui.widgets.reader import Reader


class PerspectivesScreen(Screen):
    """Topics on the left; each view of the selected topic, attributed, on the right."""

    BINDINGS = [Binding("l", "focus_links", "Links", tooltip="Jump to the sections behind the views")]

    def __init__(self, pack: Pack, topic_id: str = "") -> None:
        super().__init__()
        self.pack = pack
        self.topics = pack.topics
        known = {t.id for t in self.topics}
        self.topic_id = topic_id if topic_id in known else (self.topics[0].id if self.topics else "")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="topics")
            with VerticalScroll(id="topic-detail"):
                yield Static(id="topic-title", classes="title")
                yield Reader(id="views")
                yield Static("Where each view comes from (Tab, then Enter)", classes="heading")
                yield LinkList(id="links")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Perspectives"
        if not self.topics:
            self.query_one("#topic-title", Static).update("This pack has no perspectives.")
        self.query_one("#topics", OptionList).add_options([Option(t.title) for t in self.topics])
        self.show(Place("perspectives", self.topic_id))
        self.query_one("#topics").focus()

    def can_show(self, place: Place) -> bool:
        return place.kind == "perspectives"

    def show(self, place: Place) -> None:
        topic = next((t for t in self.topics if t.id == place.id), None)
        if topic is None:
            return
        self.topic_id = topic.id
        self.query_one("#topic-title", Static).update(topic.question)
        self.query_one("#views", Reader).update(self._markdown(topic))
        self.query_one("#links", LinkList).show_links(self._links(topic))
        topics = self.query_one("#topics", OptionList)
        with topics.prevent(OptionList.OptionHighlighted):
            topics.highlighted = self.topics.index(topic)

    def _markdown(self, topic: Topic) -> str:
        """Each view says who holds it, in what role, what they claim, on what basis, and where."""
        parts = []
        for view in topic.views:
            source = self.pack.source(view.source)
            lines = [f"**{view.who}** — *{view.role}*", "", f"Says: {view.claim}"]
            if view.basis:
                lines += ["", f"On what basis: {view.basis}"]
            lines += ["", f"Where: {source.title if source else view.source}"]
            parts.append("\n".join(lines))
        if topic.note:
            parts.append(f"**Think about it.** {topic.note}")
        return "\n\n---\n\n".join(parts)

    def _links(self, topic: Topic) -> list[tuple[str, Link]]:
        links = []
        for view in topic.views:
            section = self.pack.section(view.section)
            if section:
                links.append((f"{view.who}: section {self.pack.section_position(section.id) + 1}, {section.question}", Link("section", section.id)))
        return links

    @on(OptionList.OptionHighlighted, "#topics")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        place = Place("perspectives", self.topics[event.option_index].id)
        self.show(place)
        self.app.history.replace(place)  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#topics")
    def _to_links(self) -> None:
        self.action_focus_links()

    def action_focus_links(self) -> None:
        self.query_one("#links").focus()

"""Perspectives: where the articles, and the experts they quote, differ — who says what, on what basis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.containers import Grid

from explainer.pack.model import Link, Pack, Topic, View
from explainer.pack.wording import NOTE_LABEL
from explainer.tui.history import Place
from explainer.tui.screens.list_detail import ListDetailScreen
from explainer.tui.widgets.reader import Reader

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp


class PerspectivesScreen(ListDetailScreen[Topic]):
    """Topics on the left; each view of the selected topic, attributed, on the right."""

    PLACE = "perspectives"
    NAME = "Perspectives"
    LINKS_HEADING = "Where each view comes from (Tab, then Enter)"

    def __init__(self, pack: Pack, topic_id: str = "") -> None:
        super().__init__(pack, pack.topics, topic_id)

    @classmethod
    def for_place(cls, app: ExplainerApp, place: Place) -> PerspectivesScreen:
        return cls(app.pack, place.id)

    def label(self, topic: Topic) -> str:
        return topic.title

    def heading(self, topic: Topic) -> str:
        return topic.question

    def view_markdown(self, view: View) -> str:
        """One view: who holds it, in what role, what they claim, on what basis, and where."""
        source = self.pack.source(view.source)
        lines = [f"**{view.who}** — *{view.role}*", "", f"Says: {view.claim}"]
        if view.basis:
            lines += ["", f"On what basis: {view.basis}"]
        lines += ["", f"Where: {source.name if source else view.source}"]
        return "\n".join(lines)

    def columns(self, topic: Topic) -> int:
        """How many cards fit side by side, each with about 30 columns of text (1: the views stacked)."""
        room = self.query_one("#detail").size.width // 32
        return max(1, min(room, len(topic.views), 3))

    def markdown(self, topic: Topic) -> str:
        """The views one under another, or (as cards beside each other) only the question to think about."""
        note = [f"**{NOTE_LABEL}** {topic.note}"] if topic.note else []
        if self.columns(topic) > 1:
            return "\n\n".join(note)
        return "\n\n---\n\n".join([self.view_markdown(view) for view in topic.views] + note)

    def show(self, place: Place) -> None:
        super().show(place)
        topic = next((t for t in self.items if t.id == self.item_id), None)
        cards = self.query_one("#cards", Grid)
        cards.remove_children()
        columns = self.columns(topic) if topic is not None else 1
        cards.display = columns > 1
        if topic is not None and cards.display:
            cards.styles.grid_size_columns = columns
            cards.mount_all(Reader(self.view_markdown(view), classes="card") for view in topic.views)

    def on_resize(self, event: events.Resize) -> None:  # Page's own handler runs too (Textual calls each class's)
        self.call_after_refresh(self.show, Place(self.PLACE, self.item_id))

    def links(self, topic: Topic) -> list[tuple[str, Link]]:
        return [
            (
                f"{view.who}: section {self.pack.section_number(section.id)}, {section.question}",
                Link("section", section.id),
            )
            for view in topic.views
            if (section := self.pack.section(view.section))
        ]

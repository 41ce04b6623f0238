"""Perspectives: where the articles, and the experts they quote, differ — who says what, on what basis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.pack.model import Link, Pack, Topic
from explainer.pack.wording import NOTE_LABEL
from explainer.tui.history import Place
from explainer.tui.screens.list_detail import ListDetailScreen

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

    def markdown(self, topic: Topic) -> str:
        """Each view says who holds it, in what role, what they claim, on what basis, and where."""
        parts = []
        for view in topic.views:
            source = self.pack.source(view.source)
            lines = [f"**{view.who}** — *{view.role}*", "", f"Says: {view.claim}"]
            if view.basis:
                lines += ["", f"On what basis: {view.basis}"]
            lines += ["", f"Where: {source.name if source else view.source}"]
            parts.append("\n".join(lines))
        if topic.note:
            parts.append(f"**{NOTE_LABEL}** {topic.note}")
        return "\n\n---\n\n".join(parts)

    def links(self, topic: Topic) -> list[tuple[str, Link]]:
        return [
            (
                f"{view.who}: section {self.pack.section_number(section.id)}, {section.question}",
                Link("section", section.id),
            )
            for view in topic.views
            if (section := self.pack.section(view.section))
        ]

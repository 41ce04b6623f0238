"""The timeline: the events the articles mention, dated ones in order, then the undated, each leading to its section."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.pack.labels import source_label
from explainer.pack.model import Event, Link, Pack
from explainer.tui.history import Place
from explainer.tui.messages import Navigate
from explainer.tui.screens.list_detail import ListDetailScreen

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp


class TimelineScreen(ListDetailScreen[Event]):
    """Events on the left; Enter on one opens the section that tells it."""

    PLACE = "timeline"
    NAME = "Timeline"

    def __init__(self, pack: Pack, event_id: str = "") -> None:
        super().__init__(pack, pack.timeline(), event_id)

    @classmethod
    def for_place(cls, app: ExplainerApp, place: Place) -> TimelineScreen:
        return cls(app.pack, place.id)

    def label(self, event: Event) -> str:
        return f"{event.when_label}: {event.title}"

    def heading(self, event: Event) -> str:
        return f"{event.when_label} — {event.title}"

    def markdown(self, event: Event) -> str:
        note = f"\n\n**{event.status_note}**" if event.status_note else ""
        return f"{event.detail}{note}\n\n*Source: {source_label(self.pack, event.source, outlet=False)}*"

    def links(self, event: Event) -> list[tuple[str, Link]]:
        section = self.pack.section(event.section)
        if section is None:
            return []
        return [
            (
                f"Read section {self.pack.section_number(section.id)}: {section.question}",
                Link("section", section.id),
            )
        ]

    def chosen(self, event: Event) -> None:
        self.post_message(Navigate(Place("section", event.section)))

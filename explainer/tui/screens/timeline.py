"""The timeline: the events the articles mention, dated ones in order, then the undated, each leading to its section."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from explainer.pack.labels import cited
from explainer.pack.model import Event, Link, Pack
from explainer.tui.glyphs import glyphs
from explainer.tui.history import Place
from explainer.tui.messages import Navigate
from explainer.tui.screens.list_detail import ListDetailScreen
from explainer.tui.widgets.hanging import Hanging

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

    def label(self, event: Event) -> Hanging:
        """On a rail: a dot and the date in bold (a hollow dot for an undated event, which its date says),
        the title under it, and a gap before the next event."""
        dated = event.sort is not None
        marks = glyphs(self.app)
        dot = Content.styled(f"{marks.event if dated else marks.undated} ", "$text-primary bold")
        when = Content.styled(event.when_label, "bold")  # "no date given (undated)", "by 2030 (projected)"
        rail = Content.styled(f"{marks.rail} ", "$text-muted")
        return Hanging(dot, Content.assemble(when, "\n", event.title, "\n"), rest=rail)

    def heading(self, event: Event) -> str:
        return f"{event.when_label} — {event.title}"

    def markdown(self, event: Event) -> str:
        note = f"\n\n**{event.status_note}**" if event.status_note else ""
        return f"{event.detail}{note}\n\n*{cited(self.pack, event.sources, outlet=False)}*"

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

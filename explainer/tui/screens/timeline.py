"""The timeline: the dated events the articles mention, in order, each leading to its section."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from explainer.pack.model import Event, Link, Pack
from explainer.tui.history import Place
from explainer.tui.screens.section import source_label
from explainer.tui.widgets.link_list import LinkList
from explainer.tui.widgets.reader import Reader


class TimelineScreen(Screen):
    """Events on the left, the selected one's detail and links on the right."""

    BINDINGS = [Binding("l", "focus_links", "Links", tooltip="Jump to the event's links")]

    def __init__(self, pack: Pack, event_id: str = "") -> None:
        super().__init__()
        self.pack = pack
        self.events = pack.timeline()
        self.event_id = event_id if pack.event(event_id) else (self.events[0].id if self.events else "")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="events")
            with VerticalScroll(id="event-detail"):
                yield Static(id="event-title", classes="title")
                yield Reader(id="event-body")
                yield Static("Links (Tab, then Enter)", classes="heading")
                yield LinkList(id="links")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Timeline"
        if not self.events:
            self.query_one("#event-title", Static).update("This pack has no timeline.")
        self.query_one("#events", OptionList).add_options([Option(f"{e.when}: {e.title}") for e in self.events])
        self.show(Place("timeline", self.event_id))
        self.query_one("#events").focus()

    def can_show(self, place: Place) -> bool:
        return place.kind == "timeline"

    def show(self, place: Place) -> None:
        event = self.pack.event(place.id)
        if event is None:
            return
        self.event_id = event.id
        self.query_one("#event-title", Static).update(f"{event.when} — {event.title}")
        self.query_one("#event-body", Reader).update(self._markdown(event))
        section = self.pack.section(event.section)
        links = [(f"Read section {self.pack.section_position(section.id) + 1}: {section.question}", Link("section", section.id))] if section else []
        self.query_one("#links", LinkList).show_links(links)
        events = self.query_one("#events", OptionList)
        with events.prevent(OptionList.OptionHighlighted):
            events.highlighted = self.events.index(event)

    def _markdown(self, event: Event) -> str:
        return f"{event.detail}\n\n*Source: {source_label(self.pack, event.source)}*"

    @on(OptionList.OptionHighlighted, "#events")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        place = Place("timeline", self.events[event.option_index].id)
        self.show(place)
        self.app.history.replace(place)  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#events")
    def _open_section(self, event: OptionList.OptionSelected) -> None:
        self.app.go(Place("section", self.events[event.option_index].section))  # type: ignore[attr-defined]

    def action_focus_links(self) -> None:
        self.query_one("#links").focus()

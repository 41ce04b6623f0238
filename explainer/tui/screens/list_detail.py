"""A list on the left, the highlighted item's text and links on the right: Timeline and Perspectives."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, Protocol, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, Horizontal
from textual.visual import Visual
from textual.widgets import Static
from textual.widgets.option_list import Option

from explainer.pack.model import Link, Pack
from explainer.tui.commands import LIST_DETAIL, bindings
from explainer.tui.history import Place
from explainer.tui.messages import Moved
from explainer.tui.screens.page import Page
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.header import Header
from explainer.tui.widgets.option_list import OptionList
from explainer.tui.widgets.reader import Reader
from explainer.tui.widgets.reading_pane import ReadingPane


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_Identified)


class ListDetailScreen(Page, Generic[Item]):
    """Subclasses say which place they are, how an item is labelled, shown and linked."""

    NAME: ClassVar[str]
    LINKS_HEADING: ClassVar[str] = "Read more"
    BINDINGS: ClassVar[list[BindingType]] = bindings(LIST_DETAIL)

    def __init__(self, pack: Pack, items: Sequence[Item], item_id: str = "") -> None:
        super().__init__()
        self.pack = pack
        self.items = list(items)
        ids = [self.item_id_of(item) for item in self.items]
        self.item_id = item_id if item_id in ids else (ids[0] if ids else "")

    # What a subclass provides

    def item_id_of(self, item: Item) -> str:
        return item.id

    def label(self, item: Item) -> str | Visual:
        raise NotImplementedError

    def heading(self, item: Item) -> str:
        raise NotImplementedError

    def markdown(self, item: Item) -> str:
        raise NotImplementedError

    def links(self, item: Item) -> list[tuple[str, Link]]:
        raise NotImplementedError

    def chosen(self, item: Item) -> None:
        """Enter on an item in the list: by default, on to its links."""
        self.action_focus_links()

    # The shared screen

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="items")
            with ReadingPane(id="detail"):
                yield Static(id="detail-title", classes="title")
                yield Grid(id="cards")  # Perspectives' views side by side, where there is room
                yield Reader(id="detail-body")
                yield Static(self.LINKS_HEADING, classes="heading", id="links-heading")
                yield Reader(id="links")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.NAME
        if not self.items:
            self.query_one("#detail-title", Static).update(f"This pack has no {self.NAME.lower()}.")
        self.query_one("#items", OptionList).add_options([Option(self.label(item)) for item in self.items])
        self.show(Place(self.PLACE, self.item_id))
        self.query_one("#items").focus()

    def can_show(self, place: Place) -> bool:
        return place.kind == self.PLACE

    def show(self, place: Place) -> None:
        """Show an item's detail and select it in the list."""
        item = next((i for i in self.items if self.item_id_of(i) == place.id), None)
        if item is None:
            return
        self.item_id = place.id
        self.query_one("#detail-title", Static).update(self.heading(item))
        self.query_one("#detail-body", Reader).update(self.markdown(item))
        links = self.links(item)
        self.query_one("#links", Reader).update(
            "\n".join(f"- [{label}]({link.kind}:{link.target})" for label, link in links)
        )
        self.query_one("#links-heading").display = bool(links)
        detail = self.query_one("#detail", ReadingPane)
        detail.forget()
        detail.scroll_home(animate=False, immediate=True)
        items = self.query_one("#items", OptionList)
        with items.prevent(OptionList.OptionHighlighted):
            items.highlighted = self.items.index(item)

    @on(OptionList.OptionHighlighted, "#items")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the list replaces the history entry rather than adding one."""
        place = Place(self.PLACE, self.item_id_of(self.items[event.option_index]))
        self.show(place)
        self.post_message(Moved(place))

    @on(OptionList.OptionSelected, "#items")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.chosen(self.items[event.option_index])

    def action_focus_links(self) -> None:
        detail = self.query_one("#detail", ReadingPane)
        detail.focus(scroll_visible=False)
        detail.first_link_in(self.query_one("#links", Reader))

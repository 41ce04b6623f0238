"""A focusable list of links, so every link on a page is reachable by keyboard alone."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.geometry import Size
from textual.widgets.option_list import Option

from explainer.pack.model import Link
from explainer.tui.widgets.link_activated import LinkActivated
from explainer.tui.widgets.option_list import OptionList


class LinkList(OptionList):
    """Links as options: Enter or a click posts `LinkActivated`."""

    DEFAULT_CSS = """
    LinkList { height: auto; max-height: 12; border: none; padding: 0 1; }
    LinkList:focus { border: none; }
    """

    def __init__(self, links: Iterable[tuple[str, Link]] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self._links: list[Link] = []
        self.show_links(links)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One line a link when a pane is squeezed to nothing (at 20x6): Textual 8.2's OptionList
        cannot wrap text to a width of zero and ends the app."""
        if width <= self.get_component_styles("option-list--option").padding.width:
            return self.option_count
        return super().get_content_height(container, viewport, width)

    def show_links(self, links: Iterable[tuple[str, Link]]) -> None:
        """Replace the list's links, each given with the label to show."""
        pairs = list(links)
        self._links = [link for _, link in pairs]
        self.clear_options()
        self.add_options([Option(label) for label, _ in pairs])
        self.highlighted = 0 if pairs else None
        self.display = bool(pairs)

    @on(OptionList.OptionSelected)
    def _activate(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(LinkActivated(self._links[event.option_index]))

"""A focusable list of links, so every link on a page is reachable by keyboard alone."""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.widgets.option_list import Option

from explainer.pack.model import Link
from explainer.tui.widgets.link_activated import LinkActivated
from explainer.tui.widgets.option_list import OptionList


class LinkList(OptionList):
    """Links as options: Enter or a click posts `LinkActivated`."""

    DEFAULT_CSS = """
    LinkList { height: auto; border: none; padding: 0 1; }
    LinkList:focus { border: none; }
    """

    def __init__(self, links: Iterable[tuple[str, Link]] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self._links: list[Link] = []
        self.show_links(links)

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

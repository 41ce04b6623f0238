"""Markdown whose links are ours: `term:`, `section:` and `event:` never reach a browser."""

from __future__ import annotations

from textual import on
from textual.widgets import Markdown

from explainer.pack.links import parse_href
from explainer.tui.widgets.link_activated import LinkActivated


class Reader(Markdown):
    """Renders pack Markdown and turns clicked links into `LinkActivated`."""

    def __init__(self, markdown: str = "", **kwargs) -> None:
        super().__init__(markdown, open_links=False, **kwargs)

    @on(Markdown.LinkClicked)
    def _route_link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        link = parse_href(event.href)
        if link is None:
            self.notify(f"Not a link this explainer can follow: {event.href}", severity="warning")
        else:
            self.post_message(LinkActivated(link))

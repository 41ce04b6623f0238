"""The line at the top of every page: the pack's title and where in it the student is.

Textual's Header carries a placeholder icon and centres a dim sub-title; this
one reads as a running head: the pack's title in bold, then the place
("Section 2 of 12 · Why meet?"). It is drawn from the app's title and the
screen's sub-title whenever either changes, and owns no child widgets, so a
page replaced while it is still being built cannot trip over it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class Header(Widget):
    """The pack's title and the screen's sub-title, on one line."""

    DEFAULT_CSS = """
    Header {
        dock: top;
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._changed, init=False)
        self.watch(self.screen, "sub_title", self._changed, init=False)

    def _changed(self, _value: str) -> None:
        self.refresh()

    def render(self) -> Content:
        title = Content.styled(self.app.title, "bold")
        place = self.screen.sub_title
        return Content.assemble(title, ("  ·  " + place) if place else "")

"""The scrolling page a student reads: its links reachable by Tab in the text itself, and find in page.

The links stay where they are written. Tab and Shift+Tab move a highlight from
one link to the next through every `Reader` in the pane, scrolling it into
view; Enter follows it (a term opens its pop-up right there). Focus never
leaves the pane, so PageDown, Space, ↓ and End always scroll the page.

Find in page works as in `less`: `find()` highlights every match, `step()`
moves to the next or previous one and scrolls to it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.geometry import Offset, Region
from textual.message import Message

from explainer.tui.commands import READING, bindings
from explainer.tui.widgets.reader import Reader


class ReadingPane(VerticalScroll):
    """A VerticalScroll of Readers that moves through their links and find matches."""

    class Pointed(Message):
        """Another link is pointed at (screen-reader mode moves the terminal's cursor to it)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(READING)

    def __init__(self, *children, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self._link: int | None = None  # which link, counted through every reader, is highlighted
        self.found = ""  # the text found in page, if any
        self._match: int | None = None

    def readers(self) -> list[Reader]:
        return [reader for reader in self.query(Reader) if reader.display]

    def _links(self) -> list[tuple[Reader, int]]:
        return [(reader, index) for reader in self.readers() for index in range(len(reader.links))]

    @property
    def pointed_link(self) -> str | None:
        """The href of the highlighted link, if one is."""
        links = self._links()
        if self._link is None or self._link >= len(links):
            return None
        reader, index = links[self._link]
        return reader.links[index]

    def forget(self) -> None:
        """The readers show new text: nothing is highlighted or found any more."""
        self._link, self.found, self._match = None, "", None

    def point_at_link(self, number: int | None) -> None:
        """Highlight one link (None: none) and bring it into view."""
        links = self._links()
        self._link = number if number is not None and links else None
        for reader in self.readers():
            reader.point_at(matches=self.found)
        if self._link is not None:
            self._link %= len(links)
            reader, index = links[self._link]
            self._show_line(reader, reader.point_at(index, self.found))
        self.post_message(self.Pointed())

    def cursor_offset(self) -> Offset | None:
        """Where on the screen the pointed-at link is, for the terminal's cursor in screen-reader mode."""
        links = self._links()
        if self._link is None or self._link >= len(links):
            return None
        reader = links[self._link][0]
        line = reader.pointed_line()
        column = reader.pointed_column(line) if line is not None else None
        if line is None or column is None:
            return None
        return Offset(reader.content_region.x + column, reader.content_region.y + line)

    def first_link_in(self, reader: Reader) -> None:
        """Highlight the first link of one reader (`l`: the links at the end of a section)."""
        links = self._links()
        number = next((n for n, (r, _) in enumerate(links) if r is reader), None)
        if number is not None:
            self.point_at_link(number)

    def action_next_link(self) -> None:
        self._move(+1)

    def action_previous_link(self) -> None:
        self._move(-1)

    def _move(self, offset: int) -> None:
        if not self._links():
            self.notify("No links on this page.", timeout=2)
            return
        start = (-1 if offset > 0 else 0) if self._link is None else self._link
        self.point_at_link(start + offset)

    def action_follow(self) -> None:
        links = self._links()
        if self._link is None or self._link >= len(links):
            self.notify("Tab to a link first, then Enter follows it.", timeout=2)
            return
        reader, index = links[self._link]
        reader.action_link(reader.links[index])

    # find in page

    def find(self, text: str) -> int:
        """Highlight every match of `text`; the first is current. How many there are."""
        self.found, self._link = text, None
        total = sum(reader.count(text) for reader in self.readers()) if text else 0
        self._match = 0 if total else None
        self._point_at_match()
        return total

    def step(self, offset: int) -> tuple[int, int]:
        """Move to the next (+1) or previous (-1) match: (its number from 1, how many)."""
        total = sum(reader.count(self.found) for reader in self.readers()) if self.found else 0
        if not total:
            return 0, 0
        self._match = ((self._match or 0) + offset) % total
        self._point_at_match()
        return self._match + 1, total

    def _point_at_match(self) -> None:
        remaining = self._match
        for reader in self.readers():
            count = reader.count(self.found) if self.found else 0
            current = remaining if remaining is not None and 0 <= remaining < count else None
            line = reader.point_at(matches=self.found, current=current)
            if current is not None:
                self._show_line(reader, line)
            if remaining is not None:
                remaining -= count

    def _show_line(self, reader: Reader, line: int | None) -> None:
        if line is None:
            return
        y = reader.virtual_region.y + reader.styles.padding.top + line
        self.scroll_to_region(Region(0, y, 1, 1), animate=False, immediate=True, force=True)

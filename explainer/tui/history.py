"""Browser-like history of places visited: a plain class, no Textual, unit-tested."""

from __future__ import annotations

from typing import Literal

from explainer.record import Record

PlaceKind = Literal["home", "section", "glossary", "timeline", "perspectives", "quiz"]


class Place(Record):
    """Somewhere the student can be: a screen, and what it shows (a section id, a term id)."""

    kind: PlaceKind
    id: str = ""


HOME = Place("home")


class History:
    """Back and forward over visited places; visiting drops the forward list, as a browser does."""

    def __init__(self, start: Place = HOME, limit: int = 200) -> None:
        self._places = [start]
        self._index = 0
        self._limit = limit

    @property
    def current(self) -> Place:
        return self._places[self._index]

    @property
    def can_go_back(self) -> bool:
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        return self._index < len(self._places) - 1

    def visit(self, place: Place) -> None:
        """Go somewhere new; visiting where you already are changes nothing."""
        if place == self.current:
            return
        del self._places[self._index + 1 :]
        self._places.append(place)
        if len(self._places) > self._limit:
            del self._places[0]
        self._index = len(self._places) - 1

    def replace(self, place: Place) -> None:
        """Change what the current entry shows without a new entry (a term picked in the glossary)."""
        self._places[self._index] = place

    def forget(self, place: Place) -> None:
        """Drop a place that no longer exists (a quiz a newer one replaced), except the current entry;
        where that leaves one place twice in a row, it is kept once."""
        kept: list[Place] = []
        index = 0
        for position, entry in enumerate(self._places):
            if position == self._index:
                if not kept or kept[-1] != entry:
                    kept.append(entry)
                index = len(kept) - 1
            elif entry != place and (not kept or kept[-1] != entry):
                kept.append(entry)
        self._places, self._index = kept, index

    def back(self) -> Place | None:
        if not self.can_go_back:
            return None
        self._index -= 1
        return self.current

    def forward(self) -> Place | None:
        if not self.can_go_forward:
            return None
        self._index += 1
        return self.current

"""Where the student was on each section's page, kept so Back and Resume return there, and what counts as read.

A plain class beside the app: the section screen tells it where the student has
scrolled; it keeps that at once (Back finds it) and saves it to the store a
moment after the scrolling stops, not on every line. A section counts as read
once the student has stayed on it for `STAY_SECONDS` (counted when they move
on), or scrolled to its end.
"""

from __future__ import annotations

from collections.abc import Callable

from explainer.progress.store import ProgressStore

STAY_SECONDS = 3.0
SAVE_AFTER_SECONDS = 1.0


class ReadingPlaces:
    """Each section's scroll position, this run or a past one; `stay_factor` scales the stay (tests shorten it)."""

    def __init__(self, store: ProgressStore, later: Callable[[float, Callable[[], None]], object]) -> None:
        self.store = store
        self._later = later  # the app's set_timer
        self._scrolls: dict[str, int] = {}
        self._unsaved: set[str] = set()
        self.stay_factor = 1.0

    @property
    def stay_seconds(self) -> float:
        return STAY_SECONDS * self.stay_factor

    def _key(self, section_id: str) -> str:
        return f"scroll:{self.store.pack_id}:{section_id}"

    def scroll_for(self, section_id: str) -> int:
        """Where the student left a section (0: its top)."""
        if section_id not in self._scrolls:
            saved = self.store.get(self._key(section_id))
            self._scrolls[section_id] = int(saved) if saved and saved.isdigit() else 0
        return self._scrolls[section_id]

    def remember(self, section_id: str, y: int) -> None:
        """Kept at once for Back; saved a moment after the scrolling stops."""
        if self._scrolls.get(section_id) == y:
            return
        self._scrolls[section_id] = y
        if not self._unsaved:
            self._later(SAVE_AFTER_SECONDS, self.save)
        self._unsaved.add(section_id)

    def read(self, section_id: str) -> None:
        """The student stayed on a section: it is read, Resume returns to it, and where they were is kept."""
        self.store.mark_read(section_id)
        self.save()

    def save(self) -> None:
        for section_id in sorted(self._unsaved):
            self.store.put(self._key(section_id), str(self._scrolls[section_id]))
        self._unsaved.clear()

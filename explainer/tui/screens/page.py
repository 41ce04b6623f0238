"""The base of every full-screen place: what the app asks of a page, and its own keys act only once it is built."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.screen import Screen

from explainer.tui.history import Place, PlaceKind

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp


class Page(Screen[None]):
    """A place in the app's history, built by the app from the registry in `tui/pages.py`.

    A student typing ahead (`b` then `l`) can reach a page's keys in the moment
    between the page being put on screen and its widgets existing; an action that
    looks for them then ends the app. Until the page is mounted its own bindings
    are off, and such a key does nothing; the app's keys still work."""

    PLACE: ClassVar[PlaceKind]
    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """A page's first resume comes just after it was mounted, and mounting has styled every widget in it:
        Textual 8.2 (Screen._on_screen_resume, which runs after this) would style them all a second time, a
        tenth of a served session's start and of every new page. A page resumed later (a modal closed above
        it) is restyled as usual."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    @classmethod
    def for_place(cls, app: ExplainerApp, place: Place) -> Page:
        """A new page showing `place`."""
        raise NotImplementedError

    def can_show(self, place: Place) -> bool:
        """Whether this page, already on screen, can show `place` itself (cheaper than a new page)."""
        return False

    def show(self, place: Place) -> None:
        """Show `place` in this page; only asked when `can_show(place)`."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.is_mounted

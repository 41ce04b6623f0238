"""The base of every full-screen place: what the app asks of a page, and its own keys act only once it is built."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.screen import Screen
from textual.widgets import Static

from explainer.tui.history import Place, PlaceKind

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp


# Below this a page cannot be read (words would break mid-word, panes would vanish): say so instead.
SMALLEST = (50, 12)


class Page(Screen[None]):
    """A place in the app's history, built by the app from the registry in `tui/pages.py`.

    Keys typed ahead wait until the page is built (tui/typed_ahead.py). An action run
    on the page before then some other way (from the palette, say) would look for
    widgets not there yet and end the app: until the page is mounted its own
    bindings are off; the app's still work."""

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

    def leave(self) -> None:
        """The student is about to move on from what this page shows (before the next page is built)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.is_mounted

    def on_resize(self, event: events.Resize) -> None:
        """Too small a window gets a notice over the whole page, in words that fit, until it grows."""
        width, height = event.size
        notices = self.query("#too-small")
        if width >= SMALLEST[0] and height >= SMALLEST[1]:
            notices.remove()
            return
        text = (
            f"This window is {width}x{height}. Make it at least {SMALLEST[0]}x{SMALLEST[1]} "
            "to read the explainer. (q quits.)"
        )
        if notices:
            notices.first(Static).update(text)
        else:
            self.mount(Static(text, id="too-small"))

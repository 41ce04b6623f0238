"""The base of our pop-ups: a dismiss that only ever closes the pop-up itself."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

Result = TypeVar("Result")


class DismissesOnlyItself:
    """Textual's `dismiss` pops whatever screen is on top. A student typing ahead
    (`g` then `Esc` on a term pop-up, Enter twice in the palette) queues two
    dismissals; the second would pop the page beneath. Here a pop-up that is no
    longer on top ignores it.

    A plain mixin, not a Screen: Textual takes CSS and component classes only
    from the first base that is a widget class, which must stay the real screen."""

    def dismiss(self, result=None) -> AwaitComplete:
        if not self.is_active:  # type: ignore[attr-defined]  # a mixin: the screen it is mixed into has it
            return AwaitComplete.nothing()
        return super().dismiss(result)  # type: ignore[misc]  # ModalScreen.dismiss, next in the real class's MRO


class Modal(DismissesOnlyItself, ModalScreen[Result]):
    """A pop-up over the current page."""

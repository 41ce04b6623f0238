"""The base of our pop-ups: a dismiss that only ever closes the pop-up itself."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

Result = TypeVar("Result")


class Modal(ModalScreen[Result]):
    """Textual's `dismiss` pops whatever screen is on top. A student typing ahead
    (`g` then `Esc` on a term pop-up) queues two dismissals; the second would
    pop the page beneath. Here a pop-up that is no longer on top ignores it."""

    def dismiss(self, result: Result | None = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete.nothing()
        return super().dismiss(result)

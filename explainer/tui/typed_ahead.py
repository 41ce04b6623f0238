"""Keys typed ahead wait their turn: each reaches a screen only once the one before it has done all it caused.

A terminal delivers a burst (Enter then `n n n`, or a paste of keys where there is no bracketed paste) in one
read, and Textual hands each key to whatever has focus the moment the app reads it. So `n` went to the page that
Enter was about to leave, or to a page not yet built, with nothing focused on it, and was lost. Here a key is let
through only when the last one has been handled: nothing queued on the screen, the screen mounted, and one trip
through the app's own queue, so what the last key asked of the app (`Navigate`, a screen pushed) has been done.
A paste waits its turn the same way, so it lands where the keys before it lead.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import TYPE_CHECKING

from textual import events, messages

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

# Seconds between looks at the screen while a key waits: soon at first (most keys are handled in a few turns of
# the event loop, and a flood of typing should drain fast), then less and less often (a page being built).
FIRST_LOOK, LAST_LOOK = 0.0002, 0.008
# A built screen kept busy all the time (a widget updated many times a second) gets the next key anyway after
# this long: a key late is better than a key never. A screen still being built is always waited for.
PATIENCE = 1.0

Typed = events.Key | events.Paste

# Messages that only draw: a key waits for what the last one did, not for the screen to be painted again.
DRAWING = (messages.Update, messages.Layout, messages.UpdateScroll, messages.Prompt)


class TypedAhead:
    """The keys (and pastes) an app has read but not yet handed on, in the order they were typed."""

    def __init__(self, app: App[object]) -> None:
        self._app = app
        self._waiting: deque[Typed] = deque()
        self._turn_since: float | None = None  # when the last key was handed on (or began to wait), until done
        self._let_through: Typed | None = None
        self._looking = False
        self._wait = FIRST_LOOK

    @property
    def pending(self) -> int:
        """Keys not yet handled: waiting, or handed on and not yet seen done (what a test waits on)."""
        return len(self._waiting) + (self._turn_since is not None)

    def hold(self, typed: Typed) -> bool:
        """Whether `typed` must wait (it is kept, and handed on in its turn); False: the app handles it now."""
        if typed is self._let_through:
            self._let_through = None
            return False
        must_wait = bool(self._waiting) or self._turn_since is not None or not self._screen_is_quiet()
        if must_wait:
            self._waiting.append(typed)
        if self._turn_since is None:  # a new turn: look soon (a turn under way is being looked at already)
            self._turn_since = time.monotonic()
            self._look_soon()
        return must_wait

    def _screen_is_quiet(self) -> bool:
        """The screen is built and nothing on it has a message waiting."""
        try:
            screen = self._app.screen
        except Exception:  # no screen yet (or any more): nothing to wait for
            return True
        if not screen.is_mounted:
            return False
        return not any(_has_work(node) for node in screen.walk_children(with_self=True))

    def _look_soon(self, *, again: bool = False) -> None:
        """The next look at the screen: at once for a new turn, later each time it is still busy."""
        self._wait = min(LAST_LOOK, 2 * self._wait) if again else FIRST_LOOK
        if not self._looking:
            self._looking = True
            asyncio.get_running_loop().call_later(self._wait, self._look)

    def _may_go_on(self) -> bool:
        if self._screen_is_quiet():
            return True
        since = self._turn_since
        return since is not None and time.monotonic() - since > PATIENCE and self._app.screen.is_mounted

    def _look(self) -> None:
        self._looking = False
        if not self._app.is_running:
            return
        if self._may_go_on():
            # Through the app's queue: what the last key posted to the app, queued before this, is done first.
            self._app.call_later(self._next_turn)
        else:
            self._look_soon(again=True)

    async def _next_turn(self) -> None:
        if not self._may_go_on():
            self._look_soon(again=True)
            return
        self._turn_since = None
        if not self._waiting:
            return
        typed = self._let_through = self._waiting.popleft()
        self._turn_since = time.monotonic()
        self._look_soon()
        await self._app.on_event(typed)


def _has_work(node: MessagePump) -> bool:
    """Whether `node` has a message queued that does more than draw. Textual 8.2 keeps a pump's queue in
    `_message_queue.values` (textual/_queue.py); tests/test_textual_workarounds.py notices if that goes."""
    if not node.message_queue_size:
        return False
    queued = getattr(node._message_queue, "values", None)
    return queued is None or any(not isinstance(message, DRAWING) for message in queued)

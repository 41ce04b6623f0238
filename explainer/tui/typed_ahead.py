"""Keys typed ahead wait their turn: each reaches a screen only once the one before it has done all it caused.

A terminal delivers a burst (Enter then `n n n`, or a paste of keys where there is no bracketed paste) in one
read, and Textual hands each key to whatever has focus the moment the app reads it. So `n` went to the page that
Enter was about to leave, or to a page not yet built, with nothing focused on it, and was lost. Here a key is let
through only when the last one has been handled: the screen mounted, nothing but drawing queued on it or in the
app (a key's work travels up through the widgets to the app, which may push a screen), then one trip through the
app's own queue, from which the key is handed on. A paste waits its turn the same way.

Nothing is polled: a key waits on a callback queued behind the work of each widget that has some, and the
screen is looked at again when the last of them has run. While keys wait, the screen is not repainted (as
Textual paints nothing while it handles a burst itself): quiet between two keys, it would lay itself out and
draw again for every key of a flood. A long flood is painted every SHOW_EVERY seconds, so it is seen to move.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from contextlib import AbstractContextManager, suppress
from typing import TYPE_CHECKING

from textual import events, messages

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message
    from textual.message_pump import MessagePump

# A built screen kept busy all the time (a widget updated many times a second) gets the next key anyway after
# this long: a key late is better than a key never. A screen still being built is always waited for.
PATIENCE = 1.0
SHOW_EVERY = 0.25  # seconds: how long keys typed ahead may keep the screen from being painted

Typed = events.Key | events.Paste

# Messages that only draw: a key waits for what the last one did, not for the screen to be painted again.
DRAWING = (messages.Update, messages.Layout, messages.UpdateScroll, messages.Prompt)
# Keys the app has read are not its work: they wait here.
DRAWING_OR_TYPED = (*DRAWING, events.Key, events.Paste)


class TypedAhead:
    """The keys (and pastes) an app has read but not yet handed on, in the order they were typed."""

    def __init__(self, app: App[object]) -> None:
        self._app = app
        self._waiting: deque[Typed] = deque()
        self._let_through: Typed | None = None
        self._patience: asyncio.TimerHandle | None = None  # while a turn is under way: its end, if not done before
        self._impatient = False  # the turn has outlasted PATIENCE
        self._watching: object | None = None  # the wait under way, so a callback left from an older one is ignored
        self._turn_queued = False  # the next turn is in the app's queue
        self._painting = PaintingHeld(app)

    @property
    def pending(self) -> int:
        """Keys not yet handled: waiting, or handed on and not yet seen done (what a test waits on)."""
        return len(self._waiting) + (self._patience is not None)

    def hold(self, typed: Typed) -> bool:
        """Whether `typed` must wait (it is kept, and handed on in its turn); False: the app handles it now."""
        if typed is self._let_through:
            self._let_through = None
            return False
        must_wait = bool(self._waiting) or self._patience is not None or bool(self._keeping_busy())
        if must_wait:
            self._waiting.append(typed)
            self._painting.hold()
        if self._patience is None:  # a new turn (one under way is watched already): look once `typed` is on its way
            self._begin_turn()
            asyncio.get_running_loop().call_soon(self._look)
        return must_wait

    def _begin_turn(self) -> None:
        self._impatient = False
        self._patience = asyncio.get_running_loop().call_later(PATIENCE, self._out_of_patience)

    def _end_turn(self) -> None:
        if self._patience is not None:
            self._patience.cancel()
            self._patience = None
        self._watching = None

    def _out_of_patience(self) -> None:
        """A turn's patience is over: look again (an unmounted screen is still waited for, and looked at again)."""
        self._impatient = True
        self._painting.release()  # a key has waited long: show where the keys before it have led
        self._patience = asyncio.get_running_loop().call_later(PATIENCE, self._out_of_patience)
        self._watching = None
        self._look()

    def _keeping_busy(self) -> list[MessagePump]:
        """What the next key must wait for: the screen until it is built, then each widget on it, and the app, with
        work queued; none once the turn is out of patience."""
        try:
            screen = self._app.screen
        except Exception:  # no screen yet (or any more): nothing to wait for
            return []
        if not screen.is_mounted:
            return [screen]  # a callback queued on a screen runs once it is mounted
        if self._impatient:
            return []
        busy: list[MessagePump] = [node for node in screen.walk_children(with_self=True) if _has_work(node, DRAWING)]
        if _has_work(self._app, DRAWING_OR_TYPED):
            busy.append(self._app)
        return busy

    def _look(self) -> None:
        """The next turn through the app's queue if the screen is quiet; else wait for what keeps it busy."""
        if not self._app.is_running or self._patience is None:
            return
        busy = self._keeping_busy()
        if busy:
            self._wait_for(busy)
        elif not self._turn_queued:
            # Through the app's queue: what the last key posted to the app, queued before this, is done first.
            self._turn_queued = self._app.call_later(self._next_turn)

    def _wait_for(self, busy: list[MessagePump]) -> None:
        """Look again once every one of `busy` has done what it had queued (or when patience runs out)."""
        watching = self._watching = object()
        left = 0

        def done() -> None:
            nonlocal left
            left -= 1
            if not left and self._watching is watching:
                self._watching = None
                self._look()

        for node in busy:  # a widget closing takes no callback: what it has queued is never done, patience decides
            left += node.call_later(done)

    async def _next_turn(self) -> None:
        self._turn_queued = False
        if self._patience is None:
            return
        busy = self._keeping_busy()
        if busy:  # something was queued since the look
            self._wait_for(busy)
            return
        self._end_turn()
        if not self._waiting:
            self._painting.end()
            return
        typed = self._let_through = self._waiting.popleft()
        if self._waiting:
            self._painting.hold()
        self._begin_turn()
        asyncio.get_running_loop().call_soon(self._look)
        await self._app.on_event(typed)


class PaintingHeld:
    """The app's `batch_update()` while keys wait: held, released when none is left, and let go for one paint
    every SHOW_EVERY seconds of a long flood."""

    def __init__(self, app: App[object]) -> None:
        self._app = app
        self._batch: AbstractContextManager[None] | None = None
        self._since = 0.0
        self._painting = False  # let go for a paint, not held again until the screen has been refreshed

    def hold(self) -> None:
        """Keys wait: no painting, unless the screen has gone unpainted SHOW_EVERY already."""
        if self._batch is not None:
            if time.monotonic() - self._since > SHOW_EVERY:
                self.release()
                with suppress(Exception):  # no screen any more: nothing to wait for
                    self._painting = self._app.screen.call_after_refresh(self._painted)
        elif not self._painting:
            self._batch = self._app.batch_update()
            self._batch.__enter__()
            self._since = time.monotonic()

    def release(self) -> None:
        """What the keys did, on the screen: the batch ends, and the screen is painted whole, as Textual's own
        `delay_update` does after its batch (a screen pushed in the batch drew itself then, to nobody)."""
        if self._batch is None:
            return
        self._batch.__exit__(None, None, None)
        self._batch = None
        with suppress(Exception):  # no screen any more: nothing to paint
            self._app.screen.refresh()

    def end(self) -> None:
        """No key waits any more."""
        self.release()
        self._painting = False

    def _painted(self) -> None:
        self._painting = False


def _has_work(node: MessagePump, not_work: tuple[type[Message], ...]) -> bool:
    """Whether `node` has a message waiting that is not of the kinds `not_work`. Textual 8.2 keeps a pump's queue in
    `_message_queue.values` (textual/_queue.py), and the next message, taken out of it before the one in hand is
    handled (to see whether it replaces it), in `_pending_message`; tests/test_textual_workarounds.py notices if
    either goes."""
    pending = node._pending_message
    if pending is not None and not isinstance(pending, not_work):
        return True
    queued: deque[Message | None] = node._message_queue.values  # None: the pump is told to close
    return any(message is not None and not isinstance(message, not_work) for message in queued)

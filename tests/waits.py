"""Waiting on a condition with a deadline: what a test does instead of sleeping a fixed time.

A loaded 2-core machine runs everything several times slower than an idle one, so a
test waits for what it needs to see, up to a generous deadline, and fails saying what
never happened. Polling is for what has no event to await (a file a watcher polls, a
thread, the app's message queue draining); where there is one, await it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

DEADLINE = 30.0  # seconds: generous, since a condition that holds ends the wait at once
POLL = 0.05


async def until(condition: Callable[[], object], what: str, timeout: float = DEADLINE, pilot=None) -> None:
    """Let the app (with `pilot`: its queued messages processed between looks) or the loop run until
    `condition()` holds; fail naming `what` if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never happened within {timeout:.0f} s: {what}"
        if pilot is not None:
            await pilot.pause(POLL)
        else:
            await asyncio.sleep(POLL)


def until_sync(condition: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    """`until` for a test without an event loop (threads, processes, files)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never happened within {timeout:.0f} s: {what}"
        time.sleep(POLL)

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

from textual.worker import WorkerState

DEADLINE = 120.0  # seconds: a starved process can take tens to mount a screen; a condition that holds ends it at once
POLL = 0.05
ROUND = 0.01  # between two looks at the app's queues


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


def quiet(app, workers: bool = True) -> bool:
    """The app has nothing queued: no message waiting in the app, its screen or any widget on it, and (`workers`)
    no worker running."""
    try:
        nodes = [app, *app.screen.walk_children(with_self=True)]
    except Exception:  # no screen: the app has ended (or not begun), and nothing is left to wait for
        return True
    if workers and any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in app.workers):
        return False
    typed_ahead = getattr(app, "typed_ahead", None)  # keys waiting their turn (tui/typed_ahead.py)
    if typed_ahead is not None and typed_ahead.pending:
        return False
    return not any(node.message_queue_size for node in nodes)


async def settled(pilot, timeout: float = DEADLINE) -> None:
    """Until the app has done all it was asked (keys typed ahead, the messages they post, the workers they start):
    quiet at two looks in a row, a pause apart, since a handler that awaits may post more.

    `pilot.pause()` alone waits on a CPU-time heuristic that a loaded machine fools (a starved process looks idle).
    """
    deadline = time.monotonic() + timeout
    calm = 0
    while calm < 2:
        assert time.monotonic() < deadline, f"the app was still busy after {timeout:.0f} s"
        await pilot.pause()
        calm = calm + 1 if quiet(pilot.app) else 0


async def queues_drained(pilot, timeout: float = 10.0) -> None:
    """Until nothing is queued in the app, twice in a row, a round apart (a handler that awaits may post more);
    past `timeout` give up quietly (an app kept busy on purpose is the test's to judge). Workers are not waited
    for: a session's link to the class hub is one that runs as long as the app. A round is a short sleep, not
    Pilot's `_wait_for_screen`, which fails after 30 s on a widget removed while keys are typed ahead."""
    deadline = time.monotonic() + timeout
    calm = 0
    while time.monotonic() < deadline:
        calm = calm + 1 if quiet(pilot.app, workers=False) else 0
        if calm == 2:
            return
        await asyncio.sleep(ROUND)


def until_sync(condition: Callable[[], object], what: str, timeout: float = DEADLINE) -> None:
    """`until` for a test without an event loop (threads, processes, files)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never happened within {timeout:.0f} s: {what}"
        time.sleep(POLL)


async def tab_to(pilot, href: str, limit: int = 60) -> None:
    """Tab through the focused page's links until `href` is highlighted."""
    for _ in range(limit):
        if pilot.app.focused.pointed_link == href:
            return
        await pilot.press("tab")
    raise AssertionError(f"no link to {href} on the page")

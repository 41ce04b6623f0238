"""The server's log: one line per event, and no address can flood it.

Every event is one line (`log_lines.log_line`: the event, the address, then
name=value fields, quoted where a client chose the text). Lines that a client can cause
at will (refusals, dropped connections) are rate-limited per address: past
`per_minute` in a minute they are counted, not written, and one line says how
many there were: "... and 1,234 more from 10.0.0.5 in the last minute".
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from explainer.serve.log_lines import log_line as line

WINDOW_SECONDS = 60.0
LINES_PER_MINUTE = 20


@dataclass
class _Window:
    started: float
    written: int = 0
    held: int = 0


def log_to_stderr(logger: logging.Logger) -> None:
    """`logger`'s lines on stderr, each after the time, and nowhere else (once, however often asked)."""
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


class EventLog:
    """Writes event lines to `logger`; `limited` ones at most `per_minute` a minute per address."""

    def __init__(
        self,
        logger: logging.Logger,
        per_minute: int = LINES_PER_MINUTE,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger, self.per_minute, self.window, self.clock = logger, per_minute, window, clock
        self._windows: dict[str, _Window] = {}

    def event(self, event: str, address: str, **fields: object) -> None:
        """A line that is always written (connects and disconnects, bounded by the session limits)."""
        self.logger.info(line(event, address, **fields))

    def limited(self, event: str, address: str, **fields: object) -> None:
        """A line a client could cause at will: written unless its address has had its share this minute."""
        now = self.clock()
        window = self._windows.get(address)
        if window is None or now - window.started >= self.window:
            if window is not None:
                self._summarize(address, window)
            if len(self._windows) > 10_000:
                self._forget_old(now)
            window = self._windows[address] = _Window(now)
        if window.written < self.per_minute:
            window.written += 1
            self.logger.info(line(event, address, **fields))
            return
        window.held += 1
        if window.held == 1:
            self._summarize_later(address, window)

    def flush(self) -> None:
        """Write every held count now (at shutdown)."""
        for address, window in list(self._windows.items()):
            self._summarize(address, window)

    def _summarize_later(self, address: str, window: _Window) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no loop (a test of this class alone): the next line or `flush` writes it
        loop.call_later(max(0.0, window.started + self.window - self.clock()), self._summarize, address, window)

    def _summarize(self, address: str, window: _Window) -> None:
        if window.held:
            self.logger.info(line("more", address) + f" ... and {window.held:,} more from {address} in the last minute")
            window.held = 0

    def _forget_old(self, now: float) -> None:
        for address, window in list(self._windows.items()):
            if now - window.started >= self.window:
                self._summarize(address, window)
                del self._windows[address]

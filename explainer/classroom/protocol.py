"""How a session and the hub talk: one JSON object per line, its type in "t".

Both ends are asyncio protocols over a Unix stream socket. A line longer than
MAX_LINE ends the link; a line that is not a JSON object with a type is
skipped (a session that came back from the plain menu may first read the tail
of a line its earlier app had half read).
A peer that stops reading is cut off once MAX_BUFFERED bytes wait for it,
so one stuck session never makes the server hold the whole class's messages.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, cast

MAX_LINE = 256 * 1024
MAX_BUFFERED = 4 * 1024 * 1024

Message = dict[str, Any]


class JsonLines(asyncio.Protocol):
    """A JSON-lines link: `send` a dict; each dict received goes to `on_message`, the end to `on_closed`."""

    def __init__(self, on_message: Callable[[Message], None], on_closed: Callable[[], None] = lambda: None) -> None:
        self.on_message = on_message
        self.on_closed = on_closed
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._buffer = bytearray()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # a Unix stream socket's

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while not self.closed:
            end = self._buffer.find(b"\n")
            if end < 0:
                if len(self._buffer) > MAX_LINE:
                    self.close()
                return
            line = bytes(self._buffer[:end])
            del self._buffer[: end + 1]
            try:
                message = json.loads(line)
            except ValueError:
                continue  # the tail of a line read by an app before this one (a switch to the plain menu)
            if isinstance(message, dict) and isinstance(message.get("t"), str):
                self.on_message(message)

    def send(self, message: Message) -> None:
        self.send_encoded(encode(message))

    def send_encoded(self, line: bytes) -> None:
        """Send a line made once by `encode` (the same message to many links is encoded once)."""
        transport = self.transport
        if self.closed or transport is None or transport.is_closing():
            return
        if transport.get_write_buffer_size() > MAX_BUFFERED:
            self.close()
            return
        transport.write(line)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed:
            self.closed = True
            self.on_closed()


def encode(message: Message) -> bytes:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode() + b"\n"

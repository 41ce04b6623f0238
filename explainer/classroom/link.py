"""A session's end of its link to the hub: the socket the server passed it, or the local class socket."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path

from explainer.classroom.protocol import JsonLines, Message

LOCAL_SOCKET = "class.sock"  # in the data dir: `explainer class` finds the running server's hub here


def local_socket(data_dir: Path) -> Path:
    return Path(data_dir) / LOCAL_SOCKET


async def connect_fd(fd: int, on_message: Callable[[Message], None], on_closed: Callable[[], None]) -> JsonLines:
    """The link over the socket the server handed this session (it becomes the link's to close)."""
    sock = socket.socket(fileno=fd)
    link = JsonLines(on_message, on_closed)
    await asyncio.get_running_loop().create_unix_connection(lambda: link, sock=sock)
    return link


async def connect_path(path: Path, on_message: Callable[[Message], None], on_closed: Callable[[], None]) -> JsonLines:
    """The link to a running server's hub on this machine; OSError when no server listens there."""
    link = JsonLines(on_message, on_closed)
    await asyncio.get_running_loop().create_unix_connection(lambda: link, str(path))
    return link

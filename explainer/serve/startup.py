"""What a class server, over SSH or in a browser, is told and checks as it starts: its pack, why it cannot listen."""

from __future__ import annotations

import errno
import socket
from dataclasses import dataclass
from pathlib import Path

from explainer.serve.limits import idle_warning


class StartError(Exception):
    """A class server cannot start; the message is one line for the teacher."""


@dataclass(frozen=True)
class ClassServerOptions:
    """What `explainer serve` and `explainer web` are both told: the pack, the data dir, where to listen, and the
    class's limits; each adds its own (`ServeOptions`, `WebOptions`)."""

    content_dir: Path
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    max_sessions: int = 50
    max_per_address: int = 5
    idle_timeout: float = 900.0  # seconds without input; 0 never ends a session
    auth: str = "none"
    stop_grace: float = 3.0  # from SIGTERM to SIGKILL

    @property
    def idle_warning(self) -> float:
        """How long before the idle timeout the student is warned."""
        return idle_warning(self.idle_timeout)


def pack_problem(content_dir: Path) -> tuple[str, str | None]:
    """The pack's title, or what is wrong with it in one line and where to see the rest."""
    from explainer.pack.load import load_pack
    from explainer.pack.problems import PackError

    try:
        return load_pack(content_dir).title, None
    except PackError as error:
        return "", f"{error} — run 'explainer check {content_dir}' for the full list"


def listen_problem(host: str, port: int, error: OSError, *, command: str, low_ports: str) -> str:
    """One line on why `command` cannot listen on host:port; `low_ports`: what to do instead of a port below 1024."""
    where = f"cannot listen on {host}:{port}"
    if error.errno == errno.EADDRINUSE:
        return f"{where}: the port is already in use (another '{command}'? choose another with --port)"
    if error.errno == errno.EACCES:
        return f"{where}: permission denied (ports below 1024 need root; {low_ports}, see the README)"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"{where}: this machine has no such address (use 0.0.0.0 for every address)"
    if isinstance(error, socket.gaierror):
        return f"{where}: unknown host name"
    return f"{where}: {error.strerror or error}"

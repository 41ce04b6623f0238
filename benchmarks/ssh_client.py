"""The SSH side shared by the benchmarks that drive `explainer serve`: starting a server (from this
tree or another checkout) on a free 127.0.0.1 port, and student terminals that say when what they
wait for arrives.

    process, port = start_server(data_dir, limit=51, extra=["--teachers", str(teachers)], tree=None)
    terminal = await open_terminal(port, "student1")               # waits for the pack title
    terminal.screen.watch(b"question 1 of 5"); terminal.press(b"\\r"); seen = await terminal.screen.wait()

`connect` is one asyncssh connection as a student's `ssh` makes it (no agent, no config, no known
hosts; no key: "none", or keyboard-interactive where the server asks, as a class with teachers
does; with a key: publickey). Nothing here measures; the benchmarks do.
"""

from __future__ import annotations

import asyncio
import compileall
import hashlib
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

SIZE = (100, 30)
TITLE = b"North Korea"  # the built-in pack's title, the first thing a student's home screen paints


@dataclass
class Screen(asyncssh.SSHClientSession):
    """One terminal's output: when anything last arrived, and when the watched marker first did.

    `arrived` is set on every arrival (and when the channel closes); clear it before waiting for
    the next. `watch(marker)` starts looking for a new marker in what arrives from then on."""

    marker: bytes = TITLE
    seen_at: float | None = None
    last_arrival: float = 0.0
    received: int = 0  # bytes, all told
    closed: bool = False
    tail: bytes = b""
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def watch(self, marker: bytes) -> None:
        self.marker, self.seen_at, self.tail = marker, None, b""
        self.arrived.clear()

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.last_arrival = time.perf_counter()
        self.received += len(data)
        if self.seen_at is None:
            seen = self.tail + data
            if self.marker in seen:
                self.seen_at = self.last_arrival
            self.tail = seen[-len(self.marker) :]
        self.arrived.set()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.arrived.set()

    async def wait(self, timeout: float = 60) -> float:
        """When the marker arrived; ConnectionError if the channel closed first, TimeoutError after `timeout`."""
        deadline = time.perf_counter() + timeout
        while self.seen_at is None:
            if self.closed:
                raise ConnectionError(f"closed before {self.marker!r}")
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), max(0.01, deadline - time.perf_counter()))
        return self.seen_at

    async def settle(self, quiet: float = 0.05) -> None:
        """Until nothing has arrived for `quiet` seconds: the previous repaint is complete."""
        while time.perf_counter() - self.last_arrival < quiet:
            await asyncio.sleep(quiet)


@dataclass
class Terminal:
    """A student's (or teacher's) connection with its one terminal session."""

    conn: asyncssh.SSHClientConnection
    chan: asyncssh.SSHClientChannel
    screen: Screen

    def press(self, keys: bytes) -> float:
        """Send keys as typed; the time they were sent."""
        sent = time.perf_counter()
        self.chan.write(keys)
        return sent


async def connect(
    port: int, user: str, key: asyncssh.SSHKey | None = None, local_addr: str | None = None
) -> asyncssh.SSHClientConnection:
    """One connection to the server on 127.0.0.1:`port`, from `local_addr` (another loopback address) if given."""
    auth: dict[str, object] = (
        {"client_keys": [key], "preferred_auth": "publickey"}
        if key
        else {"client_keys": None, "password": "", "preferred_auth": "none,keyboard-interactive"}
    )
    return await asyncssh.connect(
        "127.0.0.1", port, username=user, known_hosts=None, agent_path=None, config=None,
        local_addr=(local_addr, 0) if local_addr else None, **auth,
    )  # fmt: skip


async def open_terminal(
    port: int,
    user: str,
    key: asyncssh.SSHKey | None = None,
    marker: bytes = TITLE,
    size: tuple[int, int] = SIZE,
    timeout: float = 60,
) -> Terminal:
    """Connect, ask for an xterm-256color terminal of `size`, and wait until `marker` has arrived on it."""
    conn = await asyncio.wait_for(connect(port, user, key), timeout)
    chan, screen = await conn.create_session(
        lambda: Screen(marker), term_type="xterm-256color", term_size=size, encoding=None
    )
    terminal = Terminal(conn, chan, screen)
    try:
        await screen.wait(timeout)
    except BaseException:
        conn.abort()
        raise
    return terminal


def start_server(
    data_dir: Path, limit: int, extra: Sequence[str] = (), tree: Path | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """`explainer serve` on a free 127.0.0.1 port, `limit` sessions in all and per address, no idle timeout,
    its log in DATA_DIR/serve.log; from the checkout `tree` if given (see `python_for`), else this venv's."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    python = python_for(tree) if tree else sys.executable
    process = subprocess.Popen(
        [python, "-m", "explainer", "serve", "--port", str(port), "--data-dir", str(data_dir),
         "--max-sessions", str(limit), "--max-per-address", str(limit), "--idle-timeout", "0", *extra],
        stdout=subprocess.PIPE, stderr=(data_dir / "serve.log").open("wb"), stdin=subprocess.DEVNULL, cwd="/",
    )  # fmt: skip
    assert process.stdout is not None
    banner = b""
    while b"students connect with" not in banner:
        chunk = process.stdout.read1(4096)
        if not chunk:
            raise SystemExit(f"the server did not start: {banner.decode()}{(data_dir / 'serve.log').read_text()}")
        banner += chunk
    return process, port


def python_for(tree: Path) -> str:
    """An interpreter that imports the explainer from the checkout `tree` and everything else from this venv.

    The server starts its fork server with `python -I` (no working directory, no PYTHONPATH on the path),
    so neither can choose the version compared: a small venv of its own (kept in the temporary directory,
    one per tree) whose only `.pth` file names `tree` first and this venv's site-packages after it. The
    tree is byte-compiled first, as `pip install` would."""
    tree = tree.resolve()
    paths = f"{tree}\n{sysconfig.get_path('purelib')}\n"  # one per tree and venv: a venv removed leaves no stale one
    home = Path(tempfile.gettempdir()) / f"ssh-bench-venv-{hashlib.sha1(paths.encode()).hexdigest()[:12]}"
    python = home / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(home)], check=True)
        site = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        Path(site, "explainer-tree.pth").write_text(paths)
    compileall.compile_dir(tree / "explainer", quiet=1)
    return str(python)

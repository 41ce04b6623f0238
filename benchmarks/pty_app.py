"""A full-screen program on a real pseudo-terminal, watched as a student's terminal would see it.

`PtyApp` starts a command on a pty of a given size, reads what it paints, and
answers "how long until this text was on the screen?". It does not emulate a
terminal: it strips escape sequences from the output since a mark and looks
for the text there, which is exact for text that sits on one screen line.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence
from pathlib import Path

# CSI, OSC, DCS/PM/APC strings, and two-character escapes.
ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]"
)


def visible_text(raw: bytes) -> str:
    """What a run of terminal output writes on the screen, escape sequences removed."""
    return ESCAPES.sub(b"", raw).decode("utf-8", "replace")


class PtyApp:
    """One program on a pseudo-terminal of `size` (columns, rows)."""

    def __init__(
        self,
        argv: Sequence[str],
        size: tuple[int, int] = (100, 30),
        env: dict[str, str] | None = None,
        cwd: str | Path | None = None,
    ) -> None:
        columns, rows = size
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {
            k: v for k, v in (env or os.environ).items() if k not in ("NO_COLOR", "COLUMNS", "LINES", "TEXTUAL")
        }
        environment["TERM"] = "xterm-256color"
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=environment,
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._mark = 0

    @property
    def pid(self) -> int:
        return self.process.pid

    def mark(self) -> None:
        """Only output from now on counts for the next `wait_for`."""
        self._drain()
        self._mark = len(self.output)

    def press(self, keys: bytes) -> float:
        """Send keys as typed; the time they were sent."""
        self.mark()
        sent = time.perf_counter()
        os.write(self.master, keys)
        return sent

    def wait_for(self, *texts: str, timeout: float = 30.0) -> float:
        """The moment every one of `texts` had been painted since the last mark."""
        deadline = time.perf_counter() + timeout
        while True:
            now = time.perf_counter()
            if self._read(max(0.0, deadline - now)):
                seen = visible_text(bytes(self.output[self._mark :]))
                if all(text in seen for text in texts):
                    return time.perf_counter()
            elif time.perf_counter() >= deadline or self.process.poll() is not None:
                tail = visible_text(bytes(self.output[-3000:]))
                raise TimeoutError(
                    f"{texts} not painted within {timeout}s (exit {self.process.poll()}); last output:\n{tail}"
                )

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:  # EIO: the program closed the terminal
            return False
        self.output += data
        return bool(data)

    def _drain(self) -> None:
        while self._read(0):
            pass

    def settle(self, quiet: float = 0.3, limit: float = 5.0) -> None:
        """Wait until the program has painted nothing for `quiet` seconds."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end and self._read(quiet):
            pass

    def rss_kib(self) -> tuple[int, int]:
        """(resident, peak resident) memory in KiB of the program and all its children."""
        resident = peak = 0
        for pid in [self.pid, *_descendants(self.pid)]:
            fields = _status(pid)
            resident += fields.get("VmRSS", 0)
            peak += fields.get("VmHWM", 0)
        return resident, peak

    def close(self) -> None:
        """End the program (its whole session) and the terminal."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        os.close(self.master)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _status(pid: int) -> dict[str, int]:
    fields: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if value.strip().endswith("kB"):
                fields[key] = int(value.split()[0])
    except OSError:
        pass
    return fields


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *_descendants(int(child))]
    except OSError:
        pass
    return found

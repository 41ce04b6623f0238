"""The student's terminal as the server sees it: its type, its size, and the
pseudo-terminal and environment the child process gets from them.

The child's environment is built from an allow-list, never inherited from the
server: nothing of the teacher's shell (PATH, HOME, tokens, TEXTUAL_*) leaks in.
"""

from __future__ import annotations

import fcntl
import os
import re
import struct
import termios
import tty
from collections.abc import Mapping
from dataclasses import dataclass, replace

from explainer.settings import SCREEN_READER_VARIABLE, screen_reader_asked

DEFAULT_TERM = "xterm-256color"
_TERM_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]{0,63}")
MAX_COLUMNS, MAX_ROWS = 1000, 500
UTF8_LOCALE = "C.UTF-8"
COLORTERM_VALUES = ("truecolor", "24bit")


@dataclass(frozen=True)
class Terminal:
    """What the client's pty request said: terminal type and size in cells and pixels."""

    term: str = DEFAULT_TERM
    columns: int = 80
    rows: int = 24
    pixel_width: int = 0
    pixel_height: int = 0

    @classmethod
    def requested(cls, term_type: str, size: tuple[int, int, int, int]) -> Terminal:
        columns, rows, pixel_width, pixel_height = size
        return cls(safe_term(term_type))._sized(columns, rows, pixel_width, pixel_height)

    def resized(self, columns: int, rows: int, pixel_width: int = 0, pixel_height: int = 0) -> Terminal:
        return self._sized(columns, rows, pixel_width, pixel_height)

    def _sized(self, columns: int, rows: int, pixel_width: int, pixel_height: int) -> Terminal:
        # A client may send 0x0 ("unknown") or nonsense; the child needs something drawable.
        return replace(
            self,
            columns=min(columns, MAX_COLUMNS) if columns > 0 else 80,
            rows=min(rows, MAX_ROWS) if rows > 0 else 24,
            pixel_width=min(max(pixel_width, 0), 65535),
            pixel_height=min(max(pixel_height, 0), 65535),
        )

    @property
    def size(self) -> str:
        return f"{self.columns}x{self.rows}"


def safe_term(term_type: str) -> str:
    """The client's TERM if it is a plausible terminal name, else a sensible default."""
    return term_type if _TERM_PATTERN.fullmatch(term_type or "") else DEFAULT_TERM


def base_environment() -> dict[str, str]:
    """The environment of the fork server: a UTF-8 locale and nothing else."""
    return {"LANG": UTF8_LOCALE, "LC_CTYPE": UTF8_LOCALE}


def child_environment(terminal: Terminal, client_env: Mapping[str, str]) -> dict[str, str]:
    """The whole environment of a session's process: TERM, a UTF-8 locale, the client's colour wishes."""
    env = {"TERM": terminal.term, **base_environment()}
    colorterm = client_env.get("COLORTERM", "").lower()
    if colorterm in COLORTERM_VALUES:
        env["COLORTERM"] = colorterm
    if client_env.get("NO_COLOR"):
        env["NO_COLOR"] = "1"
    if screen_reader_asked(client_env):  # `ssh -o SetEnv=EXPLAINER_SCREEN_READER=1`
        env[SCREEN_READER_VARIABLE] = "1"
    # Never COLUMNS or LINES: they would freeze the size the app reads and defeat resizes.
    return env


def open_pty(terminal: Terminal) -> tuple[int, int]:
    """A (master, slave) pair, sized, raw before the child starts so early keys are not echoed."""
    master, slave = os.openpty()
    try:
        tty.setraw(slave)
        set_size(master, terminal)
        os.set_blocking(master, False)
        os.set_inheritable(master, False)
    except BaseException:
        os.close(master)
        os.close(slave)
        raise
    return master, slave


def set_size(fd: int, terminal: Terminal) -> None:
    """Tell the pty its size; the kernel then sends SIGWINCH to the child's foreground group."""
    packed = struct.pack("HHHH", terminal.rows, terminal.columns, terminal.pixel_width, terminal.pixel_height)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, packed)


def take_controlling_terminal(fd: int = 0) -> None:
    """Make the terminal on `fd` this session leader's controlling terminal (so resizes signal it)."""
    fcntl.ioctl(fd, termios.TIOCSCTTY, 0)


# Put back what a full-screen app may have left on: alternate screen, mouse
# reporting, bracketed paste, focus events, hidden cursor. Used only when the
# app could not restore the terminal itself.
RESET_TERMINAL = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?1016l"
    b"\x1b[?2004l\x1b[?1004l\x1b[?2048l\x1b[?7h\x1b[<u\x1b[?1049l\x1b[?25h\x1b[0m"
)

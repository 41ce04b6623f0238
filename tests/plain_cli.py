"""Running `python -m explainer` as a user would: through a pipe, or on a real pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

ESCAPE = "\x1b"
COLOUR_ENV = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES")


def clean_env(**extra: str) -> dict[str, str]:
    """The test's environment without anything that forces colour on or off, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k not in COLOUR_ENV}
    env.setdefault("TERM", "xterm-256color")
    env.update(extra)
    return env


def run_explainer(*args: str, stdin: str | None = None, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """`explainer ARGS` with stdout and stderr captured through pipes, and `stdin` piped in if given."""
    return subprocess.run(
        [sys.executable, "-m", "explainer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(**extra_env),
    )


def run_on_terminal(*args: str, **extra_env: str) -> tuple[int, str, str]:
    """`explainer ARGS` with stdout on a 100x30 pseudo-terminal: (exit code, terminal output, stderr)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "explainer", *args],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env=clean_env(**extra_env),
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed its side
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    stderr = process.stderr.read().decode() if process.stderr else ""
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace"), stderr


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int, *fragments: str) -> None:
    """A failure says what is wrong in one line on stderr, prints nothing on stdout, and never a traceback."""
    assert result.returncode == code, (result.returncode, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def flat(text: str) -> str:
    """Text with every run of whitespace made one space, so wrapped lines compare whole."""
    return " ".join(text.split())

"""Real `ssh` clients in tmux panes, for the class tests: the screen as a person sees it, as text.

Each client runs in a tmux server of its own (its own socket under the test's
tmp dir), so the tests never touch anyone else's tmux. `wait_for` polls the
pane until a condition holds, with a deadline.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from serve_harness import ServedExplainer, client_env

TMUX = shutil.which("tmux")
KEYGEN = shutil.which("ssh-keygen")


def make_key(folder: Path, name: str) -> Path:
    """A new ed25519 key pair named `name` (its comment too); the private key's path."""
    assert KEYGEN
    key = folder / name
    subprocess.run([KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def keys_file(folder: Path, name: str, *keys: Path) -> Path:
    path = folder / name
    path.write_text("".join(key.with_suffix(".pub").read_text() for key in keys))
    return path


class Screen:
    """One real `ssh -tt` client in a tmux pane of `size` (columns, rows)."""

    def __init__(self, server: ServedExplainer, folder: Path, user: str, key: Path | None = None, size=(100, 30)):
        assert TMUX
        self.socket = str(folder / f"tmux-{user}.sock")
        command = server.ssh("-tt", *(["-i", str(key)] if key else []), user=user)
        # As a person runs ssh: not in batch mode, which skips keyboard-interactive, the way students without
        # a listed key come in (with no prompt). The first -o given wins, so it is replaced, not added.
        command[command.index("BatchMode=yes")] = "BatchMode=no"
        subprocess.run(
            [
                "tmux",
                "-S",
                self.socket,
                "new-session",
                "-d",
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                shlex.join(command),
            ],
            check=True,
            env=client_env(),
        )

    def text(self) -> str:
        result = subprocess.run(["tmux", "-S", self.socket, "capture-pane", "-p"], capture_output=True, text=True)
        return result.stdout

    def wait_for(self, ready: Callable[[str], bool] | str, timeout: float = 30) -> str:
        """The screen once `ready` holds (or a string is on it); fails with the last screen seen."""
        check = (lambda screen: ready in screen) if isinstance(ready, str) else ready
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.text()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"the screen never got there ({ready!r}):\n{screen}")

    def press(self, *keys: str) -> None:
        subprocess.run(["tmux", "-S", self.socket, "send-keys", *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], check=False, capture_output=True)

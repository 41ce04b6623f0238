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
    """One real `ssh -tt` client in a tmux pane of `size` (columns, rows); `term`: what the pane tells ssh
    its terminal is (default: tmux's own), `options`: more of ssh's."""

    def __init__(
        self,
        server: ServedExplainer,
        folder: Path,
        user: str,
        key: Path | None = None,
        size=(100, 30),
        term: str | None = None,
        options: tuple[str, ...] = (),
    ):
        assert TMUX
        self.socket = str(folder / f"tmux-{user}.sock")
        command = server.ssh("-tt", *(["-i", str(key)] if key else []), *options, user=user)
        # As a person runs ssh: not in batch mode, which skips keyboard-interactive, the way students without
        # a listed key come in (with no prompt). The first -o given wins, so it is replaced, not added.
        command[command.index("BatchMode=yes")] = "BatchMode=no"
        terminal = ["start-server", ";", "set", "-g", "default-terminal", term, ";"] if term else []
        subprocess.run(
            [
                "tmux",
                "-S",
                self.socket,
                *terminal,
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

    def text(self, colours: bool = False) -> str:
        """What the pane shows; with `colours`, as escape sequences too (tmux's reading of every cell)."""
        command = ["tmux", "-S", self.socket, "capture-pane", "-p", *(["-e"] if colours else [])]
        return subprocess.run(command, capture_output=True, text=True).stdout

    def cursor(self) -> tuple[int, int]:
        """Where the terminal's cursor is (column, row)."""
        shown = subprocess.run(
            ["tmux", "-S", self.socket, "display", "-p", "#{cursor_x} #{cursor_y}"], capture_output=True, text=True
        ).stdout.split()
        return int(shown[0]), int(shown[1])

    def settled(self, words: str, timeout: float = 60) -> str:
        """The screen, colours and all, once `words` are on it and it has stopped changing."""
        deadline = time.monotonic() + timeout
        last = ""
        while True:
            now = self.text(colours=True)
            if words in self.text() and now == last:
                return now
            assert time.monotonic() < deadline, f"{words!r} never settled on the screen:\n{self.text()}"
            last = now
            time.sleep(0.3)

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

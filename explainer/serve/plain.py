"""Plain sessions: what a client that asks for no terminal (`ssh -T`, a pipe) gets.

A screen reader or a script reads lines best, so such a session runs the
line-based explainer (`plain/menu.py`) instead of the full-screen app. Its
process is made like any other session's (forked warm, same identity, same
store, same limits) but talks over a socket pair instead of a pty: the
client's end of input becomes the menu's end of input.
"""

from __future__ import annotations

import os
import signal
import socket

IDLE_WARNING = "No key pressed for a while: this session closes in {seconds} unless you type something."


def child_environment() -> dict[str, str]:
    """A plain session's whole environment: a UTF-8 locale; no terminal, so no TERM and no colours."""
    from explainer.serve.terminal import base_environment

    return base_environment()


def open_channel() -> tuple[int, int]:
    """(ours, theirs): a connected stream pair; ours is non-blocking and stays in the server."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    ours.setblocking(False)
    return ours.detach(), theirs.detach()


def end_input(fd: int) -> None:
    """The client sent EOF: the session reads end of input, and can still write."""
    try:
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # already gone


def run_plain_session(settings, pack, idle_warning: int, *, farewell: str = "") -> int:
    """The plain menu on this process's fds 0 and 1, until the student quits or the input ends."""
    from explainer.plain.menu import run_menu
    from explainer.progress.store import ProgressStore

    seconds = f"{idle_warning} second{'' if idle_warning == 1 else 's'}"
    warning = ("\n" + IDLE_WARNING.format(seconds=seconds) + "\n").encode()
    # Straight to the descriptor: a signal may arrive while the menu is writing through its buffer.
    signal.signal(signal.SIGUSR1, lambda *_: os.write(1, warning))
    signal.signal(signal.SIGUSR2, signal.SIG_IGN)
    store = ProgressStore(
        settings.data_dir, settings.user, settings.display_name, pack_id=pack.id, keyed=settings.keyed
    )
    try:
        with (
            open(0, encoding="utf-8", errors="replace", closefd=False) as inp,
            open(1, "w", encoding="utf-8", errors="replace", closefd=False) as out,
        ):
            return run_menu(pack, store, inp, out, farewell=farewell)
    except (BrokenPipeError, ConnectionResetError):
        return 0  # the client has gone; every answer was saved as it was given
    finally:
        store.close()

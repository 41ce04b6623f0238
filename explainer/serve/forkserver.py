"""The fork server: one warm process that forks every session's explainer.

Importing Textual and the app and loading the pack costs a session about half
its start-up CPU. Done once here, every session forked from this process starts
in half the time and shares those pages with all the others. The server starts
it with an allow-listed environment, in "/", with no terminal; it never sees
the network. Run as `python -m explainer.serve.forkserver` by `spawner`.

Protocol, on a SOCK_SEQPACKET socket (`--socket-fd`), one JSON object per packet:

    fork server → server   {"ready": true}                      once warm
    server → fork server   {"id": n, "user": "…", "name": "…", "keyed": b, "role": "…", "env": {..}, "plain": false}
                           + the pty's slave fd (with "plain": true, a socket: serve/plain.py),
                           and the session's class-hub socket
    fork server → server   {"id": n, "pid": p} or {"id": n, "error": "..."}
                           {"exited": p, "code": c}             c < 0: killed by signal -c

Each session forked gets a socket of its own to the fork server, its turn to start (start_turns.py): it
opens its progress store, waits for its turn, and closes the socket once its first screen is up.

With `--warm N` the fork server also keeps up to N standbys (standby.py), sessions built ahead for nobody:
a request that fits one is handed to it instead of forking, and the server gets the standby's pid, a child
of this process like any session. Standbys nobody was given are never reported as exited.

The fork server stops when the server closes its end; the standbys nobody was given stop with it.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import os
import pkgutil
import select
import signal
import socket
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from explainer.serve.child import EXIT_FAILED, SESSION_SIGNALS, note_failure, run_session, session_settings
from explainer.serve.plain import run_plain_session
from explainer.serve.standby import Standby, StandbyPool, run_standby
from explainer.serve.start_turns import StartTurns, wait_for_turn
from explainer.serve.terminal import Terminal, child_environment, take_controlling_terminal

if TYPE_CHECKING:
    from textual.pilot import Pilot

MAX_MESSAGE = 65536


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="explainer.serve.forkserver",
        description="Forks each session of 'explainer serve' (started by it, not by hand).",
    )
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--idle-warning", type=int, default=0)
    parser.add_argument("--socket-fd", type=int, required=True)
    parser.add_argument("--warm", type=int, default=0, help="standbys to keep built ahead (serve/standby.py)")
    parser.add_argument("--max-sessions", type=int, default=50, help="the server's limit: no standby beyond it")
    args = parser.parse_args(argv)

    # As Python's gc.freeze advises for a process that forks: no collection while warming up (no
    # freed holes in the pages sessions will share), then everything loaded is frozen, so that a
    # session's collections never write to those pages and make it copy them. Each session turns
    # collection on again once its first screen is up (tui/app.py).
    gc.disable()
    channel = socket.socket(fileno=args.socket_fd)
    pack = _warm_up(args.content)
    gc.freeze()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake the loop; reaping happens there
    _send(channel, {"ready": True})
    turns = StartTurns()
    keep_closed = (channel.fileno(), wake_read, wake_write)
    standbys = StandbyPool(
        args.warm,
        lambda env: _fork_standby(env, args, pack, keep_closed),
        child_environment(Terminal(), {}),
        note=lambda line: note_failure(args.data_dir, line),
    )
    sessions: set[int] = set()  # running, forked or given a standby
    try:
        while True:
            watched: list[socket.socket | int] = [channel, wake_read, *turns.sockets(), *standbys.sockets()]
            places = args.max_sessions - len(sessions)
            timeouts = [t for t in (turns.timeout(), standbys.timeout(places)) if t is not None]
            readable, _, _ = select.select(watched, [], [], min(timeouts, default=None))
            if wake_read in readable:
                os.read(wake_read, 4096)
            _reap(channel, standbys, sessions)
            turns.readable(readable)
            turns.expire()
            standbys.readable(readable)
            if channel in readable:
                message, fds, _, _ = socket.recv_fds(channel, MAX_MESSAGE, 2)
                if not message:
                    return 0  # the server has gone; sessions end when their terminals hang up
                if fds:
                    pid = _start_session(channel, json.loads(message), fds, args, pack, turns, standbys, keep_closed)
                    sessions.update([pid] if pid else [])
            standbys.refill(sessions_starting=bool(turns.sockets()), places=args.max_sessions - len(sessions))
    finally:
        standbys.stop()


def _start_session(
    channel: socket.socket,
    request: dict,
    fds: list[int],
    args: argparse.Namespace,
    pack,
    turns: StartTurns,
    standbys: StandbyPool,
    keep_closed: tuple[int, ...],
) -> int | None:
    """A standby given the request, or a session forked for it; the server gets its pid (or why not)."""
    pid = standbys.give(request, fds)
    turn = turns.new_session() if pid is None else -1
    try:
        if pid is None:
            link = fds[1] if len(fds) > 1 else -1
            pid = _fork_session(request, fds[0], (link, turn), args, pack, keep_closed)
    except OSError as error:
        _send(channel, {"id": request.get("id"), "error": error.strerror or str(error)})
    else:
        _send(channel, {"id": request.get("id"), "pid": pid})
    finally:
        for fd in fds:
            os.close(fd)
        if turn >= 0:
            turns.forked(turn)
    return pid


def _warm_up(content: Path):
    """Import everything a session will need and load the pack, once, before any fork."""
    import explainer.plain.menu  # what a plain session runs (serve/plain.py)
    import explainer.tui
    from explainer.pack.load import load_pack

    for module in pkgutil.walk_packages(explainer.tui.__path__, "explainer.tui."):
        try:
            importlib.import_module(module.name)
        except Exception:  # a module that cannot load will fail in its session; say so once here
            traceback.print_exc()
    from explainer.tui.widgets.reader import load_parser

    load_parser()  # a local start loads it after its first screen; here, once for every session
    pack = load_pack(content)
    try:
        _rehearse(content, pack)
    except Exception:  # sessions start colder, but they start: say so once here
        traceback.print_exc()
    return pack


def _rehearse(content: Path, pack) -> None:
    """Show the first screen once, headless, with a throw-away progress store. What a session would
    import, compile and cache on the way to its first screen (Textual's terminal driver, its style
    and layout caches) is then done once, here: a session's start-up CPU 0.19 -> 0.15 s."""
    from explainer.settings import Settings
    from explainer.tui.app import make_app

    async def leave(pilot: Pilot[object]) -> None:
        await pilot.pause()
        pilot.app.exit()

    with tempfile.TemporaryDirectory(prefix="explainer-rehearsal-") as scratch:
        app = make_app(Settings(content_dir=content, data_dir=Path(scratch), user="rehearsal", served=True), pack)
        app.run(headless=True, size=(100, 30), auto_pilot=leave)
        if "store" in vars(app):
            app.store.close()  # else every session would inherit the deleted rehearsal database's descriptors
    gc.disable()  # the app turns collection on once its first screen is up; the fork server keeps it off


def _fork_session(
    request: dict, slave: int, kept: tuple[int, int], args: argparse.Namespace, pack, keep_closed: tuple[int, ...]
) -> int:
    sys.stderr.flush()  # nothing buffered here may be written twice
    pid = os.fork()
    if pid:
        return pid
    code = EXIT_FAILED
    try:
        code = _become_session(request, slave, kept, args, pack, keep_closed)
    except BaseException as error:
        note_failure(args.data_dir, f"{type(error).__name__}: {error}")
    finally:
        os._exit(code)


def _become_session(
    request: dict, slave: int, kept: tuple[int, int], args: argparse.Namespace, pack, keep_closed: tuple[int, ...]
) -> int:
    """In the forked child: a new session on the student's terminal, with the student's environment, once it
    is its turn to start (`kept`: its class-hub link, or -1, and its turn, start_turns.py)."""
    link, turn_fd = kept
    _leave_fork_server(keep_closed)
    plain = bool(request.get("plain"))
    if not plain:
        take_controlling_terminal(slave)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    if slave > 2:
        os.close(slave)
    _close_inherited(keep=(0, 1, 2, turn_fd) if link < 0 else (0, 1, 2, turn_fd, link))  # the class-hub link stays
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in request["env"].items()})

    settings = session_settings(request, args.content, args.data_dir, link)
    if plain or settings.teacher:
        os.close(turn_fd)  # a quick start, or not one of a class's: no turn to wait for
        if plain:
            return run_plain_session(settings, pack, args.idle_warning)
        return run_session(settings, pack, args.idle_warning)
    store = settings.open_store(pack.id)  # mostly waiting for the disk: done while others have their turn
    turn = wait_for_turn(turn_fd)
    return run_session(settings, pack, args.idle_warning, first_screen=turn.close, store=store)


def _fork_standby(env: dict[str, str], args: argparse.Namespace, pack, keep_closed: tuple[int, ...]) -> Standby:
    """A standby (serve/standby.py) forked to build its explainer for a terminal with `env`."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        theirs.close()
        return Standby(pid, ours, env)
    code = EXIT_FAILED
    try:
        _leave_fork_server((*keep_closed, ours.fileno()))
        _close_inherited(keep=(0, 1, 2, theirs.fileno()))
        os.environ.clear()
        os.environ.update(env)
        code = run_standby(theirs, args.content, args.data_dir, args.idle_warning, pack)
    except BaseException as error:
        note_failure(args.data_dir, f"standby: {type(error).__name__}: {error}")
    finally:
        os._exit(code)


def _leave_fork_server(keep_closed: tuple[int, ...]) -> None:
    """In a child just forked: the signals of a session, none of the fork server's sockets, a session of its own."""
    signal.set_wakeup_fd(-1)
    for sig in SESSION_SIGNALS:
        signal.signal(sig, signal.SIG_DFL)
    for fd in keep_closed:
        os.close(fd)
    os.setsid()
    os.chdir("/")


def _close_inherited(keep: tuple[int, ...]) -> None:
    """A session holds its terminal and nothing else of the fork server's (sockets, pipes, files)."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd not in keep:
            with contextlib.suppress(OSError):  # the descriptor of the listing itself, already closed
                os.close(fd)


def _reap(channel: socket.socket, standbys: StandbyPool, sessions: set[int]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        # Anything the session started is in its process group: end it too. Done here, at once,
        # because only here is the group id certain not to have been reused.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        sessions.discard(pid)
        if not standbys.is_standby(pid):
            _send(channel, {"exited": pid, "code": os.waitstatus_to_exitcode(status)})


def _send(channel: socket.socket, message: dict) -> None:
    with contextlib.suppress(OSError):  # the server has gone; the loop ends at the next read
        channel.send(json.dumps(message).encode())


if __name__ == "__main__":
    sys.exit(main())

"""Warm standbys: sessions built before anyone connects, each given the next student who fits.

Fifty students pressing Enter together cannot each wait for an app to be built: two cores make about
twenty a second (benchmarks/README.md). So the fork server keeps `explainer serve --warm N` standbys, each a
process of its own, forked like a session, that has built its explainer for nobody: composed, styled, laid
out and painted home at 100x30 (the size of a pty of its own; what it draws goes to /dev/null, so nothing
waits for a reader), with a blank progress store in memory. Then it waits, reading nothing from its own terminal
(so that suspending the driver, when it is given a student, waits for no input thread).

When a student connects with a terminal like the one the standbys were built for (the same TERM, COLORTERM
and NO_COLOR: Rich fixes the colour system as an app is made; not plain, not a teacher, not asking for
screen-reader mode), the fork server hands the request and the student's pty and class link to one standby
instead of forking. The standby opens the student's store, and inside Textual's `App.suspend()` puts the
student's pty on its fds 0-2 and makes it its controlling terminal; `ExplainerApp.give_student` reads the
student's theme, screen-reader mode and progress; leaving `suspend()` brings the driver up on the new terminal
(raw mode, its size, a full repaint). A standby knows nothing of any student before it is given one, is given
one only, and ends with that student's session.

Standbys are built one at a time, and only once no session has been starting for `QUIET_SECONDS`: after a
burst, not during it. A standby that dies is built again; the fork server kills those left when it stops.

Protocol on each standby's SOCK_SEQPACKET socket to the fork server:

    standby → fork server   {"ready": true}    once home is painted
    fork server → standby   the fork request (forkserver.py) + the pty's slave and the class link
    standby → fork server   (closes its end)   once the student's first screen is up: attached
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import os
import signal
import socket
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from explainer.serve.child import EXIT_FAILED, note_failure, run_session, session_settings
from explainer.serve.terminal import Terminal, set_size, take_controlling_terminal
from explainer.settings import SCREEN_READER_VARIABLE

if TYPE_CHECKING:
    from explainer.pack.model import Pack
    from explainer.tui.app import ExplainerApp

RECENT, LEARN_AFTER = 20, 3  # standbys are built for the terminal most of the last 20 students had, if 3 had it
QUIET_SECONDS = 1.0  # no standby is built until no session has started for this long
# A standby builds itself in a tenth of a second of CPU; one not ready after this long never will be (stuck on
# a full disk, say), and would keep every other standby from being built: it is killed, and the next waits longer.
READY_WITHIN = 30.0
BUILT_FOR = Terminal(columns=100, rows=30)  # a standby's own terminal; a student's of another size is a resize
WARM_NAME = "explainer-warm"  # a ready standby's name in `ps` (/proc/PID/comm), and the benchmark's sign
MAX_MESSAGE = 65536


def fits(request: dict, env: dict[str, str] | None) -> bool:
    """Whether a standby built with `env` can be given this fork request: a student's full-screen session,
    not in screen-reader mode, on the same kind of terminal."""
    return (
        not request.get("plain")
        and request.get("role", "student") == "student"
        and request.get("env") == env
        and SCREEN_READER_VARIABLE not in (env or {})
    )


@dataclass
class Standby:
    """The fork server's handle on one standby process."""

    pid: int
    socket: socket.socket
    env: dict[str, str]
    ready: bool = False
    forked_at: float = 0.0  # by the pool's clock: it must be ready READY_WITHIN seconds after


@dataclass
class StandbyPool:
    """The fork server's standbys: how many to keep, which are ready, and when to build the next."""

    size: int
    fork: Callable[[dict[str, str]], Standby]  # forks a standby built for this environment
    env: dict[str, str]  # what the next standby is built for: the terminal most students have
    clock: Callable[[], float] = time.monotonic
    note: Callable[[str], None] = lambda line: None  # a line for the teacher (DATA_DIR/failures.log)
    standbys: dict[int, Standby] = field(default_factory=dict)
    attaching: dict[socket.socket, int] = field(default_factory=dict)  # given a student, first screen not yet up
    retired: set[int] = field(default_factory=set)  # killed here, not yet reaped
    recent: collections.deque[tuple[tuple[str, str], ...]] = field(
        default_factory=lambda: collections.deque(maxlen=RECENT)
    )  # the environments of the last students who could have had a standby
    _busy_at: float = float("-inf")
    _failed: int = 0  # standbys in a row that died (or never said so) before they were ready: each waits twice as long

    def sockets(self) -> list[socket.socket]:
        return [*(standby.socket for standby in self.standbys.values()), *self.attaching]

    def readable(self, ready: list[socket.socket | int]) -> None:
        """A standby says it is ready; one given a student is attached (EOF); one that died is forgotten."""
        for standby in list(self.standbys.values()):
            if standby.socket in ready:
                with contextlib.suppress(OSError):
                    if standby.socket.recv(MAX_MESSAGE):
                        standby.ready, self._failed = True, 0
                        continue
                if not standby.ready:
                    self._failed += 1  # (DATA_DIR/failures.log says why)
                    self._busy_at = self.clock()
                self._retire(standby)  # it died (or is dying): reaped by the fork server, built again when quiet
        for sock in [sock for sock in self.attaching if sock in ready]:
            del self.attaching[sock]
            sock.close()

    def give(self, request: dict, fds: list[int]) -> int | None:
        """The pid of a ready standby now given this request and its descriptors, or None (fork one cold)."""
        self._busy_at = self.clock()
        if fits(request, request.get("env")):
            self._learn(request["env"])
        for standby in list(self.standbys.values()):
            if standby.ready and fits(request, standby.env):
                self._drop(standby, close=False)
                try:
                    socket.send_fds(standby.socket, [json.dumps(request).encode()], fds)
                except OSError:
                    self._retire(standby)
                    continue
                self.attaching[standby.socket] = standby.pid
                return standby.pid
        return None

    def _learn(self, env: dict[str, str]) -> None:
        """The class's terminal: what most recent students had (a few alike, more than had the one built for)."""
        self.recent.append(tuple(sorted(env.items())))
        counts = collections.Counter(self.recent)
        (most, times), built_for = counts.most_common(1)[0], counts[tuple(sorted(self.env.items()))]
        if times >= LEARN_AFTER and times > built_for:
            self.env = dict(most)  # the standbys built from now on are for it; those for the old one are replaced

    def is_standby(self, pid: int) -> bool:
        """A process reaped was a standby nobody was given (not a session: the server never knew it)."""
        standby = self.standbys.get(pid)
        if standby is not None:
            self._drop(standby)
        elif pid in self.retired:
            self.retired.discard(pid)
            return True
        return standby is not None

    def refill(self, sessions_starting: bool, places: int) -> None:
        """Build the next standby, one at a time, once nothing has been starting for QUIET_SECONDS; never more
        than the `places` students could still take (the server's session limit less those running)."""
        now = self.clock()
        self._kill_stuck(now)
        if sessions_starting or self.attaching:
            self._busy_at = now
        if now - self._busy_at < self._quiet() or not all(standby.ready for standby in self.standbys.values()):
            return  # a burst, or its aftermath; or one is being built already
        if len(self.standbys) > places:
            self._retire(next(iter(self.standbys.values())))  # the class is in: memory back for their sessions
            return
        if len(self.standbys) >= min(self.size, max(places, 0)):
            stale = next((standby for standby in self.standbys.values() if standby.env != self.env), None)
            if stale is None:
                return
            self._retire(stale)  # built for a terminal the class does not have: one for theirs instead
        standby = self.fork(self.env)
        standby.forked_at = now
        self.standbys[standby.pid] = standby

    def _kill_stuck(self, now: float) -> None:
        """A standby not ready READY_WITHIN seconds after it was forked is killed, as one that died: refills go on."""
        for standby in list(self.standbys.values()):
            if not standby.ready and now - standby.forked_at > READY_WITHIN:
                self.note(f"standby {standby.pid}: not ready {READY_WITHIN:.0f} s after it was started; killed")
                self._failed += 1
                self._busy_at = now
                self._retire(standby)

    def timeout(self, places: int) -> float | None:
        """Seconds until a standby may be built or retired, for the fork server's select (None: nothing to do)."""
        building = [standby.forked_at + READY_WITHIN for standby in self.standbys.values() if not standby.ready]
        if building:
            return max(0.0, min(building) - self.clock()) + 0.01  # its deadline
        wanted = min(self.size, max(places, 0))
        stale = any(standby.env != self.env for standby in self.standbys.values())
        if len(self.standbys) == wanted and not stale:
            return None
        return max(0.0, self._busy_at + self._quiet() - self.clock()) + 0.01

    def _quiet(self) -> float:
        """How long nothing must have started before the next build: longer after builds that failed, so that
        a standby that cannot be built costs little (1 s, 2 s, 4 s ... at most about a minute)."""
        return QUIET_SECONDS * 2 ** min(self._failed, 6)

    def stop(self) -> None:
        """The fork server is stopping: standbys nobody was given end with it."""
        for standby in list(self.standbys.values()):
            self._retire(standby)

    def _retire(self, standby: Standby) -> None:
        self._drop(standby)
        self.retired.add(standby.pid)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(standby.pid, signal.SIGKILL)

    def _drop(self, standby: Standby, close: bool = True) -> None:
        self.standbys.pop(standby.pid, None)
        if close:
            standby.socket.close()


def run_standby(channel: socket.socket, content_dir: Path, data_dir: Path, idle_warning: int, pack: Pack) -> int:
    """In the forked standby (a session leader, with nothing of the fork server's but `channel`): build the
    explainer for nobody on a pty of its own, wait to be given a student, then be their session."""
    from explainer.progress.store import ProgressStore
    from explainer.settings import Settings
    from explainer.tui.app import make_app

    master, slave = os.openpty()  # glibc opens the slave O_NOCTTY: no controlling terminal until a student's
    tty.setraw(slave)
    set_size(master, BUILT_FOR)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(slave, 0)
    os.dup2(slave, 1)  # where the app reads its size
    os.dup2(devnull, 2)  # where Textual's driver writes: nobody's screen, so nothing waits on its reader
    os.close(slave)
    os.close(devnull)
    nobody = Settings(content_dir=content_dir, data_dir=data_dir, user="", served=True)
    app = make_app(nobody, pack, store=ProgressStore.blank(pack.id))
    waiting = _Waiting(app, channel, master, pack)
    return run_session(nobody, pack, idle_warning, first_screen=waiting.first_screen, built=app)


@dataclass
class _Waiting:
    """A standby's app, its line to the fork server and its own pty, until a student is given."""

    app: ExplainerApp
    channel: socket.socket
    master: int
    pack: Pack
    given: bool = False

    def first_screen(self) -> None:
        """Nobody's home is painted: ready (and, once given a student, their first screen is up: attached)."""
        if self.given:
            self.channel.close()
            return
        self._stop_reading_input()
        with contextlib.suppress(OSError):
            Path("/proc/self/comm").write_text(WARM_NAME)
        try:
            self.channel.send(json.dumps({"ready": True}).encode())
        except OSError:
            self.app.exit()  # the fork server has gone: nobody will be given
            return
        asyncio.get_running_loop().add_reader(self.channel.fileno(), self._given)

    def _stop_reading_input(self) -> None:
        """Nobody types on a standby's own terminal, so its input thread is stopped now, while nobody waits:
        giving it a student then suspends the driver at once. Textual 8.2.8's LinuxDriver stops that thread by
        joining it, which notices only at its select's 0.1 s timeout and then selects once more on nothing:
        0.1-0.2 s that every student given a standby waited for (tests/test_textual_workarounds.py)."""
        driver = self.app._driver
        if driver is not None:
            driver.disable_input()

    def _given(self) -> None:
        asyncio.get_running_loop().remove_reader(self.channel.fileno())
        try:
            message, fds, _, _ = socket.recv_fds(self.channel, MAX_MESSAGE, 2)
        except OSError:
            message, fds = b"", []
        if not message or not fds:
            self.app.exit()  # the fork server has gone (or sent nothing usable): nobody will be given
            return
        self.given = True
        try:
            self._attach(json.loads(message), fds)
        except Exception as error:  # never a traceback on the student's screen; the server says it failed
            note_failure(self.app.settings.data_dir, f"standby: {type(error).__name__}: {error}")
            self.app.exit(return_code=EXIT_FAILED)

    def _attach(self, request: dict, fds: list[int]) -> None:
        slave, link = fds[0], fds[1] if len(fds) > 1 else -1
        settings = session_settings(request, self.app.settings.content_dir, self.app.settings.data_dir, link)
        store = settings.open_store(self.pack.id)
        with self.app.suspend():
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(slave)
            os.close(self.master)
            take_controlling_terminal(0)
            os.environ.clear()
            os.environ.update({str(k): str(v) for k, v in request["env"].items()})
        with contextlib.suppress(OSError):
            Path("/proc/self/comm").write_text("explainer")
        self.app.give_student(settings, store)

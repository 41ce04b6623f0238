"""The fork server's pool of standbys (serve/standby.py), its decisions one by one: which request fits, what
the standbys are built for, when the next is built, and never more than the places left.

The standbys here are real processes (`sleep`, each a session of its own, as a standby is) on real socket
pairs, so that what the pool kills and closes is its own; the clock is the test's, so no test waits.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys

import pytest

from explainer.serve.standby import QUIET_SECONDS, READY_WITHIN, Standby, StandbyPool, fits
from explainer.serve.terminal import Terminal, child_environment
from explainer.settings import SCREEN_READER_VARIABLE

XTERM = child_environment(Terminal(), {})
TMUX = {**XTERM, "TERM": "tmux-256color"}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def pool():
    """A pool of two whose standbys are `sleep` processes; `pool.theirs[pid]` is each standby's end."""
    processes: dict[int, subprocess.Popen[bytes]] = {}
    theirs: dict[int, socket.socket] = {}

    def fork(env: dict[str, str]) -> Standby:
        process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
        processes[process.pid] = process
        ours, theirs[process.pid] = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        return Standby(process.pid, ours, env)

    notes: list[str] = []
    made = StandbyPool(2, fork, dict(XTERM), clock=Clock(), note=notes.append)
    made.theirs, made.processes, made.notes = theirs, processes, notes
    yield made
    made.stop()
    for process in processes.values():
        process.kill()
        process.wait()


def request(env: dict[str, str], **fields: object) -> dict:
    return {"id": 1, "user": "ada", "role": "student", "env": env, "plain": False, **fields}


def ready(pool: StandbyPool) -> None:
    """Every standby built says so."""
    for pid in list(pool.standbys):
        pool.theirs[pid].send(json.dumps({"ready": True}).encode())
    pool.readable([standby.socket for standby in pool.standbys.values()])


def test_only_a_student_s_full_screen_session_on_the_same_terminal_fits() -> None:
    assert fits(request(XTERM), XTERM)
    assert not fits(request(TMUX), XTERM)
    assert not fits(request(XTERM, plain=True), XTERM)
    assert not fits(request(XTERM, role="teacher"), XTERM)
    reader = {**XTERM, SCREEN_READER_VARIABLE: "1"}
    assert not fits(request(reader), reader)


def test_standbys_are_built_one_at_a_time_and_only_when_nothing_is_starting(pool: StandbyPool) -> None:
    pool.refill(sessions_starting=False, places=50)
    assert len(pool.standbys) == 1
    pool.refill(sessions_starting=False, places=50)
    assert len(pool.standbys) == 1  # the first is still being built
    ready(pool)
    pool.refill(sessions_starting=True, places=50)
    pool.clock.now += QUIET_SECONDS / 2
    pool.refill(sessions_starting=False, places=50)
    assert len(pool.standbys) == 1  # a session was starting half a second ago
    pool.clock.now += QUIET_SECONDS
    pool.refill(sessions_starting=False, places=50)
    assert len(pool.standbys) == 2


def test_a_standby_is_given_once_and_its_pid_is_the_session(pool: StandbyPool) -> None:
    pool.refill(sessions_starting=False, places=50)
    ready(pool)
    (pid,) = pool.standbys
    slave, other = socket.socketpair()
    try:
        assert pool.give(request(XTERM), [slave.fileno()]) == pid
        assert pool.give(request(XTERM), [slave.fileno()]) is None  # the next student: a fork
        message, fds, _, _ = socket.recv_fds(pool.theirs[pid], 65536, 2)
        assert json.loads(message)["user"] == "ada" and len(fds) == 1
        assert not pool.is_standby(pid)  # it is a session now: its end is the server's to hear of
    finally:
        slave.close()
        other.close()


def test_standbys_follow_the_terminal_most_students_have(pool: StandbyPool) -> None:
    pool.refill(sessions_starting=False, places=50)
    ready(pool)
    (built_for_xterm,) = pool.standbys
    for _ in range(2):
        pool.give(request(TMUX), [])
        pool.give(request({**TMUX, SCREEN_READER_VARIABLE: "1"}), [])  # never counted
    assert pool.env == XTERM  # two alike are not yet a class
    pool.give(request(TMUX), [])
    assert pool.env == TMUX
    pool.clock.now += QUIET_SECONDS
    pool.refill(sessions_starting=False, places=50)
    ready(pool)
    pool.clock.now += QUIET_SECONDS
    pool.refill(sessions_starting=False, places=50)
    assert built_for_xterm not in pool.standbys and pool.is_standby(built_for_xterm)  # retired, never reported
    assert [standby.env for standby in pool.standbys.values()] == [TMUX, TMUX]


def test_never_more_standbys_than_places_left(pool: StandbyPool) -> None:
    for _ in range(2):
        pool.refill(sessions_starting=False, places=50)
        ready(pool)
        pool.clock.now += QUIET_SECONDS
    assert len(pool.standbys) == 2
    pool.refill(sessions_starting=False, places=1)  # the class is nearly all in
    assert len(pool.standbys) == 1
    assert pool.timeout(places=1) is None  # nothing more to do
    pool.refill(sessions_starting=False, places=0)
    assert not pool.standbys


def test_a_standby_that_dies_before_it_is_ready_makes_the_next_wait_longer(pool: StandbyPool) -> None:
    for failures in range(1, 4):
        pool.refill(sessions_starting=False, places=50)
        (pid,) = pool.standbys
        pool.theirs.pop(pid).close()  # it died while building itself
        pool.readable([pool.standbys[pid].socket])
        assert not pool.standbys
        wait = pool.timeout(places=50)
        assert wait is not None and wait >= QUIET_SECONDS * 2**failures
        pool.clock.now += wait
    pool.refill(sessions_starting=False, places=50)
    ready(pool)  # built at last
    pool.refill(sessions_starting=True, places=50)
    assert pool.timeout(places=50) == pytest.approx(QUIET_SECONDS, abs=0.1)  # back to the usual wait


def test_a_standby_that_never_says_it_is_ready_is_killed_at_its_deadline_and_others_are_built(pool) -> None:
    pool.refill(sessions_starting=False, places=50)
    (stuck,) = pool.standbys  # a real process that never reports
    assert pool.timeout(places=50) == pytest.approx(READY_WITHIN, abs=0.1)  # the fork server wakes for its deadline
    pool.clock.now += READY_WITHIN / 2
    pool.refill(sessions_starting=False, places=50)
    assert list(pool.standbys) == [stuck]  # still building itself: waited for
    pool.clock.now += READY_WITHIN
    pool.refill(sessions_starting=False, places=50)
    assert not pool.standbys
    assert pool.processes[stuck].wait(timeout=10) == -signal.SIGKILL
    assert pool.is_standby(stuck)  # reaped as a standby, never reported as a session
    assert pool.notes == [f"standby {stuck}: not ready {READY_WITHIN:.0f} s after it was started; killed"]
    wait = pool.timeout(places=50)
    assert wait is not None and wait >= 2 * QUIET_SECONDS  # the back-off of a standby that failed
    pool.clock.now += wait
    pool.refill(sessions_starting=False, places=50)
    ready(pool)
    assert len(pool.standbys) == 1 and all(standby.ready for standby in pool.standbys.values())

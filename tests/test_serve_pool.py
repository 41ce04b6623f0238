"""`explainer serve --warm N`: sessions built ahead (serve/standby.py), over the real OpenSSH client.

A student given a standby sees exactly what a session forked for them would show (compared cell by cell and
colour by colour, as tmux sees them), with their own progress and theme; two students never share one; a
standby that dies is built again and nobody notices; terminals the standbys were not built for, and
screen-reader mode, get a session forked as before; a pooled session cleans up like any other.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from serve_harness import SSH, ServedExplainer, client_env, gone, parent
from waits import until_sync

from explainer import locations
from explainer.pack.load import load_pack
from explainer.progress.store import ProgressStore
from explainer.settings import SCREEN_READER_VARIABLE

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(SSH is None or TMUX is None, reason="needs the OpenSSH client and tmux")


class Terminal:
    """`ssh -t` in a real terminal (a tmux server of its own), read back as tmux sees it, colours and all."""

    def __init__(self, served: ServedExplainer, user: str, *options: str, size=(100, 30), env=None) -> None:
        self.socket = f"pool-test-{os.getpid()}-{id(self)}"
        command = served.ssh("-t", *options, user=user)
        width, height = size
        self.env = {**client_env(), **(env or {})}
        term = self.env.get("TERM", "xterm-256color")  # what tmux tells ssh, and ssh the server
        self._tmux(
            *("start-server", ";", "set", "-g", "default-terminal", term, ";"),
            *("new-session", "-d", "-x", str(width), "-y", str(height), shlex.join(command)),
        )

    def _tmux(self, *arguments: str) -> str:
        command = [TMUX or "tmux", "-L", self.socket, "-f", "/dev/null", *arguments]
        return subprocess.run(command, capture_output=True, text=True, env=self.env, timeout=30).stdout

    def screen(self, colours: bool = False) -> str:
        return self._tmux("capture-pane", "-p", *(["-e"] if colours else []))

    def settled(self, words: str, timeout: float = 60) -> str:
        """The screen, colours and all, once `words` are on it and it has stopped changing."""
        deadline = time.monotonic() + timeout
        last = ""
        while True:
            now = self.screen(colours=True)
            if words in self.screen() and now == last:
                return now
            assert time.monotonic() < deadline, f"{words!r} never settled on the screen:\n{self.screen()}"
            last = now
            time.sleep(0.3)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", *keys)

    def close(self) -> None:
        self._tmux("kill-server")


@pytest.fixture
def terminals():
    opened: list[Terminal] = []

    def open_terminal(*arguments, **options) -> Terminal:
        opened.append(Terminal(*arguments, **options))
        return opened[-1]

    yield open_terminal
    for terminal in opened:
        terminal.close()


@pytest.fixture
def servers(tmp_path: Path):
    """`explainer serve` with options of the test's choosing, each with a data dir of its own, stopped after."""
    started: list[ServedExplainer] = []

    def start(name: str, *options: str) -> ServedExplainer:
        base = tmp_path / name
        base.mkdir()
        started.append(ServedExplainer(base, *options))
        return started[-1]

    yield start
    for served in started:
        served.stop()


def warm(served: ServedExplainer, count: int) -> list[int]:
    """Until the server has `count` standbys built and waiting; their pids."""
    until_sync(lambda: len(served.standbys()) == count and len(served.sessions()) == 0, f"{count} standbys ready")
    return sorted(served.standbys())


def session_pid(served: ServedExplainer, user: str) -> int:
    return int(served.wait_for_log(rf"connect +127\.0\.0\.1 user={user} .*pid=(\d+)").group(1))


def test_a_pooled_first_screen_is_exactly_a_cold_ones_at_the_standbys_size_and_another(servers, terminals) -> None:
    pooled, cold = servers("pooled", "--warm", "2"), servers("cold")
    standbys = warm(pooled, 2)
    for user, size in (("ana", (100, 30)), ("ben", (120, 40))):
        given = terminals(pooled, user, size=size)
        forked = terminals(cold, user, size=size)
        assert given.settled("Help — every key") == forked.settled("Help — every key")
        assert session_pid(pooled, user) in standbys
        assert session_pid(cold, user) not in standbys
        given.keys("g")  # the pooled session answers keys as any other
        assert "Glossary" in given.settled("Filter terms")


def test_a_student_s_own_progress_and_theme_show_in_a_pooled_session(servers, terminals) -> None:
    pooled, cold = servers("pooled", "--warm", "1"), servers("cold")
    pack = load_pack(locations.default_content_dir())
    for served in (pooled, cold):  # the same progress, kept by both servers
        store = ProgressStore(served.data_dir, "kim", pack_id=pack.id)
        store.mark_read(pack.sections[0].id)
        store.mark_read(pack.sections[2].id)
        store.put("theme", "atom-one-light")
        store.close()
    standbys = warm(pooled, 1)
    given, forked = terminals(pooled, "kim"), terminals(cold, "kim")
    home = given.settled("Resume where you left off")
    assert f"Progress: 2/{len(pack.sections)} sections read" in given.screen()
    assert home == forked.settled("Resume where you left off")  # the student's theme: the same colours
    assert session_pid(pooled, "kim") in standbys
    given.keys("Enter")  # resume: the section read last
    given.settled(pack.sections[2].question)
    given.keys("q")
    pooled.wait_for_log(r"disconnect 127\.0\.0\.1 user=kim ")
    names = sorted(path.name for path in (pooled.data_dir / "progress").glob("*.sqlite3"))
    assert names == ["kim.sqlite3"]  # the student's own store; nothing kept for the nobody it was built for
    assert ProgressStore(pooled.data_dir, "kim", pack_id=pack.id).get("theme") == "atom-one-light"


def test_two_students_never_share_a_standby_and_the_pool_is_built_again(servers, terminals) -> None:
    served = servers("pooled", "--warm", "2")
    standbys = warm(served, 2)
    first, second = terminals(served, "ivy"), terminals(served, "jon")
    first.settled("Help — every key")
    second.settled("Help — every key")
    pids = {session_pid(served, "ivy"), session_pid(served, "jon")}
    assert pids == set(standbys)  # one standby each
    for pid in pids:
        assert Path(f"/proc/{pid}/comm").read_text().strip() == "explainer"  # no longer waiting
    first.keys("Enter")  # ivy reads; jon's home does not hear of it
    first.settled("1/")
    second.keys("h")
    assert "Progress: 0/" in second.settled("Help — every key")
    until_sync(lambda: len(served.standbys()) == 2, "two new standbys, once the class is in")
    assert not set(served.standbys()) & pids
    for terminal in (first, second):
        terminal.keys("q")
    served.wait_for_log(r"disconnect 127\.0\.0\.1 user=jon ")
    served.wait_for_log(r"disconnect 127\.0\.0\.1 user=ivy ")


def test_a_standby_that_dies_is_built_again_and_nobody_is_hurt(servers, terminals) -> None:
    served = servers("pooled", "--warm", "2")
    standbys = warm(served, 2)
    student = terminals(served, "lea")
    student.settled("Help — every key")
    taken = session_pid(served, "lea")
    (left,) = set(standbys) - {taken}
    os.kill(left, signal.SIGKILL)
    until_sync(lambda: gone(left), "the killed standby reaped")
    until_sync(lambda: len(served.standbys()) == 2 and left not in served.standbys(), "two standbys again")
    student.keys("g")
    assert "Glossary" in student.settled("Filter terms")  # the student given a standby never noticed
    other = terminals(served, "max")
    other.settled("Help — every key")
    assert session_pid(served, "max") in served.standbys() or session_pid(served, "max") not in standbys
    assert "failed" not in served.log() and not (served.data_dir / "failures.log").exists()
    student.keys("q")
    served.wait_for_log(r"disconnect 127\.0\.0\.1 user=lea .*reason=quit")


def test_another_terminal_or_screen_reader_mode_gets_a_session_forked_for_it(servers, terminals) -> None:
    served = servers("pooled", "--warm", "1")
    (standby,) = warm(served, 1)
    asks = {
        "vt": ((), {"TERM": "vt220"}),
        "truecolour": (("-o", "SetEnv=COLORTERM=truecolor"), {}),
        "reader": (("-o", f"SetEnv={SCREEN_READER_VARIABLE}=1"), {}),
    }
    for user, (options, env) in asks.items():
        terminal = terminals(served, user, *options, env=env)
        terminal.settled("Help" if user == "reader" else "Help — every key")
        pid = session_pid(served, user)
        assert pid != standby and parent(pid) == served.fork_server(), user
        terminal.keys("q")
        served.wait_for_log(rf"disconnect 127\.0\.0\.1 user={user} ")
    assert served.standbys() == [standby]  # still there for the next student on the class's terminal
    student = terminals(served, "xen")
    student.settled("Help — every key")
    assert session_pid(served, "xen") == standby


def test_standbys_are_built_again_for_the_terminal_the_class_has(servers, terminals) -> None:
    served = servers("pooled", "--warm", "1")
    (standby,) = warm(served, 1)
    tmux = {"TERM": "tmux-256color"}
    for user in ("tia", "uma", "val"):  # three students alike: the class's terminal
        terminal = terminals(served, user, env=tmux)
        terminal.settled("Help — every key")
        assert session_pid(served, user) != standby
        terminal.keys("q")
        served.wait_for_log(rf"disconnect 127\.0\.0\.1 user={user} ")
    until_sync(lambda: gone(standby), "the standby built for xterm-256color replaced")
    (rebuilt,) = warm(served, 1)
    student = terminals(served, "wes", env=tmux)
    student.settled("Help — every key")
    assert session_pid(served, "wes") == rebuilt


def test_a_pooled_session_ends_with_its_client_and_standbys_end_with_the_server(servers, terminals) -> None:
    served = servers("pooled", "--warm", "2")
    warm(served, 2)
    student = terminals(served, "noa")
    student.settled("Help — every key")
    pid = session_pid(served, "noa")
    student.close()  # the client killed with its terminal: the pty hangs up
    until_sync(lambda: gone(pid), "the pooled session gone", timeout=10)
    served.wait_for_log(r"disconnect 127\.0\.0\.1 user=noa ")
    standbys = warm(served, 2)
    assert served.stop() == 0
    until_sync(lambda: all(gone(pid) for pid in standbys), "no standby left once the server has stopped", timeout=10)

"""`explainer serve --warm N`: sessions built ahead (serve/standby.py), over the real OpenSSH client.

A student given a standby sees exactly what a session forked for them would show (compared cell by cell and
colour by colour, as tmux sees them), with their own progress and theme; two students never share one; a
standby that dies is built again and nobody notices; terminals the standbys were not built for, and
screen-reader mode, get a session forked as before; a pooled session cleans up like any other.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from serve_harness import SSH, ServedExplainer, environ, gone, parent
from waits import until_sync

from explainer import locations
from explainer.pack.load import load_pack
from explainer.progress.store import ProgressStore
from explainer.settings import SCREEN_READER_VARIABLE
from explainer.tui.screen_reader import STATE_KEY as SCREEN_READER_STATE

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(SSH is None or TMUX is None, reason="needs the OpenSSH client and tmux")


def screen(screens, server: ServedExplainer, user: str, *options: str, size=(100, 30), term="xterm-256color"):
    """A student's `ssh -t` in a real terminal of `size` (columns, rows) that says it is a `term`."""
    return screens(server, server.data_dir.parent, user, size=size, term=term, options=options)


def opened(pid: int) -> list[str]:
    """What a process has open, by descriptor number (its terminal first)."""
    folder = Path(f"/proc/{pid}/fd")
    return [os.readlink(folder / name) for name in sorted(os.listdir(folder), key=int)]


def test_a_pooled_first_screen_is_exactly_a_cold_ones_at_the_standbys_size_and_another(served, screens) -> None:
    pooled, cold = served("--warm", "2"), served()
    standbys = pooled.wait_for_standbys(2)
    for user, size in (("ana", (100, 30)), ("ben", (120, 40))):
        given = screen(screens, pooled, user, size=size)
        forked = screen(screens, cold, user, size=size)
        assert given.settled("Help — every key") == forked.settled("Help — every key")
        assert pooled.session_pid(user) in standbys
        assert cold.session_pid(user) not in standbys
        given.press("g")  # the pooled session answers keys as any other
        assert "Glossary" in given.settled("Filter terms")


def test_a_student_s_own_progress_and_theme_show_in_a_pooled_session(served, screens) -> None:
    pooled, cold = served("--warm", "1"), served()
    pack = load_pack(locations.default_content_dir())
    for server in (pooled, cold):  # the same progress, kept by both servers
        store = ProgressStore(server.data_dir, "kim", pack_id=pack.id)
        store.mark_read(pack.sections[0].id)
        store.mark_read(pack.sections[2].id)
        store.put("theme", "atom-one-light")
        store.close()
    standbys = pooled.wait_for_standbys(1)
    given, forked = screen(screens, pooled, "kim"), screen(screens, cold, "kim")
    home = given.settled("Resume where you left off")
    assert f"Progress: 2/{len(pack.sections)} sections read" in given.text()
    assert home == forked.settled("Resume where you left off")  # the student's theme: the same colours
    assert pooled.session_pid("kim") in standbys
    given.press("Enter")  # resume: the section read last
    given.settled(pack.sections[2].question)
    given.press("q")
    pooled.wait_for_log(r"disconnect 127\.0\.0\.1 user=kim ")
    names = sorted(path.name for path in (pooled.data_dir / "progress").glob("*.sqlite3"))
    assert names == ["kim.sqlite3"]  # the student's own store; nothing kept for the nobody it was built for
    assert ProgressStore(pooled.data_dir, "kim", pack_id=pack.id).get("theme") == "atom-one-light"


def test_screen_reader_mode_left_on_last_time_comes_back_on_in_a_pooled_session(served, screens) -> None:
    pooled, cold = served("--warm", "1"), served()
    pack = load_pack(locations.default_content_dir())
    for server in (pooled, cold):
        store = ProgressStore(server.data_dir, "lou", pack_id=pack.id)
        store.put(SCREEN_READER_STATE, "1")
        store.close()
    standbys = pooled.wait_for_standbys(1)
    given, forked = screen(screens, pooled, "lou"), screen(screens, cold, "lou")
    assert given.settled("Walkthrough") == forked.settled("Walkthrough")  # no drawing characters, keys in words
    assert given.cursor() == forked.cursor()  # on what has focus, where a screen reader reads
    assert pooled.session_pid("lou") in standbys


def test_two_students_never_share_a_standby_and_the_pool_is_built_again(served, screens) -> None:
    server = served("--warm", "2")
    standbys = server.wait_for_standbys(2)
    first, second = screen(screens, server, "ivy"), screen(screens, server, "jon")
    first.settled("Help — every key")
    second.settled("Help — every key")
    pids = {server.session_pid("ivy"), server.session_pid("jon")}
    assert pids == set(standbys)  # one standby each
    for pid in pids:
        assert Path(f"/proc/{pid}/comm").read_text().strip() == "explainer"  # no longer waiting
    first.press("Enter")  # ivy reads; jon's home does not hear of it
    first.settled("1/")
    second.press("h")
    assert "Progress: 0/" in second.settled("Help — every key")
    until_sync(lambda: len(server.standbys()) == 2, "two new standbys, once the class is in")
    assert not set(server.standbys()) & pids
    terminals = {opened(pid)[0] for pid in pids}
    assert len(terminals) == 2 and all(name.startswith("/dev/pts/") for name in terminals)
    for standby in server.standbys():  # nothing of any student's: no terminal, no store, no environment
        assert not set(opened(standby)) & terminals
        assert not [name for name in opened(standby) if "progress" in name]
        assert environ(standby) == {"LANG": "C.UTF-8", "LC_CTYPE": "C.UTF-8"}  # the fork server's (TERM is set after)
    for terminal in (first, second):
        terminal.press("q")
    server.wait_for_log(r"disconnect 127\.0\.0\.1 user=jon ")
    server.wait_for_log(r"disconnect 127\.0\.0\.1 user=ivy ")


def test_a_standby_that_dies_is_built_again_and_nobody_is_hurt(served, screens) -> None:
    server = served("--warm", "2")
    standbys = server.wait_for_standbys(2)
    student = screen(screens, server, "lea")
    student.settled("Help — every key")
    taken = server.session_pid("lea")
    (left,) = set(standbys) - {taken}
    os.kill(left, signal.SIGKILL)
    until_sync(lambda: gone(left), "the killed standby reaped")
    until_sync(lambda: len(server.standbys()) == 2 and left not in server.standbys(), "two standbys again")
    rebuilt = server.standbys()
    student.press("g")
    assert "Glossary" in student.settled("Filter terms")  # the student given a standby never noticed
    other = screen(screens, server, "max")
    other.settled("Help — every key")
    assert server.session_pid("max") in rebuilt  # the next student is given one built since
    assert "failed" not in server.log() and not (server.data_dir / "failures.log").exists()
    student.press("q")
    server.wait_for_log(r"disconnect 127\.0\.0\.1 user=lea .*reason=quit")


def test_another_terminal_or_screen_reader_mode_gets_a_session_forked_for_it(served, screens) -> None:
    server = served("--warm", "1")
    (standby,) = server.wait_for_standbys(1)
    asks = {
        "vt": ((), "vt220"),
        "truecolour": (("-o", "SetEnv=COLORTERM=truecolor"), "xterm-256color"),
        "reader": (("-o", f"SetEnv={SCREEN_READER_VARIABLE}=1"), "xterm-256color"),
    }
    for user, (options, term) in asks.items():
        terminal = screen(screens, server, user, *options, term=term)
        terminal.settled("Help" if user == "reader" else "Help — every key")
        pid = server.session_pid(user)
        assert pid != standby and parent(pid) == server.fork_server(), user
        terminal.press("q")
        server.wait_for_log(rf"disconnect 127\.0\.0\.1 user={user} ")
    assert server.standbys() == [standby]  # still there for the next student on the class's terminal
    student = screen(screens, server, "xen")
    student.settled("Help — every key")
    assert server.session_pid("xen") == standby


def test_standbys_are_built_again_for_the_terminal_the_class_has(served, screens) -> None:
    server = served("--warm", "1")
    (standby,) = server.wait_for_standbys(1)
    for user in ("tia", "uma", "val"):  # three students alike: the class's terminal
        terminal = screen(screens, server, user, term="tmux-256color")
        terminal.settled("Help — every key")
        assert server.session_pid(user) != standby
        terminal.press("q")
        server.wait_for_log(rf"disconnect 127\.0\.0\.1 user={user} ")
    until_sync(lambda: gone(standby), "the standby built for xterm-256color replaced")
    (rebuilt,) = server.wait_for_standbys(1)
    student = screen(screens, server, "wes", term="tmux-256color")
    student.settled("Help — every key")
    assert server.session_pid("wes") == rebuilt


def test_a_pooled_session_ends_with_its_client_and_standbys_end_with_the_server(served, screens) -> None:
    server = served("--warm", "2")
    server.wait_for_standbys(2)
    student = screen(screens, server, "noa")
    student.settled("Help — every key")
    pid = server.session_pid("noa")
    student.close()  # the client killed with its terminal: the pty hangs up
    until_sync(lambda: gone(pid), "the pooled session gone", timeout=10)
    server.wait_for_log(r"disconnect 127\.0\.0\.1 user=noa ")
    standbys = server.wait_for_standbys(2)
    assert server.stop() == 0
    until_sync(lambda: all(gone(pid) for pid in standbys), "no standby left once the server has stopped", timeout=10)


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def test_a_waiting_standby_reads_nothing_from_its_own_terminal(served, screens) -> None:
    """Its input thread is stopped before it says it is ready, so giving it a student waits for none to notice
    (Textual 8.2.8's driver stops one in 0.1-0.2 s): one thread fewer than the session it becomes, which reads
    the student's terminal."""
    server = served("--warm", "1")
    (standby,) = server.wait_for_standbys(1)
    waiting = threads(standby)
    student = screen(screens, server, "ora")
    student.settled("Help — every key")
    assert server.session_pid("ora") == standby
    assert threads(standby) == waiting + 1
    student.press("g")  # and that thread is the student's keys
    assert "Glossary" in student.settled("Filter terms")
    student.press("q")
    server.wait_for_log(r"disconnect 127\.0\.0\.1 user=ora ")

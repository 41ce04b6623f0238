"""`explainer serve` end to end: a real server on 127.0.0.1 and the real OpenSSH client.

The explainer appears in a terminal session and follows resizes; commands, SFTP
and forwarding in both directions are refused; a killed client leaves no
process behind; limits, idle timeout and SIGTERM tell the student in words.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect
import pytest
from serve_harness import (
    CLIENT_OPTIONS,
    PACK_TITLE_WORDS,
    SFTP,
    SSH,
    ServedExplainer,
    client_env,
    environ,
    free_port,
    gone,
)

from explainer.progress.store import store_file_name

pytestmark = pytest.mark.skipif(SSH is None, reason="needs the OpenSSH client (.ci/run installs it)")


def quit_app(client: pexpect.spawn) -> None:
    client.send("q")
    client.expect(pexpect.EOF, timeout=20)
    client.close()


def test_the_explainer_appears_follows_the_size_and_quits(server: ServedExplainer) -> None:
    client = server.terminal(user="ada")
    client.expect(PACK_TITLE_WORDS)
    server.wait_for_log(r"connect +127\.0\.0\.1 user=ada term=xterm-256color size=100x30 pid=\d+")
    client.setwinsize(24, 70)
    client.expect(PACK_TITLE_WORDS)  # repainted at the new size
    quit_app(client)
    assert client.exitstatus == 0
    server.wait_for_log(r"disconnect 127\.0\.0\.1 user=ada term=xterm-256color size=70x24 duration=\d+s reason=quit")
    server.wait_for_no_sessions()
    progress = server.data_dir / "progress"
    assert [p.name for p in progress.glob("ada*.sqlite3")] == ["ada.sqlite3"]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux to see the screen")
def test_the_app_redraws_at_the_new_size_when_the_client_resizes(server: ServedExplainer, tmp_path: Path) -> None:
    socket_path = str(tmp_path / "tmux.sock")
    tmux = ["tmux", "-S", socket_path]
    command = " ".join(server.ssh("-tt", user="resizer"))
    subprocess.run([*tmux, "new-session", "-d", "-x", "100", "-y", "30", command], check=True, env=client_env())
    try:
        wide = wait_for_screen(tmux, lambda screen: "North Korea" in screen)
        assert max(len(line.rstrip()) for line in wide.splitlines()) > 80
        subprocess.run([*tmux, "resize-window", "-x", "60", "-y", "20"], check=True)
        narrow = wait_for_screen(
            tmux,
            lambda screen: "North Korea" in screen and max(len(line.rstrip()) for line in screen.splitlines()) <= 60,
        )
        assert len(narrow.splitlines()) <= 20
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
    server.wait_for_log(r"disconnect 127\.0\.0\.1 user=resizer .*size=60x20")


def wait_for_screen(tmux: list[str], ready, timeout: float = 30) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True).stdout
        if ready(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"screen never got there:\n{screen}")


def test_a_command_is_refused_and_never_run(server: ServedExplainer, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    result = server.run_ssh(command=("touch", str(marker)))
    assert result.returncode == 1
    assert "runs no commands" in result.stderr
    assert not marker.exists()
    server.wait_for_log(r"refuse +127\.0\.0\.1 user=student reason=\"exec 'touch ")


def test_a_command_with_a_terminal_is_refused_too(server: ServedExplainer) -> None:
    command = server.ssh("-tt", user="tty-cmd")
    client = pexpect.spawn(command[0], [*command[1:], "id"], env=client_env(), timeout=30)
    client.expect("runs no commands")
    client.expect(pexpect.EOF)
    client.close()
    assert client.exitstatus == 1
    assert "uid=" not in (client.before or b"").decode(errors="replace")


@pytest.mark.skipif(SFTP is None, reason="needs the OpenSSH sftp client")
def test_sftp_is_refused(server: ServedExplainer, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.write_text(f"put {batch} stolen\n")
    result = subprocess.run(
        [SFTP, *CLIENT_OPTIONS, "-P", str(server.port), "-b", str(batch), "student@127.0.0.1"],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30, env=client_env(),
    )  # fmt: skip
    assert result.returncode != 0
    assert "explainer: no file transfer or subsystems here, only the explainer." in result.stderr
    server.wait_for_log(r'refuse +127\.0\.0\.1 user=student reason="subsystem sftp"')
    assert not list(Path("/").glob("stolen")) and not (server.data_dir / "stolen").exists()


def test_local_forwarding_is_refused(server: ServedExplainer) -> None:
    with socket.socket() as target:
        target.bind(("127.0.0.1", 0))
        target.listen()
        target.settimeout(2)
        local_port = free_port()
        forward = subprocess.Popen(
            [*server.ssh("-N", "-L", f"{local_port}:127.0.0.1:{target.getsockname()[1]}", user="tunneler")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=client_env(),
        )  # fmt: skip
        try:
            sent = send_through(local_port, b"hello")
            assert sent, "the ssh client never opened its local end"
            with pytest.raises(socket.timeout):
                target.accept()  # the server never connects on the client's behalf
            server.wait_for_log(r'refuse +127\.0\.0\.1 user=tunneler reason="local forwarding to 127\.0\.0\.1:\d+"')
        finally:
            forward.kill()
            forward.wait()
            assert forward.stderr is not None
            forward.stderr.close()


def send_through(port: int, data: bytes, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
                sock.sendall(data)
                time.sleep(0.3)
                return True
        except OSError:
            time.sleep(0.1)
    return False


def test_remote_forwarding_is_refused(server: ServedExplainer) -> None:
    result = server.run_ssh("-N", "-o", "ExitOnForwardFailure=yes", "-R", f"{free_port()}:127.0.0.1:9", user="reverse")
    assert result.returncode == 255
    assert "remote port forwarding failed" in result.stderr
    server.wait_for_log(r'refuse +127\.0\.0\.1 user=reverse reason="remote forwarding from ')


def test_agent_forwarding_gets_nothing(server: ServedExplainer, tmp_path: Path) -> None:
    agent = shutil.which("ssh-agent")
    if agent is None:
        pytest.skip("needs ssh-agent")
    sock = tmp_path / "agent.sock"
    started = subprocess.Popen([agent, "-D", "-a", str(sock)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    listeners_before = set(Path(tempfile.gettempdir()).glob("asyncssh-*"))
    try:
        command = server.ssh("-tt", "-A", "-o", f"IdentityAgent={sock}", user="agent")
        client = pexpect.spawn(
            command[0], command[1:], dimensions=(30, 100), env={**client_env(), "SSH_AUTH_SOCK": str(sock)}, timeout=30
        )
        client.expect(PACK_TITLE_WORDS)
        pid = int(server.wait_for_log(r"connect +127\.0\.0\.1 user=agent .* pid=(\d+)").group(1))
        assert "SSH_AUTH_SOCK" not in environ(pid)
        assert set(Path(tempfile.gettempdir()).glob("asyncssh-*")) == listeners_before  # no agent listener made
        quit_app(client)
    finally:
        started.kill()
        started.wait()


def test_a_killed_client_leaves_no_process(server: ServedExplainer) -> None:
    client = server.terminal(user="vanishing")
    client.expect(PACK_TITLE_WORDS)
    pid = int(server.wait_for_log(r"connect +127\.0\.0\.1 user=vanishing .* pid=(\d+)").group(1))
    assert pid in server.sessions()
    client.kill(signal.SIGKILL)
    client.close(force=True)
    server.wait_for_no_sessions(timeout=10)
    assert gone(pid)
    server.wait_for_log(r'disconnect 127\.0\.0\.1 user=vanishing .*reason="connection lost"')


def test_over_the_session_limit_the_client_is_told(own_server) -> None:
    served = own_server("--max-sessions", "1")
    first = served.terminal(user="first")
    first.expect(PACK_TITLE_WORDS)
    second = served.run_ssh("-tt", user="second")
    assert second.returncode == 255
    assert "The class is full (1 session running)" in second.stderr
    served.wait_for_log(r'refuse +127\.0\.0\.1 user=second reason="class full"')
    quit_app(first)
    again = served.terminal(user="third")  # the slot is free again
    again.expect(PACK_TITLE_WORDS)
    quit_app(again)


def test_idle_sessions_are_warned_then_closed(own_server) -> None:
    served = own_server("--idle-timeout", "5")
    client = served.terminal(user="sleepy")
    client.expect(PACK_TITLE_WORDS)
    client.expect("Still there", timeout=20)
    client.expect("session closed after 5 seconds without a key press", timeout=20)
    client.expect(pexpect.EOF)
    served.wait_for_log(r"disconnect 127\.0\.0\.1 user=sleepy .*reason=idle")
    served.wait_for_no_sessions()


def test_sigterm_tells_every_session_and_exits(own_server) -> None:
    served = own_server()
    clients = [served.terminal(user=f"s{n}") for n in range(2)]
    for client in clients:
        client.expect(PACK_TITLE_WORDS)
    children = served.sessions()
    assert len(children) == 2
    served.process.send_signal(signal.SIGTERM)
    for client in clients:
        client.expect("the server is shutting down")
        client.expect(pexpect.EOF)
    assert served.process.wait(15) == 0
    assert all(gone(pid) for pid in children)


def test_with_keys_only_listed_keys_enter_and_progress_follows_the_key(own_server, tmp_path: Path) -> None:
    keygen = shutil.which("ssh-keygen")
    if keygen is None:
        pytest.skip("needs ssh-keygen")
    listed, unlisted = tmp_path / "listed", tmp_path / "unlisted"
    for key in (listed, unlisted):
        subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-C", key.name, "-f", str(key)], check=True)
    authorized = tmp_path / "authorized_keys"
    authorized.write_text(listed.with_suffix(".pub").read_text())
    fingerprint = subprocess.run(
        [keygen, "-l", "-E", "sha256", "-f", str(listed)], capture_output=True, text=True, check=True
    ).stdout.split()[1]

    served = own_server("--auth", "keys", "--authorized-keys", str(authorized))
    refused = served.run_ssh("-tt", "-i", str(unlisted), user="mallory")
    assert refused.returncode == 255
    assert "Permission denied" in refused.stderr
    served.wait_for_log(r'refuse +127\.0\.0\.1 user=mallory reason="key not authorized"')

    client = served.terminal("-i", str(listed), user="anyname")
    client.expect(PACK_TITLE_WORDS)
    served.wait_for_log(rf"connect +127\.0\.0\.1 user=anyname key={re.escape(fingerprint)} name=listed ")
    quit_app(client)
    stores = [p.name for p in (served.data_dir / "progress").glob("*.sqlite3")]
    assert stores == [store_file_name(fingerprint, keyed=True)]
    scores = subprocess.run(
        [sys.executable, "-m", "explainer", "scores", "--data-dir", str(served.data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "listed" in scores.stdout and f"({fingerprint[:15]})" in scores.stdout  # the teacher sees whose key it is


def test_many_connects_and_disconnects_leave_nothing_behind(server: ServedExplainer) -> None:
    warm = server.terminal(user="warm")
    warm.expect(PACK_TITLE_WORDS)
    quit_app(warm)
    server.wait_for_no_sessions()
    fds = server.open_fds()
    for round_ in range(3):
        clients = [server.terminal(user=f"cycle{round_}-{n}") for n in range(4)]
        for n, client in enumerate(clients):
            client.expect(PACK_TITLE_WORDS)
            if n % 2:
                quit_app(client)
            else:
                client.kill(signal.SIGKILL)
                client.close(force=True)
    server.wait_for_no_sessions()
    deadline = time.monotonic() + 10
    while server.open_fds() > fds and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.open_fds() <= fds


def test_nothing_of_the_servers_environment_reaches_a_session(own_server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPLAINER_SECRET_TOKEN", "hunter2")
    served = own_server()
    client = served.terminal(user="nosy")
    client.expect(PACK_TITLE_WORDS)
    pid = int(served.wait_for_log(r"connect +127\.0\.0\.1 user=nosy .* pid=(\d+)").group(1))
    for process in (served.fork_server(), pid):
        assert environ(process) == {"LANG": "C.UTF-8", "LC_CTYPE": "C.UTF-8"}  # TERM is set after the fork
        assert os.readlink(f"/proc/{process}/cwd") == "/"
    quit_app(client)


def test_connections_that_never_log_in_are_bounded(own_server) -> None:
    served = own_server("--max-sessions", "5")  # at most 10 may be opening at once from one address
    idle = [socket.create_connection(("127.0.0.1", served.port), timeout=10) for _ in range(15)]
    try:
        served.wait_for_log(r'refuse +127\.0\.0\.1 reason="too many connections opening from address"')
    finally:
        for sock in idle:
            sock.close()
    client = served.terminal(user="patient")
    client.expect(PACK_TITLE_WORDS)
    quit_app(client)

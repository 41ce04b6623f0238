"""A real `explainer serve` (or `web`) on 127.0.0.1 and the real OpenSSH client, for the serve tests.

No mocks: the server is a subprocess started the way a teacher starts it, and
clients are `ssh`/`sftp` (under pexpect where a terminal is needed).
"""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pexpect

from explainer.serve.standby import WARM_NAME

SSH = shutil.which("ssh")
SFTP = shutil.which("sftp")
CLIENT_OPTIONS = [
    "-F", "/dev/null",
    "-o", "StrictHostKeyChecking=no",
    "-o", "UserKnownHostsFile=/dev/null",
    "-o", "GlobalKnownHostsFile=/dev/null",
    "-o", "LogLevel=ERROR",
    "-o", "BatchMode=yes",
    "-o", "IdentitiesOnly=yes",
    "-o", "IdentityAgent=none",
    "-o", "ConnectTimeout=15",
]  # fmt: skip
PACK_TITLE_WORDS = b"North Korea"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def client_env() -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }


class ServerProcess:
    """`explainer COMMAND` (serve, web) as a teacher starts it, on a free port with its own data dir, its log in
    a file; ready once its banner says so, stopped as a service manager stops it (SIGTERM)."""

    command = ""
    ready = b""  # what the banner says once the server listens
    data_name = ""
    unless_given: tuple[str, str] | None = None  # an option the tests take, unless a test gives its own

    def __init__(self, base: Path, *options: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.data_dir = base / self.data_name
        self.log_path = base / f"{self.command}-{self.port}.log"
        self._log = open(self.log_path, "wb")  # noqa: SIM115  # kept open for the server's life; closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "explainer",
                self.command,
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
                *options,
                *(self.unless_given if self.unless_given and self.unless_given[0] not in options else ()),
            ],
            stdout=subprocess.PIPE,
            stderr=self._log,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )
        self.banner = self._read_banner()

    def _read_banner(self, timeout: float = 30) -> str:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        text = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.ready not in text:
            ready, _, _ = select.select([fd], [], [], 0.2)
            chunk = os.read(fd, 4096) if ready else b""
            if ready and not chunk:
                break
            text += chunk
        if self.ready in text:
            return text.decode()
        self.stop()
        raise AssertionError(f"{self.command} did not start: {text.decode()}\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            match = re.search(pattern, self.log())
            if match or time.monotonic() > deadline:
                assert match, f"no log line matching {pattern!r} in:\n{self.log()}"
                return match
            time.sleep(0.05)

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.process.stdout:
            self.process.stdout.close()
        self._log.close()
        return self.process.returncode


class ServedExplainer(ServerProcess):
    """`explainer serve`, and the `ssh` clients that reach it."""

    command = "serve"
    ready = b"students connect with"
    data_name = "served-data"
    unless_given = ("--warm", "0")  # sessions forked as students come; the pool's own tests ask for standbys

    def ssh(self, *arguments: str, user: str = "student") -> list[str]:
        """An `ssh` command line for this server."""
        assert SSH
        return [SSH, *CLIENT_OPTIONS, "-p", str(self.port), *arguments, f"{user}@127.0.0.1"]

    def run_ssh(
        self, *arguments: str, command: tuple[str, ...] = (), user: str = "student", timeout: float = 30
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.ssh(*arguments, user=user), *command],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=client_env(),
        )

    def terminal(self, *arguments: str, user: str = "student", size: tuple[int, int] = (30, 100)) -> pexpect.spawn:
        """`ssh -tt` under a pseudo-terminal of `size` (rows, columns)."""
        command = self.ssh("-tt", *arguments, user=user)
        return pexpect.spawn(command[0], command[1:], dimensions=size, env=client_env(), timeout=30)

    def fork_server(self) -> int:
        """The one warm process that forks sessions; it lives as long as the server."""
        found = [
            pid
            for pid in descendants(self.process.pid)
            if parent(pid) == self.process.pid and "explainer.serve.forkserver" in process_line(pid)
        ]
        assert len(found) == 1, [process_line(pid) for pid in descendants(self.process.pid)]
        return found[0]

    def sessions(self) -> list[int]:
        """Every process below the server but the fork server and its ready standbys: the sessions and anything
        they started."""
        return [
            pid
            for pid in descendants(self.process.pid)
            if ("explainer.serve.forkserver" not in process_line(pid) or parent(pid) != self.process.pid)
            and pid not in self.standbys()
        ]

    def standbys(self) -> list[int]:
        """The fork server's standbys that are built and waiting for a student (serve/standby.py)."""
        return [pid for pid in descendants(self.process.pid) if process_name(pid) == WARM_NAME]

    def wait_for_standbys(self, count: int, timeout: float = 60) -> list[int]:
        """Until `count` standbys are built and waiting (`--warm`), and no other process is starting; their pids."""
        deadline = time.monotonic() + timeout
        while len(self.standbys()) != count or self.sessions():
            assert time.monotonic() < deadline, f"not {count} standbys: {[process_line(p) for p in self.sessions()]}"
            time.sleep(0.05)
        return sorted(self.standbys())

    def session_pid(self, user: str) -> int:
        """The session process of `user`'s latest connection, from the log."""
        return int(self.wait_for_log(rf"connect +127\.0\.0\.1 user={user} .*pid=(\d+)").group(1))

    def wait_for_no_sessions(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while self.sessions() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not self.sessions(), f"left behind: {[process_line(pid) for pid in self.sessions()]}"

    def open_fds(self) -> int:
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))


def descendants(pid: int) -> list[int]:
    """Every live process (zombies included) below `pid`, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent:
                found.append(child)
                frontier.append(child)
    return found


def parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def environ(pid: int) -> dict[str, str]:
    """The environment a process was started with (a forked process shows its parent's)."""
    raw = Path(f"/proc/{pid}/environ").read_bytes().decode()
    return dict(item.split("=", 1) for item in raw.split("\0") if "=" in item)


def process_line(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return f"{pid} (gone)"
    return f"{pid} state={stat.rsplit(')', 1)[1].split()[0]} {command}"


def gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


def process_name(pid: int) -> str:
    """What `ps` shows as its command (/proc/PID/comm)."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""

"""Load on `explainer serve`: N students at once, each in a real SSH terminal session.

    .venv/bin/python benchmarks/ssh_load.py --sessions 50 [--ramp SECONDS] [--keys 20]
    .venv/bin/python benchmarks/ssh_load.py --cycles 300       # connect/disconnect, look for leaks
    .venv/bin/python benchmarks/ssh_load.py --sessions 50 --flood 30   # the class while one address floods it

It starts its own server on a free 127.0.0.1 port (or uses `--port`), then opens
N terminal sessions from an asyncssh client (100x30, xterm-256color), arriving
evenly over `--ramp` seconds (0: all at once). It reports:

- sessions served: how many reached their first screen;
- first screen: from opening the TCP connection to the pack title painted;
- key echo: once every session is up, each presses Down/Up `--keys` times with
  a think time between; the time from writing a key to the first byte of the
  repaint coming back;
- memory per session: PSS and RSS of each session's process, and the drop in
  the machine's MemAvailable divided by N (what a session really costs);
- what is left after every client has gone: processes and the server's file
  descriptors.

A version with `explainer serve --warm N` (sessions built ahead, serve/standby.py)
is started with `--warm` as many as `--sessions` (or `--warm N`), and the class
comes once the standbys are built; a session given one counts as its start
the CPU it used from the class's arrival to its first screen, and what the
standbys spent building themselves, while nobody waited, is reported apart.

With `--flood SECONDS`, one other address (127.0.0.2) does, from a few
seconds before the class arrives until it has gone (at most SECONDS), all
that one hostile client can at once: holds hundreds of half-open
connections and opens new ones as fast as it can, types random bytes as fast
as its session takes them, resizes 1000x500 <-> 999x499 fifty times a
second, and sends thousands of 8 KB environment requests. It reports what
that costs the server (CPU, memory) and the flooding sessions themselves.

The client runs on the same machine, so its own CPU use (encryption for N
connections) counts against the server: the figures are pessimistic.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
from ssh_client import SIZE, Screen, connect, python_for, start_server

DOWN, UP = b"\x1b[B", b"\x1b[A"


@dataclass
class Student:
    number: int
    first_screen: float | None = None
    start_cpu: float | None = None  # CPU-s its session process had used when its first screen arrived
    pooled: bool = False  # given a standby (serve --warm): start_cpu is then what it used since the class came
    pid: int | None = None
    echoes: list[float] = field(default_factory=list)  # once every session is up
    arrival_echoes: list[float] = field(default_factory=list)  # while others were still arriving
    error: str | None = None
    conn: asyncssh.SSHClientConnection | None = None
    chan: asyncssh.SSHClientChannel | None = None
    screen: Screen | None = None


async def open_session(
    port: int, number: int, timeout: float, server_pid: int = 0, standbys: dict[int, float] | None = None
) -> Student:
    """Connect as `bench<number>` and wait for the first screen; then read what its process has used (less,
    for a standby it was given, what that had used building itself before the class came: `standbys`)."""
    student = Student(number)
    started = time.perf_counter()
    try:
        conn = await asyncio.wait_for(connect(port, f"bench{number}"), timeout)
        student.conn = conn
        chan, screen = await conn.create_session(Screen, term_type="xterm-256color", term_size=SIZE, encoding=None)
        student.chan, student.screen = chan, screen
        student.first_screen = await screen.wait(max(0.01, started + timeout - time.perf_counter())) - started
        if server_pid:
            student.pid = session_pids(server_pid).get(f"bench{number}")
            built = (standbys or {}).get(student.pid or 0)
            student.pooled = built is not None
            student.start_cpu = cpu_seconds(student.pid) - (built or 0.0) if student.pid else None
    except (OSError, asyncssh.Error, asyncio.TimeoutError, ConnectionError) as error:
        student.error = f"{type(error).__name__}: {error}"
    return student


async def press_keys(
    student: Student,
    think: tuple[float, float],
    rng: random.Random,
    *,
    keys: int = 0,
    until: asyncio.Event | None = None,
) -> None:
    """Down/Up, `keys` of them, or (with `until`) until that event is set: each timed from writing it to the
    repaint's first byte, after the previous repaint has finished and a think time."""
    chan, screen = student.chan, student.screen
    if chan is None or screen is None or student.error:
        return
    echoes = student.arrival_echoes if until is not None else student.echoes
    n = 0
    while (n < keys) if until is None else not until.is_set():
        await asyncio.sleep(rng.uniform(*think))
        if until is not None and until.is_set():
            return
        await screen.settle()
        screen.arrived.clear()
        sent = time.perf_counter()
        chan.write(DOWN if n % 2 == 0 else UP)
        n += 1
        try:
            await asyncio.wait_for(screen.arrived.wait(), 10)
        except asyncio.TimeoutError:
            student.error = "no echo within 10 s"
            return
        if screen.closed:
            student.error = "closed while typing"
            return
        echoes.append(screen.last_arrival - sent)


FLOOD_ADDRESS = "127.0.0.2"
FLOOD_PARTS = ("half-open", "typing", "resizing", "environment")


@dataclass
class Flood:
    """What the flooding address did, and what it cost."""

    until: float
    connections: int = 0
    typed: int = 0
    resizes: int = 0
    env_requests: int = 0
    server_cpu: float = 0.0
    server_rss_before_kb: int = 0
    server_rss_after_kb: int = 0
    seconds: float = 0.0
    sessions_pss_kb: dict[str, int] = field(default_factory=dict)
    sessions_cpu: dict[str, float] = field(default_factory=dict)
    parts: tuple[str, ...] = FLOOD_PARTS


async def flood(port: int, server_pid: int, state: Flood) -> None:
    """Everything at once from one address until `state.until`."""
    state.server_rss_before_kb = process_memory(server_pid)[1]
    cpu, started = cpu_seconds(server_pid), time.perf_counter()

    def going() -> bool:
        return time.perf_counter() < state.until

    async def sample() -> None:
        """The flooding sessions' cost, just before they stop."""
        await asyncio.sleep(max(0.0, state.until - time.perf_counter() - 1.0))
        for user, pid in flooding_sessions(server_pid).items():
            state.sessions_pss_kb[user] = process_memory(pid)[0]
            state.sessions_cpu[user] = cpu_seconds(pid)

    async def flooding(user: str) -> asyncssh.SSHClientConnection:
        return await connect(port, user, local_addr=FLOOD_ADDRESS)

    async def half_open() -> None:
        held: list[asyncio.StreamWriter] = []
        while going():
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(FLOOD_ADDRESS, 0))
                held.append(writer)
                state.connections += 1
            except OSError:
                await asyncio.sleep(0.01)
            if len(held) > 300:
                held.pop(0).close()
            await asyncio.sleep(0.002)
        for writer in held:
            writer.close()

    async def typing() -> None:
        rng = random.Random(7)
        with contextlib.suppress(OSError, asyncssh.Error):
            async with await flooding("flood-typing") as conn:
                chan, _ = await conn.create_session(asyncssh.SSHClientSession, term_type="xterm", encoding=None)
                while going() and not chan.is_closing():
                    if chan.get_write_buffer_size() > 1 << 20:
                        await asyncio.sleep(0.01)
                        continue
                    chunk = bytes(b for b in rng.randbytes(4096) if b not in (ord("q"), 0x11))
                    chan.write(chunk)
                    state.typed += len(chunk)
                    await asyncio.sleep(0)

    async def resizing() -> None:
        with contextlib.suppress(OSError, asyncssh.Error):
            async with await flooding("flood-resize") as conn:
                chan, _ = await conn.create_session(asyncssh.SSHClientSession, term_type="xterm", encoding=None)
                while going() and not chan.is_closing():
                    chan.change_terminal_size(1000 - state.resizes % 2, 500 - state.resizes % 2)
                    state.resizes += 1
                    await asyncio.sleep(0.02)

    async def environment() -> None:
        junk = {f"JUNK_{n}": "v" * 8000 for n in range(2000)}
        while going():
            try:
                async with await flooding("flood-env") as conn:
                    chan, _ = await conn.create_session(asyncssh.SSHClientSession, term_type="xterm", env=junk)
                    state.env_requests += len(junk)
                    chan.close()
            except (OSError, asyncssh.Error):
                await asyncio.sleep(0.1)

    parts = {"half-open": half_open, "typing": typing, "resizing": resizing, "environment": environment}
    await asyncio.gather(*(parts[name]() for name in state.parts), sample())
    state.seconds = time.perf_counter() - started
    state.server_cpu = cpu_seconds(server_pid) - cpu
    state.server_rss_after_kb = process_memory(server_pid)[1]


async def load(
    port: int,
    server_pid: int,
    sessions: int,
    ramp: float,
    keys: int,
    timeout: float,
    typists: int | None = None,
    flood_seconds: float = 0,
    flood_parts: str = ",".join(FLOOD_PARTS),
) -> dict[str, object]:
    """The class arrives; the first `typists` (default: all) type from their first screen on while the others
    arrive, then `keys` keys each once everyone is up. Memory is read with everyone connected."""
    rng = random.Random(5)
    typists = sessions if typists is None else typists
    load_before = os.getloadavg()[0]
    available_before = mem_available_kb()
    # The flood runs in a process of its own, so that its work does not slow this client's measurements.
    flooder = (
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--flood-only",
                str(flood_seconds),
                "--port",
                str(port),
                "--server-pid",
                str(server_pid),
                "--server-log",
                str(SERVER_LOG.get(server_pid, "")),
                "--flood-parts",
                flood_parts,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        if flood_seconds
        else None
    )
    if flooder is not None:
        await asyncio.sleep(min(5.0, flood_seconds / 4))  # the flood is under way before the class arrives

    everyone_up = asyncio.Event()
    typing_while_arriving: list[asyncio.Task[None]] = []

    standbys = {pid: cpu_seconds(pid) for pid in standby_processes(server_pid)}  # built before the class came

    async def arrive(number: int) -> Student:
        await asyncio.sleep(ramp * number / max(sessions, 1))
        student = await open_session(port, number, timeout, server_pid, standbys)
        if number < typists and not everyone_up.is_set():
            typing = press_keys(student, (0.3, 1.0), random.Random(number), until=everyone_up)
            typing_while_arriving.append(asyncio.create_task(typing))
        return student

    client_cpu = time.process_time()
    started = time.perf_counter()
    helpers = [server_pid, *fork_servers(server_pid)]
    helpers_cpu = [cpu_seconds(pid) for pid in helpers]
    students = await asyncio.gather(*(arrive(n) for n in range(sessions)))
    arrival = time.perf_counter() - started
    helpers_cpu = [cpu_seconds(pid) - cpu for pid, cpu in zip(helpers, helpers_cpu, strict=True)]
    everyone_up.set()
    client_cpu = time.process_time() - client_cpu
    await asyncio.gather(*typing_while_arriving)
    await asyncio.gather(*(press_keys(s, (0.3, 1.0), rng, keys=keys) for s in students[:typists]))
    children = session_processes(server_pid)
    memory = [process_memory(pid) for pid in children]
    available_during = mem_available_kb()
    fds_during = open_fds(server_pid)
    server_rss = process_memory(server_pid)[1]
    fork_server_pss = sum(process_memory(pid)[0] for pid in fork_servers(server_pid))
    tree_pss = sum(process_memory(pid)[0] for pid in [server_pid, *descendants(server_pid)])
    flood_report = ""
    if flooder is not None:
        flood_report, _ = await asyncio.to_thread(flooder.communicate)  # its whole length: the class is inside it
    for student in students:
        if student.conn is not None:
            student.conn.abort() if student.number % 2 else student.conn.close()
    left, waited = await wait_for_no_children(server_pid)
    return {
        "students": students,
        "standbys": len(standbys),
        "build_cpu": sum(standbys.values()) / len(standbys) if standbys else float("nan"),
        "load_before": load_before,
        "client_cpu": client_cpu,
        "arrival_s": arrival,
        "server_cpu": helpers_cpu[0],
        "fork_server_cpu": sum(helpers_cpu[1:]),
        "typists": typists,
        "children": len(children),
        "pss": [m[0] for m in memory],
        "rss": [m[1] for m in memory],
        "mem_drop_kb": available_before - available_during,
        "server_rss_kb": server_rss,
        "fork_server_pss_kb": fork_server_pss,
        "tree_pss_kb": tree_pss,
        "fds_during": fds_during,
        "left": left,
        "cleanup_s": waited,
        "flood_report": flood_report,
    }


def session_pids(server_pid: int) -> dict[str, int]:
    """Each user's session process, from the server's log (`connect ... user=U ... pid=P`)."""
    found: dict[str, int] = {}
    log = SERVER_LOG.get(server_pid)
    if log is None:
        return found
    for line in log.read_text(errors="replace").splitlines():
        parts = dict(part.split("=", 1) for part in line.split() if "=" in part)
        if " connect " in f" {line} " and "user" in parts and "pid" in parts:
            found[parts["user"]] = int(parts["pid"])
    return found


def flooding_sessions(server_pid: int) -> dict[str, int]:
    """The flooding address's sessions still running, by user."""
    return {
        user: pid
        for user, pid in session_pids(server_pid).items()
        if user.startswith("flood-") and Path(f"/proc/{pid}").exists()
    }


SERVER_LOG: dict[int, Path] = {}


async def cycles(port: int, server_pid: int, count: int, concurrency: int, timeout: float) -> dict[str, object]:
    """Connect, see the first screen, leave (half politely with q, half by cutting the connection)."""
    warm = await open_session(port, 0, timeout)
    if warm.conn:
        warm.conn.close()
    await wait_for_no_children(server_pid)
    fds_before, rss_before = open_fds(server_pid), process_memory(server_pid)[1]
    failures = 0
    gate = asyncio.Semaphore(concurrency)

    async def one(number: int) -> None:
        nonlocal failures
        async with gate:
            student = await open_session(port, number, timeout)
            if student.error or student.conn is None or student.chan is None:
                failures += 1
            elif number % 2:
                student.chan.write(b"q")
                await student.conn.wait_closed()
            else:
                student.conn.abort()
            if student.conn is not None:
                student.conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(1, count + 1)))
    elapsed = time.perf_counter() - started
    left, _waited = await wait_for_no_children(server_pid)
    await asyncio.sleep(1)
    return {
        "count": count,
        "failures": failures,
        "elapsed": elapsed,
        "left": left,
        "fds": (fds_before, open_fds(server_pid)),
        "rss_kb": (rss_before, process_memory(server_pid)[1]),
    }


async def wait_for_no_children(pid: int, timeout: float = 30) -> tuple[int, float]:
    """Until no session process is left below the server (its fork server stays)."""
    started = time.perf_counter()
    while session_processes(pid) and time.perf_counter() - started < timeout:
        await asyncio.sleep(0.05)
    return len(session_processes(pid)), time.perf_counter() - started


# /proc readings


def descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, its in parents.items() if its == parent]
        found += children
        frontier += children
    return found


def fork_servers(server_pid: int) -> list[int]:
    return [
        pid
        for pid in descendants(server_pid)
        if parent_of(pid) == server_pid and b"explainer.serve.forkserver" in command_of(pid)
    ]


def session_processes(server_pid: int) -> list[int]:
    """Every session process below the server and what it started: the pids its log names, where it is
    known, else every process but the fork server and its standbys (serve --warm, built for nobody yet)."""
    if server_pid in SERVER_LOG:
        named = [pid for pid in session_pids(server_pid).values() if Path(f"/proc/{pid}").exists()]
        return [*named, *(child for pid in named for child in descendants(pid))]
    keep = {*fork_servers(server_pid), *standby_processes(server_pid)}
    return [pid for pid in descendants(server_pid) if pid not in keep]


WARM_NAME = b"explainer-warm"  # a standby built and waiting, as `ps` names it (explainer/serve/standby.py)


def standby_processes(server_pid: int) -> list[int]:
    """The fork server's standbys, built and waiting for a student (none before --warm)."""
    return [pid for pid in descendants(server_pid) if name_of(pid) == WARM_NAME]


def name_of(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/comm").read_bytes().strip()
    except OSError:
        return b""


async def wait_for_standbys(server_pid: int, count: int, timeout: float = 300) -> float:
    """Until the server has `count` standbys built and waiting (its fork server builds one at a time);
    how long that took."""
    started = time.perf_counter()
    while len(standby_processes(server_pid)) < count:
        if time.perf_counter() - started > timeout:
            raise SystemExit(f"only {len(standby_processes(server_pid))} of {count} standbys in {timeout:.0f} s")
        await asyncio.sleep(0.2)
    return time.perf_counter() - started


def parent_of(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def command_of(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def process_memory(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in kB."""
    values = {"Pss": 0, "Rss": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in values:
                values[name] = int(rest.split()[0])
    except OSError:
        pass
    return values["Pss"], values["Rss"]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def mem_available_kb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1])
    return 0


def open_fds(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


# Reporting


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else float("nan")


@dataclass
class LoadFigures:
    """One load run's figures, as printed and as compared between versions."""

    served: int
    sessions: int
    first_p50: float
    first_p95: float
    first_max: float
    start_cpu: float  # CPU-s per session process, fork (or a standby given) to its first screen
    pooled: int  # sessions given a standby
    build_cpu: float  # CPU-s a standby spent building itself, before the class came
    arrival_echo_p95: float  # keys typed while the others were still arriving
    echo_p50: float
    echo_p95: float
    echo_max: float
    pss_mb: float
    tree_gb: float
    load_before: float


def figures(result: dict[str, object]) -> LoadFigures:
    students: list[Student] = result["students"]  # type: ignore[assignment]
    firsts = [s.first_screen for s in students if s.first_screen is not None]
    cpus = [s.start_cpu for s in students if s.start_cpu is not None]
    echoes = [e for s in students for e in s.echoes]
    pss: list[int] = result["pss"]  # type: ignore[assignment]
    return LoadFigures(
        served=len(firsts),
        sessions=len(students),
        first_p50=percentile(firsts, 50),
        first_p95=percentile(firsts, 95),
        first_max=max(firsts, default=float("nan")),
        start_cpu=sum(cpus) / len(cpus) if cpus else float("nan"),
        pooled=sum(s.pooled for s in students),
        build_cpu=result["build_cpu"],  # type: ignore[arg-type]
        arrival_echo_p95=percentile([e for s in students for e in s.arrival_echoes], 95),
        echo_p50=percentile(echoes, 50),
        echo_p95=percentile(echoes, 95),
        echo_max=max(echoes, default=float("nan")),
        pss_mb=sum(pss) / len(pss) / 1024 if pss else float("nan"),
        tree_gb=result["tree_pss_kb"] / 1024**2,  # type: ignore[operator]
        load_before=result["load_before"],  # type: ignore[arg-type]
    )


def report_load(result: dict[str, object], sessions: int, ramp: float, keys: int) -> LoadFigures:
    students: list[Student] = result["students"]  # type: ignore[assignment]
    got = figures(result)
    rss: list[int] = result["rss"]  # type: ignore[assignment]
    mb = lambda kb: f"{kb / 1024:.1f} MB"  # noqa: E731
    arrival_echoes = sum(len(s.arrival_echoes) for s in students)
    print(
        f"explainer serve under load: {sessions} sessions arriving over {ramp:g} s, {result['typists']} of them "
        f"typing, {SIZE[0]}x{SIZE[1]}, {os.cpu_count()} CPUs (load average {got.load_before:.1f} before)"
    )
    print(
        f"  sessions served      {got.served}/{sessions} in {result['arrival_s']:.1f} s   (this client used "
        f"{result['client_cpu']:.1f} CPU-s to open them)"
    )
    print(f"  first screen         p50 {got.first_p50:.2f} s   p95 {got.first_p95:.2f} s   max {got.first_max:.2f} s")
    print(
        f"  session start CPU    {got.start_cpu:.3f} CPU-s per session process, from its fork (or, for the "
        f"{got.pooled} given a standby, from the class's arrival) to its first screen"
    )
    for pooled, kind in ((True, "given a standby"), (False, "forked as they came")):
        cpus = [s.start_cpu for s in students if s.start_cpu is not None and s.pooled == pooled]
        if cpus and got.pooled:
            print(f"    {kind:18} {sum(cpus) / len(cpus):.3f} CPU-s each ({len(cpus)} sessions)")
    if result["standbys"]:
        print(
            f"  standbys             {result['standbys']} built before the class came, {got.build_cpu:.3f} CPU-s "
            "each (spent while nobody waited)"
        )
    print(
        f"  and besides          the server {result['server_cpu'] / sessions * 1000:.1f} ms and the fork server "
        f"{result['fork_server_cpu'] / sessions * 1000:.1f} ms of CPU per session, while they arrived"  # type: ignore[operator]
    )
    print(
        f"  key echo, arriving   p95 {got.arrival_echo_p95 * 1000:.0f} ms   ({arrival_echoes} keys typed by those "
        "already in while the others arrived)"
    )
    print(
        f"  key echo, all in     p50 {got.echo_p50 * 1000:.0f} ms   p95 {got.echo_p95 * 1000:.0f} ms   max "
        f"{got.echo_max * 1000:.0f} ms   ({sum(len(s.echoes) for s in students)} keys, {keys} each)"
    )
    if rss:
        print(
            f"  memory per session   PSS {got.pss_mb:.1f} MB, RSS {mb(sum(rss) / len(rss))}; MemAvailable "
            f"fell {mb(result['mem_drop_kb'] / sessions)} per session"  # type: ignore[operator]
        )
    print(
        f"  server               RSS {mb(result['server_rss_kb'])}, {result['fds_during']} fds with "
        f"{result['children']} session processes; fork server PSS {mb(result['fork_server_pss_kb'])}; "
        f"the whole tree PSS {got.tree_gb:.2f} GB"
    )  # type: ignore[arg-type]
    print(f"  after the clients    {result['left']} processes left, cleaned up in {result['cleanup_s']:.1f} s")  # type: ignore[str-format]
    errors = [f"#{s.number}: {s.error}" for s in students if s.error]
    for error in errors[:5]:
        print(f"  error {error}")
    print(result.get("flood_report", ""), end="")
    return got


def report_flood(flooding: Flood) -> None:
    """What the flooding process did and cost, printed by it for the class's report."""
    mb = lambda kb: f"{kb / 1024:.1f} MB"  # noqa: E731
    print(
        f"  flood from {FLOOD_ADDRESS}    {flooding.seconds:.0f} s: {flooding.connections} connections opened, "
        f"{flooding.typed / 1e6:.1f} MB typed, {flooding.resizes} resizes, {flooding.env_requests} env requests"
    )
    print(
        f"  flood's cost         server {flooding.server_cpu / flooding.seconds * 100:.0f}% of a CPU over the "
        f"flood (class included), RSS {mb(flooding.server_rss_before_kb)} -> {mb(flooding.server_rss_after_kb)}"
    )
    print(
        f"  the flooding client  {time.process_time():.1f} CPU-s of its own on this machine (on a real network, "
        "the attacker's)"
    )
    for user, pss_kb in sorted(flooding.sessions_pss_kb.items()):
        cpu = flooding.sessions_cpu.get(user, 0)
        print(f"  flooding session     {user}: PSS {mb(pss_kb)}, {cpu:.1f} CPU-s in all")


def report_cycles(result: dict[str, object]) -> bool:
    fds: tuple[int, int] = result["fds"]  # type: ignore[assignment]
    rss: tuple[int, int] = result["rss_kb"]  # type: ignore[assignment]
    print(
        f"explainer serve, {result['count']} connect/disconnect cycles in {result['elapsed']:.0f} s "
        f"({result['failures']} failed)"
    )  # type: ignore[str-format]
    print(f"  processes left       {result['left']}")
    print(f"  server fds           {fds[0]} before, {fds[1]} after")
    print(f"  server RSS           {rss[0] / 1024:.1f} MB before, {rss[1] / 1024:.1f} MB after")
    return result["left"] == 0 and fds[1] <= fds[0] and result["failures"] == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50, help="concurrent terminal sessions (default: 50)")
    parser.add_argument(
        "--ramp",
        type=float,
        help="seconds over which they arrive (default: sessions / 5, five a second; 0: all at once)",
    )
    parser.add_argument("--keys", type=int, default=20, help="key presses per typist once all are up (default: 20)")
    parser.add_argument(
        "--typing", type=int, help="how many of the sessions type (default: all); they type from their first screen on"
    )
    parser.add_argument(
        "--trees",
        nargs="+",
        type=Path,
        metavar="TREE",
        help="checkouts to compare (say /work/wt-before and this tree): a server from each in turn, --rounds times",
    )
    parser.add_argument("--rounds", type=int, default=1, help="with --trees: runs of each version (default: 1)")
    parser.add_argument(
        "--warm",
        type=int,
        help="serve --warm N: sessions built ahead, for a version that has them (default: as many as --sessions)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60, help="seconds a session may take to reach its first screen"
    )
    parser.add_argument("--cycles", type=int, help="instead: this many connect/disconnect cycles, to look for leaks")
    parser.add_argument("--concurrency", type=int, default=10, help="with --cycles: sessions at once (default: 10)")
    parser.add_argument(
        "--port", type=int, help="use a server already running on this 127.0.0.1 port (needs --server-pid)"
    )
    parser.add_argument("--server-pid", type=int, help="its process id, for memory and leak readings")
    parser.add_argument(
        "--flood", type=float, default=0, metavar="SECONDS", help="meanwhile one other address floods the server"
    )
    parser.add_argument(
        "--flood-parts",
        default=",".join(FLOOD_PARTS),
        help=f"with --flood: which abuse, of {','.join(FLOOD_PARTS)} (default: all)",
    )
    parser.add_argument("--flood-only", type=float, help=argparse.SUPPRESS)  # the flooding process itself
    parser.add_argument("--server-log", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.port and not args.server_pid:
        parser.error("--port needs --server-pid")
    if args.flood_only:
        if args.server_log:
            SERVER_LOG[args.server_pid] = args.server_log
        flooding = Flood(until=time.perf_counter() + args.flood_only, parts=tuple(args.flood_parts.split(",")))
        asyncio.run(flood(args.port, args.server_pid, flooding))
        report_flood(flooding)
        return 0
    ramp = args.sessions / 5 if args.ramp is None else args.ramp
    if args.cycles:
        return 0 if run_once(args, None, ramp) else 1
    runs: dict[str, list[LoadFigures]] = {}
    for round_number in range(args.rounds):
        for tree in args.trees or [None]:
            if args.trees:
                print(f"\n[{tree}, round {round_number + 1} of {args.rounds}]")
            got = run_once(args, tree, ramp)
            assert isinstance(got, LoadFigures)
            runs.setdefault(str(tree.resolve()) if tree else "this venv", []).append(got)
    if args.trees or args.rounds > 1:
        print_comparison(runs)
    return 0 if all(f.served == f.sessions for figures in runs.values() for f in figures) else 1


def run_once(args: argparse.Namespace, tree: Path | None, ramp: float) -> LoadFigures | bool:
    """One server (from `tree`, or this venv's package), one class or one series of cycles."""
    with tempfile.TemporaryDirectory(prefix="ssh-load-") as temporary:
        process = None
        if args.port:
            port, server_pid = args.port, args.server_pid or 0
        else:
            # Room for the flooding address's few sessions too: the class size is the teacher's to set.
            class_size = max(args.sessions, args.concurrency + 1)
            warm = args.sessions if args.warm is None else args.warm
            extra = ["--warm", str(warm)] if has_warm(tree) else []
            process, port = start_server(Path(temporary), class_size + (5 if args.flood else 0), extra, tree=tree)
            server_pid = process.pid
            SERVER_LOG[server_pid] = Path(temporary) / "serve.log"
            if extra and warm:
                waited = asyncio.run(wait_for_standbys(server_pid, min(warm, class_size)))
                print(f"  ({min(warm, class_size)} standbys built and waiting {waited:.1f} s after the server started)")
        try:
            if args.cycles:
                return report_cycles(asyncio.run(cycles(port, server_pid, args.cycles, args.concurrency, args.timeout)))
            result = load(
                port,
                server_pid,
                args.sessions,
                ramp,
                args.keys,
                args.timeout,
                args.typing,
                args.flood,
                args.flood_parts,
            )
            return report_load(asyncio.run(result), args.sessions, ramp, args.keys)
        finally:
            if process is not None:
                process.send_signal(signal.SIGTERM)
                process.wait(30)


def has_warm(tree: Path | None) -> bool:
    """Whether this version's `explainer serve` can keep sessions built ahead (--warm)."""
    python = python_for(tree) if tree else sys.executable
    shown = subprocess.run(
        [python, "-m", "explainer", "serve", "--help"], capture_output=True, text=True, cwd="/"
    ).stdout  # in "/", as the server is started: never this directory's package
    return "--warm" in shown


def print_comparison(runs: dict[str, list[LoadFigures]]) -> None:
    """Each version's runs side by side: the median of its rounds for every figure."""
    rows = [
        ("served", lambda f: f"{f.served}/{f.sessions}"),
        ("load average before", lambda f: f"{f.load_before:.1f}"),
        ("first screen p50", lambda f: f"{f.first_p50:.2f} s"),
        ("first screen p95", lambda f: f"{f.first_p95:.2f} s"),
        ("session start CPU (fork to first screen)", lambda f: f"{f.start_cpu:.3f} CPU-s"),
        ("given a standby", lambda f: f"{f.pooled}/{f.served}"),
        ("standby build CPU (before the class)", lambda f: f"{f.build_cpu:.3f} CPU-s"),
        ("key echo p95 while arriving", lambda f: f"{f.arrival_echo_p95 * 1000:.0f} ms"),
        ("key echo p50 / p95, all in", lambda f: f"{f.echo_p50 * 1000:.0f} / {f.echo_p95 * 1000:.0f} ms"),
        ("PSS per session", lambda f: f"{f.pss_mb:.1f} MB"),
        ("server tree PSS", lambda f: f"{f.tree_gb:.2f} GB"),
    ]
    print("\nside by side (each cell: the median run of the rounds by first screen p95, then every round's)")
    for name, figures in runs.items():
        ordered = sorted(figures, key=lambda f: f.first_p95)
        median = ordered[len(ordered) // 2]
        print(f"  {name}")
        for label, show in rows:
            every = ", ".join(show(f) for f in figures)
            print(f"    {label:42} {show(median):>14}   ({every})")


if __name__ == "__main__":
    sys.exit(main())

"""A live quiz with a whole class connected: how fast a question and its reveal reach every screen.

    .venv/bin/python benchmarks/live_quiz.py --students 50 [--questions 5] [--watch 20] [--choose 3] [--teams N]
        [--tree DIR ...]

With `--tree`, each checkout named (e.g. the version before a change, then
this one) is measured in turn in the same run, on a server of its own.

It starts its own server on a free 127.0.0.1 port with a teachers file, opens
N student sessions (real SSH terminal sessions from an asyncssh client,
100x30, five arriving a second) and one teacher session with the teacher's key,
then reports:

- the class view's cost: the server process's CPU over `--watch` seconds with
  every student idle, first with no teacher connected, then with the teacher's
  class view open (the difference is what the class view costs the server), and
  the teacher's own session process over the same time;
- ask: once the teacher has taken `--choose` seconds over what to ask (the
  students' sessions make the live quiz's screen meanwhile; with `--teams`
  the teacher first presses `t` until the class is in that many teams), from writing the
  teacher's key (Enter in the setup for the first
  question, `n` for the next) to "question K of N" arriving on each student's
  screen; every student then answers (a letter and Enter);
- reveal: from the teacher's `r` to "The answer: …" (under the student's own
  result, above the explanation and the split) arriving on each student's screen.

The clients run on the same machine (their encryption counts against the
server): the figures are pessimistic. The load average is printed before and
after, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncssh
from ssh_client import SIZE, Terminal, open_terminal, start_server
from ssh_load import cpu_seconds, descendants, percentile

from explainer.classroom.teams import TEAM_COUNTS


async def everyone_sees(students: list[Terminal], marker: bytes, act) -> list[float]:  # type: ignore[no-untyped-def]
    """Seconds from the teacher's key (`act` presses it) to `marker` on each student's screen."""
    for student in students:
        student.screen.watch(marker)
    sent = time.perf_counter()
    act()
    return [await student.screen.wait() - sent for student in students]


async def run(port: int, server_pid: int, teacher_key: asyncssh.SSHKey, args: argparse.Namespace) -> dict:
    rng = random.Random(13)
    load_before = os.getloadavg()
    students: list[Terminal] = []
    for number in range(args.students):
        students.append(await open_terminal(port, f"student{number}", None))
        await asyncio.sleep(0.2)
    await asyncio.sleep(2)  # every first paint settled

    before = cpu_seconds(server_pid)
    await asyncio.sleep(args.watch)
    alone = (cpu_seconds(server_pid) - before) / args.watch

    teacher = await open_terminal(port, "teacher", teacher_key, f"{args.students} students connected".encode())
    teacher_pid = max(descendants(server_pid))  # the newest process below the server: the teacher's session
    await asyncio.sleep(2)
    before, before_teacher = cpu_seconds(server_pid), cpu_seconds(teacher_pid)
    await asyncio.sleep(args.watch)
    watched = (cpu_seconds(server_pid) - before) / args.watch
    teacher_cpu = (cpu_seconds(teacher_pid) - before_teacher) / args.watch

    sessions = [pid for pid in descendants(server_pid) if pid != teacher_pid]
    ready_cpu = sum(cpu_seconds(pid) for pid in sessions)
    teacher.screen.watch(b"Start a live quiz")
    teacher.press(b"l")
    await teacher.screen.wait()
    for _ in range(TEAM_COUNTS.index(args.teams)):  # a checkout without teams takes `t` for nothing
        teacher.press(b"t")
    for key in b"-" * 10 + b"+" * (args.questions - 1):  # from one question up to --questions
        teacher.press(bytes([key]))
    await asyncio.sleep(args.choose)  # the students' sessions make the live quiz's screen meanwhile
    ready_cpu = sum(cpu_seconds(pid) for pid in sessions) - ready_cpu
    asks, reveals = [], []
    quiz_cpu = sum(cpu_seconds(pid) for pid in sessions)
    server_cpu, client_cpu = cpu_seconds(server_pid), time.process_time()
    received = sum(student.screen.received for student in students)
    for number in range(1, args.questions + 1):
        marker = f"question {number} of {args.questions}".encode()
        key = b"\r" if number == 1 else b"n"
        asks += await everyone_sees(students, marker, lambda key=key: teacher.press(key))
        for student in students:
            student.press(rng.choice(b"abcd").to_bytes(1, "big") + b"\r")
        await asyncio.sleep(1.0)  # the answers are in
        reveals += await everyone_sees(students, b"The answer: ", lambda: teacher.press(b"r"))
        await asyncio.sleep(0.5)
    quiz_cpu = sum(cpu_seconds(pid) for pid in sessions) - quiz_cpu
    server_cpu, client_cpu = cpu_seconds(server_pid) - server_cpu, time.process_time() - client_cpu
    received = sum(student.screen.received for student in students) - received
    load_after = os.getloadavg()
    for terminal in [*students, teacher]:
        terminal.conn.close()
    return {
        "asks": asks,
        "reveals": reveals,
        "alone": alone,
        "watched": watched,
        "teacher_cpu": teacher_cpu,
        "quiz_cpu": quiz_cpu,
        "ready_cpu": ready_cpu,
        "server_cpu": server_cpu,
        "client_cpu": client_cpu,
        "received": received,
        "load": (load_before, load_after),
    }


def report(result: dict, args: argparse.Namespace) -> bool:
    asks, reveals = result["asks"], result["reveals"]
    (before, after) = result["load"]
    print(
        f"live quiz: {args.students} students, {args.questions} questions, {args.teams or 'no'} teams, "
        f"{SIZE[0]}x{SIZE[1]}, {os.cpu_count()} CPUs "
        f"(load average {before[0]:.1f} before, {after[0]:.1f} after)"
    )
    cost = result["watched"] - result["alone"]
    print(
        f"  class view cost      server {100 * result['alone']:.1f}% of a core without a teacher, "
        f"{100 * result['watched']:.1f}% with the class view open: {100 * cost:+.1f}%; "
        f"the teacher's session {100 * result['teacher_cpu']:.1f}%"
    )
    first, later = asks[: args.students], asks[args.students :]
    for name, values in (
        ("ask", asks),
        ("  the first (screen up)", first),
        ("  the others", later),
        ("reveal", reveals),
    ):
        if not values:
            continue
        print(
            f"  {name:<24} p50 {percentile(values, 50):.2f} s   p95 {percentile(values, 95):.2f} s   "
            f"max {max(values):.2f} s   ({len(values)} screens)"
        )
    per_screen = result["quiz_cpu"] / max(1, len(asks) + len(reveals))
    print(
        f"  CPU per screen       {1000 * per_screen:.0f} ms in the students' sessions for each question or reveal "
        f"(all {args.students} of them: {args.students * per_screen:.2f} CPU-s on {os.cpu_count()} cores)"
    )
    steps = max(1, len(asks) + len(reveals))
    print(
        f"  screen made ready    {1000 * result['ready_cpu'] / args.students:.0f} ms in each student's session "
        f"while the teacher chose ({args.choose:.0f} s)"
    )
    print(
        f"  and besides          the server's own process {1000 * result['server_cpu'] / steps:.1f} ms, this "
        f"benchmark's SSH clients {1000 * result['client_cpu'] / steps:.1f} ms, each screen sent "
        f"{result['received'] / steps / 1024:.1f} KB (answering included)"
    )
    ok = percentile(asks, 95) <= 1.0 and percentile(reveals, 95) <= 1.0 and cost <= 0.05
    print(f"  target               ask and reveal p95 <= 1 s, class view <= 5% of a core: {'met' if ok else 'NOT met'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=50, help="student sessions (default: 50)")
    parser.add_argument("--questions", type=int, default=5, help="questions asked (default: 5)")
    parser.add_argument("--watch", type=float, default=20, help="seconds the class view's cost is measured over")
    parser.add_argument(
        "--choose", type=float, default=3, help="seconds the teacher takes to choose the quiz (default: 3)"
    )
    parser.add_argument(
        "--teams", type=int, default=0, choices=TEAM_COUNTS, help="teams the class plays in (default: 0, none)"
    )
    parser.add_argument(
        "--tree", type=Path, action="append", help="a checkout to measure instead of this one (repeat: each in turn)"
    )
    args = parser.parse_args()
    ok = True
    for tree in args.tree or [None]:
        if tree is not None:
            print(f"{tree} ({_commit(tree)})")
        ok = measure(args, tree) and ok
    return 0 if ok else 1


def measure(args: argparse.Namespace, tree: Path | None) -> bool:
    with tempfile.TemporaryDirectory(prefix="live-quiz-") as temporary:
        folder = Path(temporary)
        key = asyncssh.generate_private_key("ssh-ed25519", comment="bench-teacher")
        teachers = folder / "teachers"
        teachers.write_bytes(key.export_public_key())
        process, port = start_server(folder, args.students + 1, extra=["--teachers", str(teachers)], tree=tree)
        try:
            return report(asyncio.run(run(port, process.pid, key, args)), args)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(30)


def _commit(tree: Path) -> str:
    done = subprocess.run(["git", "-C", str(tree), "log", "-1", "--format=%h %s"], capture_output=True, text=True)
    return done.stdout.strip()[:70] or "not a git checkout"


if __name__ == "__main__":
    sys.exit(main())

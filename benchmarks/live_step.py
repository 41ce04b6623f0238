"""One student's session through a live quiz: the CPU each step costs it, alone on the machine.

    .venv/bin/python benchmarks/live_step.py [--quizzes 3] [--questions 5] [--tree DIR ...]

`live_quiz.py` times fifty sessions at once, which is what the target is about,
but its figures move with the load and with the questions the teacher's menu
happens to draw. This one measures what those fifty must share: one session
of the real app on a 100x30 pseudo-terminal, linked to a real class hub in
this process, which plays the teacher. The same questions every run (seeded
plans of the whole pack, every question type), each answered in full with the
quiz's keys as a student would; for every step the session's CPU (all its
threads, from /proc's schedstat) from the hub's message (or the student's key)
until its screen has been quiet for 0.4 s, and the bytes it painted.
Steps: prepare ("about to start"), ask, answer, reveal, end.

`--tree DIR` (repeatable) runs the session from each checkout in turn, in the
same run (`ssh_client.python_for`): before and after a change. The hub and the
plan are this checkout's. Print `uptime` before and after: on a shared machine
the CPU per step rises with the load (caches, switches), a little.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import os
import pty
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pty_app import visible_text  # noqa: E402
from ssh_client import SIZE, python_for  # noqa: E402

STEPS = ("prepare", "ask", "answer", "reveal", "end")
QUIET = 0.4  # seconds without output: the step is painted


def session_cpu_ms(pid: int) -> float:
    """CPU time so far of every thread of `pid`, in ms (schedstat counts nanoseconds, not clock ticks)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError, ValueError, IndexError):  # a thread that has just ended
            total += int(Path(f"/proc/{pid}/task/{task}/schedstat").read_text().split()[0])
    return total / 1e6


class Terminal:
    """The session's screen as bytes read from the pty's master side."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.output = bytearray()
        self.mark = 0
        self.last = time.monotonic()
        self.changed = asyncio.Event()
        asyncio.get_running_loop().add_reader(master, self._read)

    def _read(self) -> None:
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:
            data = b""
        if data:
            self.output += data
            self.last = time.monotonic()
            self.changed.set()

    def seen(self) -> str:
        return visible_text(bytes(self.output[self.mark :]))

    async def until(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"never happened: {what}; the screen last showed:\n{self.seen()[-2000:]}")
            self.changed.clear()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), 0.05)

    async def quiet(self) -> None:
        while (idle := time.monotonic() - self.last) < QUIET:
            await asyncio.sleep(QUIET - idle + 0.01)


def answer_keys(item) -> bytes:  # type: ignore[no-untyped-def]
    """A whole answer with the quiz's keys: a letter; a word and Enter; a letter for every slot, then Enter."""
    if item.type in ("choice", "true_false"):
        return b"b"
    if item.type == "typed":
        return b"kim\r"
    return bytes(b"abcdefgh"[i] for i in range(len(item.solution))) + b"\r"


async def measure(python: str, args: argparse.Namespace) -> dict[str, list[tuple[str, float, int]]]:
    """(question type, CPU ms, bytes) of every step, by step."""
    from explainer.classroom.hub import ClassHub
    from explainer.classroom.link import connect_fd
    from explainer.classroom.live import live_item, plan
    from explainer.locations import default_content_dir
    from explainer.pack.load import load_pack

    pack = load_pack(default_content_dir())
    hub = ClassHub()
    heard: list[dict] = []
    teacher = await connect_fd(await hub.open_link("teacher", "teacher"), heard.append, lambda: None)
    link = await hub.open_link("student", "student")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES", "TEXTUAL")}
    env["TERM"] = "xterm-256color"
    data = tempfile.mkdtemp(prefix="live-step-")
    session = subprocess.Popen(
        [python, str(Path(__file__).resolve()), "--session", str(link), "--data-dir", data],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, pass_fds=(link,),
    )  # fmt: skip
    os.close(slave)
    os.close(link)
    screen = Terminal(master)
    steps: dict[str, list[tuple[str, float, int]]] = {step: [] for step in STEPS}
    try:
        await screen.until(lambda: "Walkthrough" in screen.seen(), "the home screen")
        await screen.until(lambda: any(s.where for s in hub.students), "the session's first word to the hub")
        await asyncio.sleep(1.0)  # the first paint and all it started, settled

        async def step(name: str, kind: str, act: Callable[[], object], done: Callable[[], bool]) -> None:
            await screen.quiet()
            screen.mark = len(screen.output)
            before = session_cpu_ms(session.pid)
            act()
            await screen.until(done, name)
            await screen.quiet()
            steps[name].append((kind, session_cpu_ms(session.pid) - before, len(screen.output) - screen.mark))

        q = 0
        for quiz in range(args.quizzes):
            keys = plan(pack, count=args.questions, seed=quiz + 1)
            await step("prepare", "", lambda: teacher.send({"t": "prepare"}), lambda: "about to start" in screen.seen())
            for number, key in enumerate(keys, start=1):
                q += 1
                item = live_item(pack, key, q)
                assert item is not None
                ask = {"t": "ask", "q": q, "key": key, "seed": q, "number": number, "total": len(keys)}
                shown = f"question {number} of {len(keys)}"
                await step("ask", item.type, lambda ask=ask: teacher.send(ask), lambda s=shown: s in screen.seen())
                recorded = lambda q=q: any(m["t"] == "answered" and m["q"] == q and m["answered"] for m in heard)  # noqa: E731
                await step("answer", item.type, lambda i=item: os.write(master, answer_keys(i)), recorded)
                revealed = lambda: "The answer:" in screen.seen()  # noqa: E731
                await step("reveal", item.type, lambda q=q: teacher.send({"t": "reveal", "q": q}), revealed)
            await step("end", "", lambda: teacher.send({"t": "end"}), lambda: "Your score" in screen.seen())
            os.write(master, b"\r")  # back to where the student was
    finally:
        os.killpg(session.pid, signal.SIGTERM)
        session.wait(10)
        asyncio.get_running_loop().remove_reader(master)
        os.close(master)
        hub.close()
    return steps


def report(steps: dict[str, list[tuple[str, float, int]]]) -> None:
    for name, measured in steps.items():
        cpu = [ms for _, ms, _ in measured]
        sent = statistics.median(size for _, _, size in measured) / 1024
        by_type = {}
        for kind in sorted({kind for kind, _, _ in measured if kind}):
            by_type[kind] = statistics.median(ms for k, ms, _ in measured if k == kind)
        kinds = "  ".join(f"{kind} {ms:.0f}" for kind, ms in by_type.items())
        print(
            f"  {name:<8} CPU median {statistics.median(cpu):5.1f} ms  max {max(cpu):5.1f} ms  "
            f"painted {sent:4.1f} KB  ({len(cpu)} steps){'   by type: ' + kinds if kinds else ''}"
        )


def session(link: int, data_dir: str) -> None:
    """The student's session: the real app, linked to the hub by `link` (run in the tree's interpreter)."""
    from explainer.locations import default_content_dir
    from explainer.pack.load import load_pack
    from explainer.settings import Settings
    from explainer.tui.app import make_app

    content = default_content_dir()
    settings = Settings(content_dir=content, data_dir=Path(data_dir), user="student", served=True, class_fd=link)
    make_app(settings, load_pack(content)).run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quizzes", type=int, default=3, help="live quizzes one after another (default: 3)")
    parser.add_argument("--questions", type=int, default=5, help="questions in each (default: 5)")
    parser.add_argument("--tree", type=Path, action="append", help="a checkout to measure (repeat: each in turn)")
    parser.add_argument("--session", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.session is not None:
        session(args.session, args.data_dir)
        return 0
    load = os.getloadavg()
    print(f"live quiz, one student's session, {SIZE[0]}x{SIZE[1]} (load average {load[0]:.1f})")
    for tree in args.tree or [None]:
        done = subprocess.run(["git", "-C", str(tree or HERE), "log", "-1", "--format=%h %s"], capture_output=True)
        print(f"{tree or 'this checkout'} ({done.stdout.decode().strip()[:60]})")
        report(asyncio.run(measure(python_for(tree) if tree else sys.executable, args)))
    print(f"(load average {os.getloadavg()[0]:.1f} after)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

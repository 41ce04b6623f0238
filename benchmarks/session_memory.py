"""Where a served session's private memory goes: the pages of the fork server it writes to, and why.

    .venv/bin/python benchmarks/session_memory.py [--sessions 4] [--upto fork|store|screen] [--settle 1]

Warms a process exactly as the fork server does (`forkserver._warm_up`, then `gc.freeze`), forks one child that
never runs again (the twin: the fork server's memory as every session inherits it), then forks `--sessions`
sessions on 100x30 pseudo-terminals as the fork server would (`run_session`, with the student's progress store
opened first), each up to its first screen and `--settle` seconds more (or only up to the fork, or the store
opened: `--upto`). It then reads their /proc/PID/smaps_rollup (PSS, private) and compares the first session's
memory with the twin's, page by page, over every anonymous mapping they share: how many pages differ, how many
of each page's 512 words changed, how many of those pages changed only inside code objects (where CPython 3.11's
specialising interpreter keeps its counters and caches), and, for words that look like a reference count (small,
changed by a little, followed by a known type's address), whose they are. Run it with another interpreter's
venv to compare (the package installed there with `pip install -e .`). It prints numbers; it tests nothing.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import contextlib
import fcntl
import gc
import os
import pty
import select
import signal
import struct
import sys
import tempfile
import termios
import time
import types
from collections.abc import Iterator
from pathlib import Path

PAGE = 4096
WORD = 8


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=4, help="sessions forked (default: 4)")
    parser.add_argument("--upto", choices=("fork", "store", "screen"), default="screen", help="how far each goes")
    parser.add_argument("--settle", type=float, default=1.0, help="seconds after the first screen (default: 1)")
    parser.add_argument(
        "--rehearsals", type=int, default=1, help="first screens the fork server shows before forking (default: 1)"
    )
    args = parser.parse_args(argv)
    children: list[int] = []  # every process forked here: killed and reaped however this run ends
    for ending in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(ending, _leave)
    try:
        _measure(args, children)
    except BrokenPipeError:  # `| head`: whoever reads has gone; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        _end(children)
    return 0


def _leave(signum: int, _frame: object) -> None:
    """Killed (SIGTERM, a closed terminal): through the `finally` that ends the children."""
    raise SystemExit(128 + signum)


def _end(children: list[int]) -> None:
    """Every child killed, with its process group (a session is a group of its own), and reaped."""
    for pid in children:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _measure(args: argparse.Namespace, children: list[int]) -> None:
    gc.disable()
    from explainer.locations import default_content_dir
    from explainer.serve import forkserver

    content = default_content_dir()
    started = time.perf_counter()
    pack = forkserver._warm_up(content)
    for _ in range(args.rehearsals - 1):
        forkserver._rehearse(content, pack)
    gc.freeze()
    print(f"Python {sys.version.split()[0]}; fork server warmed in {time.perf_counter() - started:.1f} s")

    twin = _fork(children)
    if twin == 0:
        while True:
            signal.pause()
    data = Path(tempfile.mkdtemp(prefix="session-memory-"))
    sessions = [_fork_session(number, content, data, pack, args.upto, children) for number in range(args.sessions)]
    time.sleep(args.settle)
    for _, master in sessions:
        _drain(master)

    pss = [_rollup(pid) for pid, _ in sessions]
    print(
        f"{len(sessions)} sessions up to {args.upto}: PSS {_mean(p['Pss'] for p in pss):.1f} MB, private "
        f"{_mean(p['Private_Dirty'] + p['Private_Clean'] for p in pss):.1f} MB each "
        f"(PSS shares the fork server's pages among {len(sessions) + 2} processes here)"
    )
    _compare(twin, sessions[0][0])


def _fork(children: list[int]) -> int:
    """os.fork(), the child noted at once; in the child, the signals as they were before this run's."""
    pid = os.fork()
    if pid:
        children.append(pid)
    else:
        for ending in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(ending, signal.SIG_DFL)
    return pid


def _fork_session(number: int, content: Path, data: Path, pack, upto: str, children: list[int]) -> tuple[int, int]:
    """A session on a pty of its own, as the fork server forks one; returned once it is as far as `upto`."""
    from explainer.serve.child import run_session
    from explainer.serve.terminal import take_controlling_terminal
    from explainer.settings import Settings

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    ready, ready_write = os.pipe()
    pid = _fork(children)
    if pid == 0:
        code = 1
        try:  # whatever happens here, never back into the parent's code
            os.close(master)
            os.close(ready)
            os.setsid()
            take_controlling_terminal(slave)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.environ.clear()
            os.environ.update({"TERM": "xterm-256color", "LANG": "C.UTF-8"})
            settings = Settings(content_dir=content, data_dir=data, user=f"student-{number}", served=True)
            store = settings.open_store(pack.id) if upto != "fork" else None
            if upto != "screen":
                os.write(ready_write, b"up")
                while True:
                    signal.pause()
            code = run_session(settings, pack, 0, first_screen=lambda: os.write(ready_write, b"up"), store=store)
        finally:
            os._exit(code)
    os.close(slave)
    os.close(ready_write)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        readable, _, _ = select.select([master, ready], [], [], 0.5)
        if master in readable:
            _drain(master)
        if ready in readable:
            break
    os.close(ready)
    return pid, master


def _drain(master: int) -> None:
    while select.select([master], [], [], 0)[0]:
        try:
            if not os.read(master, 1 << 16):
                return
        except OSError:
            return


def _rollup(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        fields[name] = int(rest.split()[0])
    return fields


def _mean(values: Iterator[int]) -> float:
    listed = list(values)
    return sum(listed) / len(listed) / 1024


def _anonymous(pid: int) -> dict[str, tuple[int, int]]:
    """Every anonymous mapping (the malloc heap, pymalloc's arenas, mmap'd blocks) of a process, by name and start."""
    found = {}
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        parts = line.split()
        name = parts[5] if len(parts) > 5 else ""
        if not name or name == "[heap]":
            start, end = (int(x, 16) for x in parts[0].split("-"))
            found[f"{name}{start:x}"] = (start, end)
    return found


def _compare(twin: int, session: int) -> None:
    """The session's anonymous pages against the twin's: which differ, by how much, and in what."""
    theirs, ours = _anonymous(twin), _anonymous(session)
    changed: list[tuple[int, list[int]]] = []  # (page, changed word offsets)
    total = 0
    with open(f"/proc/{twin}/mem", "rb", 0) as twin_memory, open(f"/proc/{session}/mem", "rb", 0) as memory:
        for key, (start, end) in ours.items():
            if key not in theirs:
                continue  # mapped after the fork: all the session's own
            for page in range(start, min(end, theirs[key][1]), PAGE):
                before, after = _read(twin_memory, page), _read(memory, page)
                if before is None or after is None:
                    continue
                total += 1
                if before != after:
                    words = [i for i in range(0, PAGE, WORD) if before[i : i + WORD] != after[i : i + WORD]]
                    changed.append((page, words))
        print(f"pages inherited from the fork server: {total} ({total * PAGE / 2**20:.1f} MB), written by the session:")
        print(f"  {len(changed)} pages ({len(changed) * PAGE / 2**20:.1f} MB), by how many of their 512 words changed:")
        buckets = collections.Counter(next(b for b in (1, 2, 4, 8, 16, 32, 64, 512) if len(w) <= b) for _, w in changed)
        for bucket in sorted(buckets):
            print(f"    at most {bucket:3d}: {buckets[bucket]:5d} pages ({buckets[bucket] * PAGE / 2**20:.2f} MB)")
        in_code = _code_objects()
        only_code = sum(1 for page, words in changed if all(in_code(page + w) for w in words))
        some_code = sum(1 for page, words in changed if any(in_code(page + w) for w in words)) - only_code
        print(
            f"  changed only inside code objects: {only_code} pages ({only_code * PAGE / 2**20:.1f} MB); "
            f"partly: {some_code} pages"
        )
        owners = _reference_counts(twin_memory, memory, changed)
        print("  words that look like reference counts, by their object's type (objects; pages):")
        for name, (objects, pages) in sorted(owners.items(), key=lambda item: -len(item[1][1]))[:12]:
            print(f"    {name:24s} {objects:6d}; {len(pages):5d}")


def _read(memory, address: int, size: int = PAGE) -> bytes | None:
    try:
        memory.seek(address)
        return memory.read(size)
    except OSError:
        return None


def _code_objects():
    """A test: is this address inside one of this process's code objects (the same addresses as the twin's)?"""
    gc.unfreeze()  # this process only: the twin keeps the frozen heap
    sizes: dict[int, int] = {}

    def add(code: types.CodeType) -> None:
        if id(code) not in sizes:
            sizes[id(code)] = sys.getsizeof(code)
            for constant in code.co_consts:
                if isinstance(constant, types.CodeType):
                    add(constant)

    for thing in gc.get_objects():
        function = getattr(thing, "__func__", thing)
        if isinstance(function, types.FunctionType):
            add(function.__code__)
    starts = sorted(sizes)
    ends = [start + sizes[start] for start in starts]

    def inside(address: int) -> bool:
        i = bisect.bisect_right(starts, address) - 1
        return i >= 0 and address < ends[i]

    return inside


def _reference_counts(twin_memory, memory, changed) -> dict[str, tuple[int, set[int]]]:
    """For each changed word that looks like a reference count, the type its object has: objects, pages."""
    types_at: dict[int, type] = {}
    stack: list[type] = [object]
    while stack:
        kind = stack.pop()
        if id(kind) not in types_at:
            types_at[id(kind)] = kind
            stack.extend(type.__subclasses__(kind))
    owners: dict[str, tuple[int, set[int]]] = {}
    for page, words in changed:
        before, after = _read(twin_memory, page, PAGE + WORD), _read(memory, page)
        if before is None or after is None:
            continue
        for offset in words:
            old = int.from_bytes(before[offset : offset + WORD], "little")
            new = int.from_bytes(after[offset : offset + WORD], "little")
            kind = types_at.get(int.from_bytes(before[offset + WORD : offset + 2 * WORD], "little"))
            if kind is not None and old < 1 << 32 and abs(new - old) < 100_000:
                objects, pages = owners.get(kind.__name__, (0, set()))
                owners[kind.__name__] = (objects + 1, pages | {page})
    return owners


if __name__ == "__main__":
    raise SystemExit(main())

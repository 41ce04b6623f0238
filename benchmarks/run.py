"""Measure every speed target in SPEC.md and print one table.

    .venv/bin/python benchmarks/run.py [--runs 21] [--copies 100]

Launch and key-to-paint are timed on a real 100x30 pseudo-terminal, from the
moment the program is started (or the key is written) to the moment the text a
student needs has been painted. Launch is compared with a minimal Textual app
showing one Markdown page (`minimal_app.py`), started alternately in the same
run, because only the ratio is comparable between machines. Search and
`explainer check` are timed on the pack and on a generated pack 100 times
larger (`big_pack.py`). Nothing here is a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from big_pack import generate  # noqa: E402
from minimal_app import FIRST, LAST  # noqa: E402
from pty_app import PtyApp  # noqa: E402

import explainer  # noqa: E402
from explainer.locations import default_content_dir  # noqa: E402
from explainer.pack.load import load_pack, read_pack  # noqa: E402
from explainer.pack.model import Pack  # noqa: E402
from explainer.pack.search import SearchIndex  # noqa: E402

SIZE = (100, 30)
# What students type into the palette: words, names, phrases, typos, and one
# query typed a letter at a time (the palette searches on every key).
QUERIES = [
    "sanctions",
    "new start",
    "nuclear",
    "kim jong un",
    "putin",
    "trump putin phone call",
    "denuclearization",
    "apec",
    "vietnam",
    "missile test",
    "treaty",
    "sanctoins",
    "nucelar weapons",
    "un",
    "china arsenal",
    "why is trump meeting putin",
    "what did they agree",
    "csis",
    "icbm",
    "seoul",
    "xyzzy",
    *("nonproliferation"[:n] for n in range(1, 17)),
]


@dataclass
class Row:
    what: str
    figure: str
    target: str = ""
    verdict: str = ""


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def explainer_argv(content: Path, data: Path) -> list[str]:
    return [sys.executable, "-m", "explainer", "--content", str(content), "--data-dir", str(data)]


def first_screen(pack: Pack) -> tuple[str, ...]:
    """The home screen is readable once the title and the way in are painted."""
    return (pack.title, "Walkthrough")


def section_painted(pack: Pack, index: int) -> tuple[str, ...]:
    """A section is painted once its numbered question and the start of its short answer are."""
    section = pack.sections[index]
    n = len(pack.sections)
    question = " ".join(section.question.split())
    answer = re.sub(r"\]\([^)]*\)|[\[\]*_`]", "", pack.links.section(section.id).short_answer)
    return (f"{index + 1}/{n}  {question[:30]}", " ".join(answer.split()[:3]))


# ---------------------------------------------------------------- launch


def measure_launch(pack: Pack, content: Path, runs: int, work: Path) -> dict[str, list]:
    """Launch times, alternately: the explainer as on every start but the first (its pack cached in the
    data dir), the explainer on its first start (nothing cached), and the minimal app; and the minimal app's memory."""
    times: dict[str, list] = {"warm": [], "cold": [], "minimal": [], "minimal memory": []}
    warm = explainer_argv(content, work / "launch")
    with PtyApp(warm, SIZE) as app:  # the first start, not counted: it caches the pack, and the CSS once it is up
        app.wait_for(*first_screen(pack))
        app.settle()
    for run in range(runs):
        with PtyApp(warm, SIZE) as app:
            times["warm"].append(app.wait_for(*first_screen(pack)) - app.started)
        with PtyApp([sys.executable, str(HERE / "minimal_app.py")], SIZE) as app:
            times["minimal"].append(app.wait_for(FIRST, LAST) - app.started)
            app.settle()
            times["minimal memory"].append(app.rss_kib())
        with PtyApp(explainer_argv(content, work / f"cold-{run}"), SIZE) as app:
            times["cold"].append(app.wait_for(*first_screen(pack)) - app.started)
    return times


# ---------------------------------------------------------------- keys and memory


def measure_keys(
    pack: Pack, content: Path, work: Path, rounds: int
) -> tuple[list[float], tuple[int, int], tuple[int, int]]:
    """Key press to the next (or previous) section painted, walking the whole walkthrough `rounds` times."""
    latencies: list[float] = []
    with PtyApp(explainer_argv(content, work / "keys"), SIZE) as app:
        app.wait_for(*first_screen(pack))
        app.settle()
        launched = app.rss_kib()
        app.press(b"\r")  # the first way in, Walkthrough, is highlighted
        app.wait_for(*section_painted(pack, 0))
        last = len(pack.sections) - 1
        walk = [(b"n", i) for i in range(1, last + 1)] + [(b"p", i) for i in range(last - 1, -1, -1)]
        for _ in range(rounds):
            for key, index in walk:
                app.settle(quiet=0.15)
                sent = app.press(key)
                latencies.append(app.wait_for(*section_painted(pack, index)) - sent)
        for key, text in (
            (b"g", "Used in"),
            (b"t", "Read more"),  # the timeline: its links heading
            (b"v", "Perspectives"),
            (b"h", "Walkthrough"),
        ):
            app.settle(quiet=0.15)
            app.press(key)
            app.wait_for(text)
        app.settle()
        used = app.rss_kib()
    return latencies, launched, used


# ---------------------------------------------------------------- search and check


def time_queries(index: SearchIndex, queries: Sequence[str], repeat: int = 5) -> list[float]:
    """Each query's median time over `repeat` runs."""
    times = []
    for query in queries:
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            index.search(query)
            runs.append(time.perf_counter() - start)
        times.append(median(runs))
    return times


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def time_check(
    directory: Path, repeat: int, data: Path, *, fresh: bool = False
) -> tuple[list[float], list[float], str]:
    """`explainer check DIR` as a subprocess: wall times, CPU times (user + system), and its summary line. Its
    data dir is `data`, where the scans of the pack's texts are kept between checks (pack/scan_cache.py), as a
    teacher's checks after each edit find them; `fresh`: a new, empty one each time (nothing kept)."""
    walls, cpus, summary = [], [], ""
    for run in range(repeat):
        data_dir = data / f"fresh-{run}" if fresh else data
        before = _children_cpu()
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "explainer", "--data-dir", str(data_dir), "check", str(directory)],
            capture_output=True,
            text=True,
        )
        walls.append(time.perf_counter() - start)
        cpus.append(_children_cpu() - before)
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else f"exit {result.returncode}"
    return walls, cpus, summary


def check_rows(
    content: Path, work: Path, big: Path | None = None, big_reads: Sequence[float] = (), copies: int = 0
) -> list[Row]:
    """`explainer check` on the pack, kept scans and none (and on the big pack, if given), and `read_pack`."""
    rows = []
    time_check(content, 1, work / "check-data")  # the scans kept, as after an author's first check
    walls, cpus, summary = time_check(content, 9, work / "check-data")
    firsts, _, _ = time_check(content, 5, work / "check-first", fresh=True)
    small_reads = timed(lambda: read_pack(content), 9)
    rows.append(
        Row(
            "explainer check, pack (subprocess, median wall)",
            ms(median(walls)),
            "<= 200 ms",
            verdict(median(walls) <= 0.200),
        )
    )
    rows.append(Row("explainer check, pack (subprocess, median CPU)", ms(median(cpus)), summary))
    rows.append(Row("explainer check, pack, first check, nothing kept (median wall)", ms(median(firsts))))
    rows.append(Row("read_pack, pack (in-process, median)", ms(median(small_reads))))
    if big is not None:
        big_walls, big_cpus, big_summary = time_check(big, 3, work / "check-data")
        rows.append(
            Row(f"explainer check, {copies}x pack (subprocess, median wall)", ms(median(big_walls)), big_summary)
        )
        rows.append(Row(f"explainer check, {copies}x pack (subprocess, median CPU)", ms(median(big_cpus))))
        rows.append(Row(f"read_pack, {copies}x pack (in-process, median)", ms(median(big_reads))))
    return rows


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- report


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    import textual

    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs, {cpu}; Python {platform.python_version()}; Textual {textual.__version__}; "
        f"{platform.system()} {platform.release()}; load average at the end {load}"
    )


def print_table(rows: list[Row]) -> None:
    widths = [max(len(getattr(r, f)) for r in rows) for f in ("what", "figure", "target", "verdict")]
    widths = [max(w, len(h)) for w, h in zip(widths, ("what", "figure", "target", ""), strict=True)]
    header = ("what", "figure", "target", "")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(
            "  ".join(v.ljust(w) for v, w in zip((r.what, r.figure, r.target, r.verdict), widths, strict=True)).rstrip()
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure explainer's speed targets (SPEC.md) and print a table.")
    parser.add_argument(
        "--runs", type=int, default=21, help="launches of each app (default: 21; the machine's noise needs them)"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="walks through every section and back, for key-to-paint (default: 2)"
    )
    parser.add_argument(
        "--copies", type=int, default=100, help="how many times larger the generated pack is (default: 100)"
    )
    parser.add_argument(
        "--content", type=Path, default=default_content_dir(), help="the pack (default: the built-in one)"
    )
    parser.add_argument("--only-check", action="store_true", help="measure `explainer check` only")
    args = parser.parse_args(argv)
    # As installed (pip compiles every module): a source compiled afresh on each start,
    # as under PYTHONDONTWRITEBYTECODE, would be timed too.
    compileall.compile_dir(Path(explainer.__file__).parent, quiet=1)
    content = args.content.resolve()
    pack = load_pack(content)
    rows: list[Row] = []
    say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    with tempfile.TemporaryDirectory(prefix="explainer-bench-") as tmp:
        work = Path(tmp)
        if args.only_check:  # the check's figures alone, in seconds
            rows += check_rows(content, work)
            print_table(rows)
            return 0

        say(f"launch: {args.runs} runs of each app on a {SIZE[0]}x{SIZE[1]} pseudo-terminal…")
        launch = measure_launch(pack, content, args.runs, work)
        ours, cold, minimal = launch["warm"], launch["cold"], launch["minimal"]
        ratio = median(ours) / median(minimal)
        rows.append(
            Row(
                "launch to first screen, explainer (median)",
                ms(median(ours)),
                f"{args.runs} runs, min {ms(min(ours))}; pack cached",
            )
        )
        rows.append(
            Row(
                "launch, explainer's very first start (median)",
                ms(median(cold)),
                f"{args.runs} runs, min {ms(min(cold))}; nothing cached",
            )
        )
        rows.append(
            Row(
                "launch, minimal Markdown app (median)",
                ms(median(minimal)),
                f"{args.runs} runs, min {ms(min(minimal))}",
            )
        )
        rows.append(Row("launch ratio explainer / minimal", f"{ratio:.2f}x", "<= 1.2x", verdict(ratio <= 1.2)))
        rows.append(Row("launch ratio, very first start / minimal", f"{median(cold) / median(minimal):.2f}x"))

        say("key press to next section painted…")
        keys, launched, used = measure_keys(pack, content, work, args.rounds)
        rows.append(Row("key to next section painted (median)", ms(median(keys)), f"{len(keys)} presses"))
        rows.append(Row("key to next section painted (p95)", ms(p95(keys)), "<= 50 ms", verdict(p95(keys) <= 0.050)))
        rows.append(Row("key to next section painted (max)", ms(max(keys))))

        say("search…")
        index = SearchIndex(pack)
        built = median(timed(lambda: SearchIndex(pack), 5))
        small = time_queries(index, QUERIES)
        rows.append(Row("search index build, pack", ms(built)))
        rows.append(Row(f"search per query, pack (median of {len(QUERIES)})", ms(median(small))))
        rows.append(
            Row("search per query, pack (slowest query)", ms(max(small)), "<= 5 ms", verdict(max(small) <= 0.005))
        )

        say(f"generating a pack {args.copies}x larger…")
        big = generate(content, work / "big-pack", args.copies)
        big_reads = timed(lambda: read_pack(big), 3)
        big_pack, problems = read_pack(big)
        assert big_pack is not None and not problems, problems[:5]
        big_index = SearchIndex(big_pack)
        big_built = median(timed(lambda: SearchIndex(big_pack), 3))
        large = time_queries(big_index, QUERIES, repeat=3)
        rows.append(Row(f"search index build, {args.copies}x pack", ms(big_built)))
        rows.append(Row(f"search per query, {args.copies}x pack (median)", ms(median(large))))
        rows.append(
            Row(
                f"search per query, {args.copies}x pack (slowest query)",
                ms(max(large)),
                "<= 50 ms",
                verdict(max(large) <= 0.050),
            )
        )

        say("explainer check…")
        rows += check_rows(content, work, big, big_reads, args.copies)
        rows.append(Row("memory, explainer after launch (VmRSS)", f"{launched[0] / 1024:.1f} MiB"))
        rows.append(
            Row(
                "memory, explainer after every section and screen",
                f"{used[0] / 1024:.1f} MiB",
                f"peak {used[1] / 1024:.1f} MiB",
            )
        )
        rows.append(
            Row(
                "memory, minimal Markdown app (VmRSS)",
                f"{median([m[0] for m in launch['minimal memory']]) / 1024:.1f} MiB",
            )
        )

    print(f"explainer benchmarks — {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"machine: {machine()}")
    print()
    print_table(rows)
    if (HERE / "ssh_load.py").exists():
        print("\nThe SSH target (50 concurrent sessions) is measured separately: python benchmarks/ssh_load.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())

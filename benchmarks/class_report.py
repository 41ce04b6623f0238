"""What the teacher's report costs over a class: reading every store read-only, then each view's figures.

    .venv/bin/python benchmarks/class_report.py [--students 50] [--answers 60] [--runs 15]

Makes a data dir of N students (each a real ProgressStore on the built-in pack, answering the pack's own
questions, a quarter of them wrongly), then times, per run: `read_class` (every store opened `mode=ro`),
`student_rows`, `question_rows` and `section_grid`. Prints medians in milliseconds, CPU time, and what a
refresh every 2 seconds would take of one core. Also one old (schema 2) store copied into memory to be read.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from explainer.locations import default_content_dir
from explainer.pack.load import load_pack
from explainer.progress.records import Given, read_class
from explainer.progress.store import ProgressStore
from explainer.quiz.report import question_rows, section_grid, student_rows

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "stores" / "v2-afd808e"


def make_class(data: Path, students: int, answers: int) -> None:
    pack = load_pack(default_content_dir())
    rng = random.Random(1)
    for n in range(students):
        store = ProgressStore(data, f"student-{n:02d}", pack_id=pack.id)
        for section in rng.sample([s.id for s in pack.sections], 5):
            store.mark_read(section)
        for _ in range(answers):
            question = rng.choice(pack.questions)
            right = rng.random() > 0.25
            given = Given(option=question.answer if right else "a wrong option")
            store.record_answer(
                question.id, question.section, right, mode="full", given=given, seconds=rng.uniform(3, 40)
            )
        store.close()


def timed(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """Median wall and CPU milliseconds of `runs` calls."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--answers", type=int, default=60)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    pack = load_pack(default_content_dir())
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="report-bench-") as scratch:
        data = Path(scratch)
        make_class(data, args.students, args.answers)
        records = read_class(data, pack.id)
        rows = [
            ("read_class", lambda: read_class(data, pack.id)),
            ("student_rows", lambda: student_rows(records, pack)),
            ("question_rows", lambda: question_rows(records, pack)),
            ("section_grid", lambda: section_grid(records, pack)),
        ]
        total_cpu = 0.0
        print(f"{args.students} students x {args.answers} answers, median of {args.runs} runs")
        print(f"{'step':<16}{'wall ms':>10}{'cpu ms':>10}")
        for name, work in rows:
            wall, cpu = timed(args.runs, work)
            total_cpu += cpu
            print(f"{name:<16}{wall:>10.1f}{cpu:>10.1f}")
        print(f"{'all four':<16}{'':>10}{total_cpu:>10.1f}   every 2 s: {total_cpu / 2000:.1%} of one core")
        old = data / "old"
        (old / "progress").mkdir(parents=True)
        shutil.copy(FIXTURE / "ann.sqlite3", old / "progress" / "ann.sqlite3")
        wall, cpu = timed(args.runs, lambda: read_class(old, pack.id))
        print(f"{'one schema-2':<16}{wall:>10.1f}{cpu:>10.1f}   (copied into memory and migrated there)")


if __name__ == "__main__":
    main()

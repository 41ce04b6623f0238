"""How fast a flood of keys typed ahead drains, in several versions of the explainer, run alternately.

    .venv/bin/python benchmarks/typed_flood.py TREE [TREE ...] [--keys 500] [--runs 7] [--floor]

Each TREE is a checkout (as for compare_launch.py), started from its own tree on a real 100x30
pseudo-terminal. On the glossary, once it is quiet, `--keys` arrows (down and up in turn: each shows
another term's entry) and then `?` are written in one go, as a terminal delivers a burst; timed from the
write to Help painted, which the app opens only after every arrow before it has been handled
(tui/typed_ahead.py). `--floor` adds each tree once more with typed-ahead switched off (every key handed
to the screen the moment it is read, as Textual does): the least the flood can take. Medians and the time
per key. It prints numbers; it tests nothing.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pty_app import PtyApp  # noqa: E402

SIZE = (100, 30)
START = "import sys; from explainer.cli import main; sys.exit(main(sys.argv[1:]))"
NO_TYPED_AHEAD = "from explainer.tui.typed_ahead import TypedAhead; TypedAhead.hold = lambda self, typed: False; "
ARROWS = (b"\x1b[B", b"\x1b[A")  # down, up
HELP_PAINTED = ("Where", "Does")  # the header of Help's table of keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", type=Path, metavar="TREE", help="a checkout holding explainer/")
    parser.add_argument("--keys", type=int, default=500, help="arrows in the flood (default: 500)")
    parser.add_argument("--runs", type=int, default=7, help="floods of each (default: 7)")
    parser.add_argument("--floor", action="store_true", help="each tree with typed-ahead off too")
    args = parser.parse_args(argv)
    trees = [tree.resolve() for tree in args.trees]
    for tree in trees:
        compileall.compile_dir(tree / "explainer", quiet=1)  # as pip install does
    versions = [(str(tree), tree, START) for tree in trees]
    if args.floor:
        versions += [(f"{tree} (typed-ahead off)", tree, NO_TYPED_AHEAD + START) for tree in trees]
    flood = b"".join(ARROWS[number % 2] for number in range(args.keys)) + b"?"

    times: dict[str, list[float]] = {name: [] for name, _, _ in versions}
    with tempfile.TemporaryDirectory() as work:
        for _ in range(args.runs):
            for number, (name, tree, start) in enumerate(versions):
                content, data = str(tree / "content"), f"{work}/{number}"
                argv = [sys.executable, "-c", start, "--content", content, "--data-dir", data]
                with PtyApp(argv, SIZE, cwd=tree) as app:
                    app.wait_for("Walkthrough")
                    app.settle()
                    app.press(b"g")
                    app.wait_for("Filter terms")
                    app.settle()
                    sent = app.press(flood)
                    times[name].append(app.wait_for(*HELP_PAINTED, timeout=120) - sent)

    width = max(len(name) for name in times)
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:{width}}  {args.keys} keys to Help painted: median {median * 1000:7.1f} ms  "
            f"min {min(values) * 1000:7.1f} ms  ({median / args.keys * 1000:.2f} ms a key, {len(values)} floods)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

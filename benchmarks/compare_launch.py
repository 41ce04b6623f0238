"""Launch time of several versions of the explainer, started alternately in one run.

    .venv/bin/python benchmarks/compare_launch.py TREE [TREE ...] [--runs 21] [--first-key N]

Each TREE is a checkout (for example a `git worktree` of an older commit). Every
version is started with that tree as its working directory and `-c` importing
`explainer.cli`, so the tree's own package is the one imported (`python -m`
from this repository would import this repository's package whatever
`PYTHONPATH` says). Timed as in run.py: from starting the process on a 100x30
pseudo-terminal to the pack title and "Walkthrough" painted, beside the minimal
Markdown app, with what a start caches in the data dir (the checked pack, the
parsed CSS) there, as on every start but the first. Medians,
and each version's ratio to the minimal app. It prints numbers; it tests nothing.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from minimal_app import FIRST, LAST  # noqa: E402
from pty_app import PtyApp  # noqa: E402

SIZE = (100, 30)
START = "import sys; from explainer.cli import main; sys.exit(main(sys.argv[1:]))"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "trees", nargs="+", type=Path, metavar="TREE", help="a checkout holding explainer/ and content/"
    )
    parser.add_argument("--runs", type=int, default=21, help="launches of each (default: 21)")
    parser.add_argument(
        "--first-key",
        type=int,
        default=0,
        metavar="N",
        help="then N more starts of each: Enter on home, once it is quiet, to section 1 painted (what a start "
        "leaves for later must not make the first key slower)",
    )
    args = parser.parse_args(argv)
    trees = [tree.resolve() for tree in args.trees]
    for tree in trees:
        compileall.compile_dir(tree / "explainer", quiet=1)  # as pip install does

    times: dict[str, list[float]] = {str(tree): [] for tree in trees}
    times["minimal app"] = []
    with tempfile.TemporaryDirectory() as work:

        def launch(number: int, tree: Path, first: bool = False) -> float:
            argv = [sys.executable, "-c", START, "--content", str(tree / "content"), "--data-dir", f"{work}/{number}"]
            with PtyApp(argv, SIZE, cwd=tree) as app:
                shown = app.wait_for(title(tree), "Walkthrough") - app.started
                if first:
                    app.settle()  # as a student's first start would: what it caches after its first screen too
                return shown

        for number, tree in enumerate(trees):
            launch(number, tree, first=True)  # the first start caches the pack (and, since 2026-12-02, the CSS)
        for _ in range(args.runs):
            for number, tree in enumerate(trees):
                times[str(tree)].append(launch(number, tree))
            with PtyApp([sys.executable, str(HERE / "minimal_app.py")], SIZE) as app:
                times["minimal app"].append(app.wait_for(FIRST, LAST) - app.started)

        keys: dict[str, list[float]] = {str(tree): [] for tree in trees}
        for run in range(args.first_key + 1 if args.first_key else 0):
            for number, tree in enumerate(trees):
                argv = [
                    sys.executable,
                    "-c",
                    START,
                    "--content",
                    str(tree / "content"),
                    "--data-dir",
                    f"{work}/k{number}",
                ]
                with PtyApp(argv, SIZE, cwd=tree) as app:
                    app.wait_for(title(tree), "Walkthrough")
                    app.settle()
                    sent = app.press(b"\r")  # Walkthrough, or Resume at section 1 after the first run
                    painted = app.wait_for(f"1/{sections(tree)}  ", "Source:") - sent
                    if run:  # the first caches the pack and the CSS
                        keys[str(tree)].append(painted)

    minimal = statistics.median(times["minimal app"])
    width = max(len(name) for name in times)
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:{width}}  median {median * 1000:6.1f} ms  min {min(values) * 1000:6.1f} ms  ratio "
            f"{median / minimal:.2f}x"
        )
    for name, values in keys.items():
        if values:
            print(
                f"{name:{width}}  first key: median {statistics.median(values) * 1000:6.1f} ms  "
                f"max {max(values) * 1000:6.1f} ms  ({len(values)} starts)"
            )
    return 0


def sections(tree: Path) -> int:
    """How many sections the tree's pack has: section 1 reads "1/N" once painted."""
    return len(list((tree / "content" / "sections").glob("*.toml")))


def title(tree: Path) -> str:
    """The pack's title, which the home screen shows first."""
    return tomllib.loads((tree / "content" / "pack.toml").read_text(encoding="utf-8"))["title"]


if __name__ == "__main__":
    raise SystemExit(main())

"""What a start loads: only what the first screen shows. The rest waits until it is asked for.

Each of these is a twentieth to a tenth of a launch on a 2-core machine (benchmarks/README.md, "Launch, third
round"): Markdown's parser (home's summary is plain prose), the quiz's grading and scheduling (loaded only when
there is a quiz to resume), and the TOML reader (a start reads the pack's cache).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import CONTENT

DEFERRED = (
    "markdown_it",
    "rapidfuzz",
    "fsrs",
    "tomllib",
    "explainer.pack.load",
    "explainer.quiz.session",
    "importlib.metadata",  # what textual.__version__ asks: a twentieth of a launch
    "hashlib",  # OpenSSL, for a sha256 nothing on the first screen needs
)

START = """
import asyncio, dataclasses, json, sys
from pathlib import Path
from explainer.cli import _load_pack
from explainer.settings import Settings
from explainer.tui.app import make_app
from explainer.tui.screens.home import HomeScreen

settings = Settings.from_options(sys.argv[1], sys.argv[2], user="ada")
pack = _load_pack(settings, cached=True)

def our_classes():
    for name, module in list(sys.modules.items()):
        if name.startswith("explainer"):
            for value in vars(module).values():
                if isinstance(value, type) and value.__module__ == name:
                    yield value
                    yield from (inner for inner in vars(value).values() if isinstance(inner, type))

async def first_screen():
    app = make_app(settings, pack)
    async with app.run_test(size=(100, 30)) as pilot:
        while not (isinstance(app.screen, HomeScreen) and app.screen.query_one("#menu").option_count):
            await pilot.pause(0.05)
        loaded = [name for name in json.loads(sys.argv[3]) if name in sys.modules]
        made = [f"{c.__module__}.{c.__qualname__}" for c in our_classes() if dataclasses.is_dataclass(c)]
        options = [str(option.prompt) for option in app.screen.query_one("#menu").options]
        for _ in range(600):  # then, while the student reads home, what the walkthrough needs
            if "markdown_it" in sys.modules and "explainer.tui.screens.section" in sys.modules:
                break
            await pilot.pause(0.05)
        after = [name for name in ("markdown_it", "explainer.tui.screens.section") if name in sys.modules]
    print(json.dumps({"loaded": loaded, "menu": options, "after": after, "dataclasses": made}))

asyncio.run(first_screen())
"""


def start(data: Path) -> dict[str, list[str]]:
    """A start from the pack's cache, in a fresh interpreter, to its first screen."""
    run = subprocess.run(
        [sys.executable, "-c", START, str(CONTENT), str(data), json.dumps(DEFERRED)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(run.stdout.splitlines()[-1])


def test_the_first_screen_loads_no_parser_grader_or_toml_reader(tmp_path: Path) -> None:
    assert "tomllib" in start(tmp_path)["loaded"]  # the very first start reads the TOML, and caches it
    second = start(tmp_path)
    assert second["loaded"] == []
    assert any(option.startswith("Walkthrough") for option in second["menu"])
    assert second["after"] == ["markdown_it", "explainer.tui.screens.section"]  # the first key waits for neither


def test_the_first_screen_defines_no_dataclass_of_ours(tmp_path: Path) -> None:
    """Each is 0.3-1 ms to define on Python 3.11; the start's are records (explainer/record.py) or plain classes."""
    start(tmp_path)
    assert start(tmp_path)["dataclasses"] == []

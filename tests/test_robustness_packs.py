"""Broken packs through the real command line: `explainer --content DIR` and `explainer check DIR`.

Every kind of breakage a teacher can make ends with exit code 1: the app says the
first problem in one line naming the file (never a traceback, never a half-started
screen), and `check` lists the problems and its summary line. The loader's own
wording of each problem is tested in test_pack_load.py; here it is the whole path,
including a pack cached by an earlier good start (the cache must not hide a breakage).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from plain_cli import assert_one_line_error, run_explainer

from explainer.pack.cache import load_pack_cached

SUMMARY = re.compile(r"^\d+ sections?, \d+ terms?, \d+ questions?, \d+ links?, [1-9]\d* errors?(?:, \d+ warnings?)?$")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


# name: (how to break the pack copy, what the one line must name)
BREAKAGES: dict[str, tuple[Callable[[Path], object], Callable[[Path], str]]] = {
    "invalid TOML": (
        lambda d: replace(d / "sections" / "02-why-meet.toml", "\n", "\nsource = = nowhere\n"),
        lambda d: "sections/02-why-meet.toml: line 2, column 10: invalid TOML",
    ),
    "binary junk": (
        lambda d: (d / "timeline.toml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 40),
        lambda d: "timeline.toml: byte 0: not a UTF-8 text file",
    ),
    "dangling reference": (
        lambda d: replace(d / "sections" / "01-overview.toml", 'related = ["why-meet"', 'related = ["nowhere"'),
        lambda d: "sections/01-overview.toml: related[0]: unknown section 'nowhere'",
    ),
    "duplicate id": (
        lambda d: append(d / "glossary.toml", '\n[[term]]\nid = "apec"\nterm = "APEC again"\ndefinition = "Twice."\n'),
        lambda d: "glossary.toml: term 'apec' (line 102): duplicate id",
    ),
    "missing field": (
        lambda d: replace(
            d / "glossary.toml",
            (
                'definition = "A meeting of leaders of Asia-Pacific Economic Cooperation, a group of Pacific Rim '
                'economies."\n'
            ),
            "",
        ),
        lambda d: "glossary.toml: term 'apec'.definition: missing field",
    ),
    "empty directory": (
        lambda d: (shutil.rmtree(d), d.mkdir()),
        lambda d: f"{d}: not a content pack",
    ),
    "missing directory": (
        lambda d: shutil.rmtree(d),
        lambda d: f"{d}: no such directory",
    ),
}


@pytest.fixture(params=list(BREAKAGES), ids=list(BREAKAGES))
def broken(request: pytest.FixtureRequest, pack_copy: Path, isolated_data_dir: Path) -> tuple[Path, str]:
    """A pack copy that loaded fine (and was cached) until it was broken one way."""
    load_pack_cached(pack_copy, isolated_data_dir / "cache")
    breakage, names = BREAKAGES[request.param]
    breakage(pack_copy)
    return pack_copy, names(pack_copy)


def test_the_app_refuses_it_in_one_line_naming_the_file(broken: tuple[Path, str], isolated_data_dir: Path) -> None:
    directory, names = broken
    result = run_explainer("--content", str(directory), "--data-dir", str(isolated_data_dir))
    assert_one_line_error(result, 1, names, f"explainer check {directory}")
    assert result.stderr.startswith("explainer: ")


def test_check_lists_it_and_exits_1(broken: tuple[Path, str]) -> None:
    directory, names = broken
    result = run_explainer("check", str(directory))
    assert result.returncode == 1, result.stdout
    lines = result.stdout.strip().splitlines()
    assert SUMMARY.match(lines[-1]), lines[-1]
    assert any(line.startswith(names) for line in lines[:-1]), lines
    assert "Traceback" not in result.stdout + result.stderr

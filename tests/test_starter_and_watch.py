"""`explainer new`, the format shipped with the package, and `--watch` reloading a pack as its author saves."""

from __future__ import annotations

import asyncio
import os
import select
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO
from plain_cli import clean_env, run_explainer
from textual.containers import VerticalScroll

from explainer.pack.load import load_pack
from explainer.settings import Settings
from explainer.tui.app import make_app
from explainer.tui.screens.section import SectionScreen
from explainer.tui.widgets.reader import Reader

STARTER_FILES = [
    "glossary.toml",
    "pack.toml",
    "perspectives.toml",
    "quiz.toml",
    "sections/01-start-here.toml",
    "sections/02-links.toml",
    "sections/03-sharing.toml",
    "sections/04-next-steps.toml",
    "timeline.toml",
]


def test_new_writes_a_commented_starter_that_passes_check(tmp_path: Path) -> None:
    target = tmp_path / "Antarctic Treaty"
    made = run_explainer("new", str(target), "--title", 'The "Antarctic" Treaty')
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"explainer: wrote a starter pack in {target} (9 files). Next:")
    assert "explainer check --explain" in made.stdout
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) == STARTER_FILES
    check = run_explainer("check", "--strict", str(target))
    assert check.returncode == 0, check.stdout
    assert check.stdout.splitlines() == [
        "4 sections (1 draft, shown with --drafts), 4 terms, 5 questions, 31 links, 0 errors"
    ]
    pack = load_pack(target)
    assert pack.id == "antarctic-treaty" and pack.title == 'The "Antarctic" Treaty'
    assert {q.type for q in pack.questions} == {"choice", "true_false", "match", "order", "typed"}
    assert pack.topics and pack.events and load_pack(target, drafts=True).section("next-steps").draft
    for name in ("pack.toml", "sections/01-start-here.toml", "glossary.toml", "quiz.toml", "timeline.toml"):
        text = (target / name).read_text()
        assert "# required" in text or "Required:" in text, name
        assert "optional" in text.casefold(), name


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    result = run_explainer("new", str(tmp_path))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"explainer: {tmp_path} already exists and is not an empty folder: choose a new one\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_check_explain_prints_the_format() -> None:
    result = run_explainer("check", "--explain")
    assert result.returncode == 0
    assert result.stdout == (REPO / "docs" / "pack-format.md").read_text()
    assert "required" in result.stdout and "[[question.wrong]]" in result.stdout


async def wait_until(condition, what: str, timeout: float = 30.0) -> None:
    """Poll for a condition with a deadline (the watcher polls files; nothing to await directly)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def test_the_app_reloads_on_save_and_keeps_the_place(pack_copy: Path, tmp_path: Path) -> None:
    settings = Settings(content_dir=pack_copy, data_dir=tmp_path / "data", user="author", watch=True)
    app = make_app(settings, load_pack(pack_copy))
    section_file = pack_copy / "sections" / "02-why-meet.toml"
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.press("enter", "n")
        await wait_until(lambda: isinstance(app.screen, SectionScreen) and app.screen.section.id == "why-meet", "2")
        page = app.screen.query_one("#page", VerticalScroll)
        await wait_until(lambda: page.max_scroll_y > 4, "a page longer than the screen")
        page.scroll_to(y=4, animate=False)
        await wait_until(lambda: page.scroll_y == 4, "scrolled down")
        text = section_file.read_text()
        section_file.write_text(text.replace("Why now?", "Why now, of all times?"))

        def shows(words: str) -> bool:
            return any(words in r.source for r in app.screen.query(Reader))

        await wait_until(lambda: shows("Why now, of all times?"), "the saved text on screen")
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == "why-meet"
        page = app.screen.query_one("#page", VerticalScroll)
        await wait_until(lambda: page.scroll_y == 4, "the reader kept at the same scroll position")
        assert app.pack.section("why-meet") is not None and "of all times" in app.pack.section("why-meet").body

        section_file.write_text(text + "\nbroken = = \n")
        await wait_until(
            lambda: any("Not reloaded: sections/02-why-meet.toml: line" in str(n.message) for n in app._notifications),
            "a one-line notice",
        )
        assert shows("Why now, of all times?")  # the last good pack stays on screen


def test_read_watch_prints_again_after_a_save(pack_copy: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "explainer", "--content", str(pack_copy), "read", "2", "--plain", "--watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    assert process.stdout is not None
    output = b""

    def read_until(marker: bytes, count: int) -> None:
        nonlocal output
        deadline = time.monotonic() + 60
        while output.count(marker) < count:
            assert time.monotonic() < deadline, output.decode()
            ready, _, _ = select.select([process.stdout], [], [], 0.2)
            if ready:
                output += os.read(process.stdout.fileno(), 65536)

    try:
        read_until(b"--- watching", 1)
        assert b"Why is Trump meeting Putin" in output
        path = pack_copy / "sections" / "02-why-meet.toml"
        path.write_text(path.read_text().replace("Why now?", "Why now, then?"))
        read_until(b"--- watching", 2)
        assert b"Why now, then?" in output.split(b"--- watching")[1]
    finally:
        process.terminate()
        process.wait(timeout=20)

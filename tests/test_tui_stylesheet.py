"""Every app in a process shares one parse of its CSS (tui/stylesheet.py): what a served session forked from
the warm fork server needs of the stylesheet is already made, and a theme chosen still restyles the app."""

from __future__ import annotations

import asyncio
import os
import pickle
import shutil
import sys
from pathlib import Path

import pexpect
import pytest
import textual.css
from conftest import CONTENT
from plain_cli import clean_env
from textual.color import Color
from textual.css.stylesheet import Stylesheet
from waits import until_sync

from explainer.pack.load import load_pack
from explainer.pack.model import Pack
from explainer.settings import Settings
from explainer.tui import stylesheet
from explainer.tui.app import make_app
from explainer.tui.stylesheet import SharedStylesheet, keep_rules, kept_rules, load_kept_rules


async def test_a_second_app_uses_the_rules_the_first_parsed(starter_pack: Pack, make_explainer) -> None:
    rules = []
    for user in ("first", "second"):
        app = make_explainer(starter_pack, user)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            rules.append(app.stylesheet.rules)
    first, second = rules
    assert len(first) == len(second) > 50
    assert all(a is b for a, b in zip(first, second, strict=True))


async def test_a_theme_chosen_restyles_the_app_in_its_own_colours(starter_pack: Pack, make_explainer) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = app.screen.styles.background
        app.theme = next(name for name in app.available_themes if name != app.theme and "light" in name)
        await pilot.pause()
        assert app.screen.styles.background != before
        assert app.screen.styles.background == Color.parse(app.get_css_variables()["background"])


# A local start keeps the CSS its first screen parsed, and the next start begins with it.


@pytest.fixture
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """This process's parsed CSS forgotten, as in a new start; the sources Textual's parser is given, recorded."""
    monkeypatch.setattr(stylesheet, "_parsed", {})
    monkeypatch.setattr(stylesheet, "_parsed_here", set())
    parsed: list[object] = []
    textual_parse = Stylesheet._parse_rules

    def parse(self, css, read_from, *args, **kwargs):
        parsed.append(read_from)
        return textual_parse(self, css, read_from, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "_parse_rules", parse)
    return parsed


def test_a_local_start_keeps_its_css_and_the_next_start_parses_none(tmp_path: Path, fresh_process) -> None:
    terminal = pexpect.spawn(
        sys.executable, ["-m", "explainer", "--data-dir", str(tmp_path)], dimensions=(30, 100), env=clean_env()
    )
    terminal.expect("Walkthrough", timeout=60)
    kept = kept_rules(Settings.from_options(data=tmp_path).cache_dir)
    until_sync(kept.exists, "the first screen's CSS kept in the data dir")
    terminal.send("q")
    terminal.expect(pexpect.EOF, timeout=60)

    asyncio.run(first_screen(tmp_path))  # the next start, from the same data dir
    assert fresh_process == []
    stylesheet._parsed.clear()
    asyncio.run(first_screen(tmp_path / "another"))  # with nothing kept, the same screen parses every source
    assert len(fresh_process) > 10


async def first_screen(data: Path) -> None:
    app = make_app(Settings.from_options(data=data), load_pack(CONTENT))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()


def test_rules_kept_by_another_textual_are_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is named by Textual's CSS parser, whose files every install of Textual writes anew."""
    parser = tmp_path / "textual-css"
    shutil.copytree(Path(textual.css.__file__).parent, parser)
    monkeypatch.setattr(textual.css, "__file__", str(parser / "__init__.py"))
    kept = kept_rules(tmp_path / "cache")
    assert kept.parent == tmp_path / "cache" and kept.name.startswith("css-textual-")
    assert kept_rules(tmp_path / "cache") == kept
    os.utime(parser / "tokenize.py", ns=(0, 0))  # the parser as another install left it
    assert kept_rules(tmp_path / "cache") != kept


def test_css_changed_since_it_was_kept_is_parsed_again(tmp_path: Path, fresh_process) -> None:
    asyncio.run(first_screen(tmp_path))
    keep_rules(tmp_path / "kept.pickle")
    stylesheet._parsed.clear()
    load_kept_rules(tmp_path / "kept.pickle")
    parsed_before = len(fresh_process)
    changed = SharedStylesheet(variables=dict(next(iter(stylesheet._parsed))[5]))
    changed.add_source("Static { color: red; }", read_from=("explainer.tcss", ""))
    changed.parse()
    assert fresh_process[parsed_before:] == [("explainer.tcss", "")]
    assert [rule.selector_names for rule in changed.rules] == [{"Static"}]


def test_a_kept_file_damaged_or_missing_is_ignored_and_the_css_parsed(tmp_path: Path, fresh_process) -> None:
    damaged = kept_rules(Settings.from_options(data=tmp_path).cache_dir)
    damaged.parent.mkdir(parents=True)
    for contents in (b"\x80\x05not a pickle", pickle.dumps(["a list, not rules"]), None):
        if contents is None:
            damaged.unlink()
        else:
            damaged.write_bytes(contents)
        fresh_process.clear()
        asyncio.run(first_screen(tmp_path))
        assert len(fresh_process) > 10
        stylesheet._parsed.clear()


def test_nothing_new_parsed_nothing_written(tmp_path: Path, fresh_process) -> None:
    keep_rules(tmp_path / "kept.pickle")
    assert not (tmp_path / "kept.pickle").exists()
    asyncio.run(first_screen(tmp_path))
    keep_rules(tmp_path / "kept.pickle")
    written = (tmp_path / "kept.pickle").stat().st_mtime_ns
    keep_rules(tmp_path / "kept.pickle")
    assert (tmp_path / "kept.pickle").stat().st_mtime_ns == written

"""A section, a term's example or an event may cite more than one source (`source = ["a", "b"]`): `check` names a
bad one in one line with a suggestion, and every face says which sources a section draws on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import STARTER
from plain_cli import flat, run_explainer
from textual.widgets import Static
from waits import settled

from explainer.pack.load import load_pack
from explainer.tui.screens.section import SectionScreen

BOTH = 'source = ["asia-trip", "korea-times"]'


def with_overview_source(tmp_path: Path, line: str) -> Path:
    directory = Path(shutil.copytree(STARTER, tmp_path / "pack"))
    overview = directory / "sections" / "01-overview.toml"
    overview.write_text(overview.read_text(encoding="utf-8").replace('source = "asia-trip"', line, 1), "utf-8")
    return directory


def test_a_section_citing_both_articles_says_so_in_every_face(tmp_path: Path) -> None:
    pack_dir = with_overview_source(tmp_path, BOTH)
    pack = load_pack(pack_dir)
    assert pack.section("overview").sources == ("asia-trip", "korea-times")
    first, second = (flat(source.title) for source in pack.sources)  # the starter's sources have no short names
    check = run_explainer("check", str(pack_dir))
    assert check.returncode == 0, check.stdout + check.stderr
    read = flat(run_explainer("--content", str(pack_dir), "read", "1", "--plain").stdout)
    assert f"Sources: {first} — " in read and f"; and {second} — " in read


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            'source = ["asia-trip", "korea-tims"]',
            "source[1]: unknown source 'korea-tims' (did you mean 'korea-times'?)",
        ),
        ('source = "asia-trp"', "source: unknown source 'asia-trp' (did you mean 'asia-trip'?)"),
        ("source = []", "source: should be a source's id, or a list of them"),
        ('source = ["asia-trip", 4]', "source: should be a source's id, or a list of them"),
        ('source = ["asia-trip", "asia-trip"]', "source: names a source twice: asia-trip, asia-trip"),
    ],
    ids=["unknown-in-list", "unknown", "empty", "not-text", "twice"],
)
def test_a_bad_source_is_one_line_saying_where(tmp_path: Path, line: str, said: str) -> None:
    result = run_explainer("check", str(with_overview_source(tmp_path, line)))
    assert result.returncode == 1
    problems = [row for row in (result.stdout + result.stderr).splitlines() if "01-overview.toml" in row]
    assert len(problems) == 1 and said in problems[0], result.stdout + result.stderr


async def test_the_app_names_both_sources(tmp_path: Path, make_explainer) -> None:
    app = make_explainer(load_pack(with_overview_source(tmp_path, BOTH)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, SectionScreen)
        titles = [source.title for source in app.pack.sources]
        assert str(app.screen.query_one("#source", Static).render()) == f"Sources: {titles[0]} and {titles[1]}"


def test_the_shipped_sections_that_draw_on_both_articles_cite_both(real_pack) -> None:
    for section_id in ("new-start", "china-arsenal", "north-korea-seoul", "when-written"):
        assert set(real_pack.section(section_id).sources) == {"asia-trip", "korea-times"}, section_id

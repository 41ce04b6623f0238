"""Lists in every face read as their author wrote them: a key point begun "1. …" or "- …" is one point saying so
(not a list nested inside it), and the plain face draws no "•", which a screen reader reads out as "bullet"."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import STARTER
from plain_cli import run_explainer, run_on_terminal
from waits import settled

from explainer.pack.load import load_pack
from explainer.tui.screens.section import SectionScreen

POINTS = ("1. Trump meets Putin first.", "- Then Abe, the article says.", "# 3 topics may come up.")


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    directory = Path(shutil.copytree(STARTER, tmp_path / "pack"))
    overview = directory / "sections" / "01-overview.toml"
    text = overview.read_text(encoding="utf-8")
    start = text.index("key_points = [")
    end = text.index("]", start) + 1
    points = "key_points = [\n" + "".join(f"  {p!r},\n".replace("'", '"') for p in POINTS) + "]"
    overview.write_text(text[:start] + points + text[end:], encoding="utf-8")
    return directory


def key_points(output: str) -> list[str]:
    """The lines after "Key points:" up to the next blank line after them."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Key points"))
    block = []
    for line in lines[start + 2 :]:
        if not line.strip():
            break
        block.append(line)
    return block


def test_plain_read_says_each_point_as_written_with_no_bullet(pack_dir: Path) -> None:
    result = run_explainer("--content", str(pack_dir), "read", "1", "--plain")
    assert result.returncode == 0, result.stderr
    assert key_points(result.stdout) == [f"  {point}" for point in POINTS]
    whole = run_explainer("--content", str(pack_dir), "read", "--plain").stdout
    glossary = run_explainer("--content", str(pack_dir), "glossary", "--plain").stdout
    for output in (whole, glossary):
        assert "•" not in output and "·" not in output
    assert "\n  2. Why is Trump meeting Putin" in whole  # a related section: its number, as a line of its own


def test_on_a_terminal_each_point_is_one_bulleted_item(pack_dir: Path) -> None:
    code, output, _ = run_on_terminal("--content", str(pack_dir), "read", "1")
    assert code == 0
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07]*\x07", "", output).replace("\r", "")
    assert [" ".join(line.split()) for line in key_points(text)] == [f"• {point}" for point in POINTS]


async def test_the_app_shows_each_point_as_one_item(pack_dir: Path, make_explainer) -> None:
    app = make_explainer(load_pack(pack_dir))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, SectionScreen)
        points = app.screen.query_one("#key-points")
        shown = [" ".join(points.render_line(y).text.split()) for y in range(points.size.height)]
        assert [line for line in shown if line] == [f"• {point}" for point in POINTS], shown

"""`explainer check` keeps its scans of the pack's texts (pack/scan_cache.py): a second check parses nothing, and
an edit is seen at once, as if nothing were kept."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import STARTER
from plain_cli import run_explainer


def test_a_check_again_reuses_the_scans_and_still_sees_every_edit(tmp_path: Path) -> None:
    pack = Path(shutil.copytree(STARTER, tmp_path / "pack"))
    data = tmp_path / "data"
    check = ("--data-dir", str(data), "check", str(pack))
    first = run_explainer(*check)
    assert first.returncode == 0, first.stdout + first.stderr
    (kept,) = (data / "cache").glob("scans-*.pickle")
    written = kept.stat().st_mtime_ns
    again = run_explainer(*check)
    assert again.stdout == first.stdout
    assert kept.stat().st_mtime_ns == written, "nothing new was scanned, so nothing was written"

    overview = pack / "sections" / "01-overview.toml"
    text = overview.read_text(encoding="utf-8")
    overview.write_text(text.replace("(section:why-meet)", "(section:why-meeet)", 1), encoding="utf-8")
    broken = run_explainer(*check)
    assert broken.returncode == 1
    assert "unknown section 'why-meeet' (did you mean 'why-meet'?)" in broken.stdout
    overview.write_text(text, encoding="utf-8")
    assert run_explainer(*check).stdout == first.stdout


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "cache").write_text("not a directory")
    result = run_explainer("--data-dir", str(data), "check", str(STARTER))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.endswith("0 errors\n")

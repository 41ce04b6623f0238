"""The default pack ships inside the wheel: a plain (non-editable) install runs anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CONTENT, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("explainer-*.whl")
    return built


def test_the_wheel_holds_every_pack_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in CONTENT.rglob("*.toml"):
        assert f"explainer/content/{path.relative_to(CONTENT).as_posix()}" in names
    assert "explainer/tui/explainer.tcss" in names


def install(wheel: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """The wheel installed alone: (its site dir, a directory outside the checkout, an env that finds it first)."""
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The installed copy must come first on the path, ahead of this checkout.
    return site, elsewhere, {**os.environ, "PYTHONPATH": str(site)}


def test_an_installed_wheel_finds_its_pack_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    site, elsewhere, env = install(wheel, tmp_path)
    code = "import explainer, sys; from explainer.cli import main; print(explainer.__file__); sys.exit(main(['check']))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    first, *_, last = result.stdout.strip().splitlines()
    assert first.startswith(str(site))
    assert " 0 errors" in last and not last.startswith("0 sections")


def test_an_installed_wheel_writes_a_starter_pack_and_explains_the_format(wheel: Path, tmp_path: Path) -> None:
    """A teacher without the repository: `explainer new`, `check` and `check --explain` from the wheel alone."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "explainer/docs/pack-format.md" in names and "explainer/starter/quiz.toml" in names
    _, elsewhere, env = install(wheel, tmp_path)

    def explainer(*args: str) -> subprocess.CompletedProcess[str]:
        code = f"import sys; from explainer.cli import main; sys.exit(main({list(args)!r}))"
        return subprocess.run(
            [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120
        )

    assert explainer("new", "mine", "--title", "Mine").returncode == 0
    check = explainer("check", "--strict", "mine")
    assert check.returncode == 0 and check.stdout.strip().endswith(" 0 errors"), check.stdout + check.stderr
    explain = explainer("check", "--explain")
    assert explain.returncode == 0 and explain.stdout == (REPO / "docs" / "pack-format.md").read_text()

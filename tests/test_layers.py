"""The model knows nothing of Textual: pack, quiz, progress and the plain face import it never."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

TEXTUAL_FREE = ["pack", "quiz", "progress", "plain"]


def modules_of(package: str) -> list[str]:
    root = REPO / "explainer" / package
    return sorted(
        "explainer." + ".".join(path.relative_to(REPO / "explainer").with_suffix("").parts).removesuffix(".__init__")
        for path in root.rglob("*.py")
    )


def test_the_model_and_plain_output_never_import_textual() -> None:
    modules = [m for package in TEXTUAL_FREE for m in modules_of(package)]
    assert len(modules) > 10
    code = (
        "\n".join(f"import {m}" for m in modules)
        + "\nimport sys\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

"""`explainer new`: a starter pack a teacher copies and rewrites, that passes `check` as it is.

The starter lives in the package (`explainer/starter/`), so `pip install` brings
it; every file is commented with what is required and what is optional.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

STARTER_DIR = Path(__file__).resolve().parent.parent / "starter"
_TITLE_LINE = re.compile(r'^title = "My pack"', re.MULTILINE)
_ID_LINE = re.compile(r'^id = "my-pack"', re.MULTILINE)


class StarterError(Exception):
    """Why a starter pack cannot be written there; the message is one line for the teacher."""


def pack_id_for(directory: Path) -> str:
    """An id from the folder's name: 'Antarctic Treaty' → 'antarctic-treaty'."""
    slug = re.sub(r"[^a-z0-9]+", "-", directory.resolve().name.casefold()).strip("-")
    return slug or "my-pack"


def make_starter(directory: Path, title: str | None = None) -> list[Path]:
    """Copy the starter pack into `directory` (new or empty), with its id and title set; the files written."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise StarterError(f"{directory} already exists and is not an empty folder: choose a new one")
    try:
        shutil.copytree(STARTER_DIR, directory, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    except OSError as error:
        raise StarterError(f"cannot write {directory}: {error.strerror or error}") from None
    meta = directory / "pack.toml"
    text = _ID_LINE.sub(f'id = "{pack_id_for(directory)}"', meta.read_text(encoding="utf-8"), count=1)
    if title:
        text = _TITLE_LINE.sub(lambda _: f"title = {json.dumps(title, ensure_ascii=False)}", text, count=1)
    meta.write_text(text, encoding="utf-8")
    return sorted(p for p in directory.rglob("*") if p.is_file())

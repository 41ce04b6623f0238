"""Where things live on disk: the default pack and each user's progress.

Every path here can be overridden (a flag or an environment variable), which is
also how the tests and the SSH server keep users apart.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "EXPLAINER_DATA_DIR"
CONTENT_ENV = "EXPLAINER_CONTENT"


def default_content_dir() -> Path:
    """$EXPLAINER_CONTENT (the same as --content), the pack shipped in the wheel, or the repo's `content/`."""
    if env := os.environ.get(CONTENT_ENV):
        return Path(env)
    packaged = Path(__file__).parent / "content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "content"


def pack_format_doc() -> Path:
    """The pack format's reference (docs/pack-format.md), installed inside the package by the wheel."""
    packaged = Path(__file__).parent / "docs" / "pack-format.md"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "docs" / "pack-format.md"


def data_dir(override: str | Path | None = None) -> Path:
    """Where progress lives: the flag, then $EXPLAINER_DATA_DIR, then the platform's user data dir."""
    if override:
        return Path(override)
    if env := os.environ.get(DATA_DIR_ENV):
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("explainer", appauthor=False))

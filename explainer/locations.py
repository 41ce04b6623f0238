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
    """The pack shipped with the package (inside the wheel), or the repo's `content/`."""
    if env := os.environ.get(CONTENT_ENV):
        return Path(env)
    packaged = Path(__file__).parent / "content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "content"


def data_dir(override: str | Path | None = None) -> Path:
    """Where progress lives: the flag, then $EXPLAINER_DATA_DIR, then the platform's user data dir."""
    if override:
        return Path(override)
    if env := os.environ.get(DATA_DIR_ENV):
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("explainer", appauthor=False))

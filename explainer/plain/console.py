"""The Rich console plain commands print to: styled on a terminal, bare text everywhere else."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console


def wants_plain(asked: bool, out: TextIO) -> bool:
    """Plain when asked, under NO_COLOR (no-color.org), or when `out` is a pipe or a file."""
    if asked or os.environ.get("NO_COLOR", ""):
        return True
    isatty = getattr(out, "isatty", None)
    return not (isatty and isatty())


def make_console(out: TextIO, plain: bool) -> Console:
    """A console that, when plain, writes no escape code at all (Rich alone keeps bold under NO_COLOR)."""
    if plain:
        return Console(file=out, color_system=None, force_terminal=False, highlight=False, emoji=False)
    return Console(file=out, highlight=False, emoji=False)

"""The Rich console plain commands print to: styled on a terminal, bare text everywhere else."""

from __future__ import annotations

import os
from typing import TextIO

from rich.console import Console, RenderableType
from rich.markdown import Markdown


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


def rich_markdown(markdown: str) -> Markdown:
    """Pack Markdown as Rich renders it; links are already words, never escape-coded hyperlinks."""
    return Markdown(markdown, hyperlinks=False)


def emit(console: Console, renderable: RenderableType) -> None:
    """Print; in plain text without the spaces Rich pads lines with, which pipes and diffs would keep."""
    if console.color_system is not None:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))

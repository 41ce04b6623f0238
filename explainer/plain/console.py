"""The Rich console plain commands print to: styled on a terminal, bare text everywhere else."""

from __future__ import annotations

import os
from typing import ClassVar, TextIO

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.markdown import ListItem, Markdown, MarkdownElement
from rich.segment import Segment

from explainer.pack.markdown import parser


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


class SpokenListItem(ListItem):
    """A list item that, in plain text, is said as it reads: each item on its own line with its wrapped lines
    hanging under it, and no "•" (which a screen reader reads out as "bullet"); a numbered one keeps its
    number and full stop ("2."), where Rich writes the bare number. Styled, on a terminal, Rich's bullet."""

    def render_bullet(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if console.color_system is not None:
            yield from super().render_bullet(console, options)
            return
        yield from self._hanging(console, options, "  ", "    ")

    def render_number(self, console: Console, options: ConsoleOptions, number: int, last_number: int) -> RenderResult:
        if console.color_system is not None:
            yield from super().render_number(console, options, number, last_number)
            return
        width = len(str(last_number)) + 2
        yield from self._hanging(console, options, f"{number}.".rjust(width) + " ", " " * (width + 1))

    def _hanging(self, console: Console, options: ConsoleOptions, first: str, rest: str) -> RenderResult:
        lines = console.render_lines(self.elements, options.update(width=options.max_width - len(rest)))
        for index, line in enumerate(lines):
            yield Segment(first if index == 0 else rest)
            yield from line
            yield Segment("\n")


class PackMarkdown(Markdown):
    """Rich's Markdown renderer over the one parser (`pack/markdown.py`), not Rich's own markdown-it.

    Rich parses with its own settings (raw HTML on, so `<b>` and a `<div>` block vanish); the screen, check
    and the exports parse with ours, so `read` must too. Rich renders whatever token stream `parsed` holds
    (rich 15.0: `__rich_console__` reads `self.parsed`); tests/test_one_markdown_parser.py notices if not.
    """

    elements: ClassVar[dict[str, type[MarkdownElement]]] = Markdown.elements | {"list_item_open": SpokenListItem}

    def __init__(self, markdown: str) -> None:
        super().__init__("", hyperlinks=False)  # links are already words: never escape-coded hyperlinks
        self.markup = markdown
        self.parsed = parser().parse(markdown)


def rich_markdown(markdown: str) -> Markdown:
    """Pack Markdown as Rich renders it, parsed as every other face parses it."""
    return PackMarkdown(markdown)


def emit(console: Console, renderable: RenderableType) -> None:
    """Print; in plain text without the spaces Rich pads lines with, which pipes and diffs would keep."""
    if console.color_system is not None:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))

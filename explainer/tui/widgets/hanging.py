"""Text whose wrapped lines hang under its first, after a prefix ("b) …", "✓ 3. …").

A Visual, so it goes wherever Textual takes one (an OptionList's option, a
Static) and keeps the theme's colours of its Content.
"""

from __future__ import annotations

from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual


class Hanging(Visual):
    """`prefix` then `text`, the text's wrapped lines indented to where it began."""

    def __init__(self, prefix: str | Content, text: str | Content, rest: str | Content | None = None) -> None:
        self.prefix = Content(prefix) if isinstance(prefix, str) else prefix
        self.text = Content(text) if isinstance(text, str) else text
        # before each line after the first: spaces as wide as the prefix, or a rail ("│ ")
        rest = Content(" " * self.prefix.cell_length) if rest is None else rest
        self.rest = Content(rest) if isinstance(rest, str) else rest

    def __str__(self) -> str:
        return self.prefix.plain + self.text.plain

    @property
    def content(self) -> Content:
        """Prefix and text on one line, unwrapped: for where Content is wanted (a line that need not hang)."""
        return self.prefix + self.text

    def lines(self, width: int) -> list[Content]:
        indent = max(self.prefix.cell_length, self.rest.cell_length)
        wrapped = self.text.wrap(max(1, width - indent)) or [Content()]
        return [self.prefix + wrapped[0], *(self.rest + line for line in wrapped[1:])]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.prefix.cell_length + self.text.cell_length

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))


class HangingLines(Visual):
    """Several `Hanging` texts one under another (a feedback's slots, each wrapped under itself)."""

    def __init__(self, parts: list[Hanging]) -> None:
        self.parts = parts

    def __str__(self) -> str:
        return "\n".join(map(str, self.parts))

    def lines(self, width: int) -> list[Content]:
        return [line for part in self.parts for line in part.lines(width)]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return Content("\n").join(self.lines(width)).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((part.get_optimal_width(rules, container_width) for part in self.parts), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))

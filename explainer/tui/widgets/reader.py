"""Markdown whose links are ours: `term:`, `section:` and `event:` never reach a browser.

A `Reader` is one widget, however long its text. Textual's own `Markdown`
mounts a widget per paragraph, list item and bullet and remounts them all on
every update: a few hundred milliseconds per section on a 2-core machine,
against 50 ms from key press to the next section painted. One widget that
wraps the text itself updates in a few milliseconds.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from explainer.pack.links import is_web_address, parse_href
from explainer.pack.markdown import parser, plain_paragraphs
from explainer.tui.themes import colour_of
from explainer.tui.widgets.link_activated import LinkActivated

if TYPE_CHECKING:
    from markdown_it.tree import SyntaxTreeNode

BULLETS = ("•", "▪", "‣", "◦")
INLINE_STYLES = {"strong": ".reader--strong", "em": ".reader--em", "s": ".reader--strike"}
# A term opens its definition in place; a section or event link goes elsewhere: they must look different.
LINK_STYLES = {"term": ".reader--term", "section": ".reader--go", "event": ".reader--go", "topic": ".reader--go"}


def load_parser() -> None:
    """Load Markdown's parser before a page needs it (after the first screen, and in the fork server). The first
    screen's text is plain prose, drawn without it, so a start does without loading it (tests/test_launch.py)."""
    from markdown_it.tree import SyntaxTreeNode  # noqa: F401 - what `MarkdownPage` builds from the parse

    parser()


class Reader(Static):
    """Renders pack Markdown in one widget; a clicked link posts `LinkActivated`."""

    # Textual would paint every link alike (link-color, link-style); a term and a way elsewhere must differ.
    auto_links = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--strong",
        "reader--em",
        "reader--strike",
        "reader--code",
        "reader--bullet",
        "reader--heading",
        "reader--quote",
        "reader--rule",
        "reader--term",
        "reader--go",
    }
    DEFAULT_CSS = """
    Reader {
        height: auto;
        padding: 0 2;
        & > .reader--strong { text-style: bold; }
        & > .reader--em { text-style: italic; }
        & > .reader--strike { text-style: strike; }
        & > .reader--code { color: $text-warning; }
        & > .reader--bullet { color: $text-primary; }
        & > .reader--heading { color: $text-primary; text-style: bold; }
        & > .reader--quote { color: $text-secondary; }
        & > .reader--rule { color: $secondary; }
        & > .reader--term { color: $text-accent; text-style: underline; }
        & > .reader--go { color: $text-primary; text-style: bold; }
    }
    """

    def __init__(self, markdown: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._source = markdown
        self._page = MarkdownPage(markdown)

    @property
    def source(self) -> str:
        """The Markdown shown, as given."""
        return self._source

    def update(self, markdown: str = "", *, layout: bool = True) -> None:  # type: ignore[override]  # Markdown text, not any Visual
        """Show other Markdown."""
        self._source = markdown
        self._page = MarkdownPage(markdown)
        self.clear_cached_dimensions()
        self.refresh(layout=layout)

    def render(self) -> MarkdownPage:
        return self._page

    # Links and matches a page can point at (widgets/reading_pane.py moves through them)

    @property
    def links(self) -> list[str]:
        """Every link's href, in reading order."""
        return [href for _, _, _, href in self._page.links]

    def point_at(self, link: int | None = None, matches: str = "", current: int | None = None) -> int | None:
        """Highlight one link, or every match of `matches` with one current; the highlighted line, if any."""
        self._page.marked = (link, matches, current)
        self._page.highlights = self._highlights()
        self.refresh()
        return self.pointed_line()

    def pointed_line(self) -> int | None:
        """The line (of the text, from 0) of the pointed-at link or current match, if any."""
        return self._page.marked_line(self.content_size.width or self.size.width)

    def pointed_column(self, line: int) -> int | None:
        """Where on `line` (of the text, from 0) the pointed-at link begins, as drawn; None if it is not there."""
        wanted = self._page.highlights[0].background if self._page.highlights else None
        if wanted is None:
            return None
        x = 0
        for segment in self.render_line(line + self.styles.padding.top):
            colour = segment.style.bgcolor if segment.style else None
            if colour is not None and colour.get_truecolor() == wanted.rgb:
                return x
            x += segment.cell_length
        return None

    def _highlights(self) -> tuple[Style, Style]:
        """The pointed-at link or match in the cursor's colours, other matches in the blurred cursor's:
        pairs every theme keeps legible (themes.py). As styles, not component classes: Textual 8.2 drops
        the background of a component class laid over part of a text."""
        variables = self.app.get_css_variables()

        def pair(name: str) -> Style:
            background = colour_of(variables, f"{name}-background")
            return Style(
                background=background,
                foreground=colour_of(variables, f"{name}-foreground", f"{name}-background"),
                bold=True,
            )

        return pair("block-cursor"), pair("block-cursor-blurred")

    def count(self, text: str) -> int:
        """How many times `text` occurs in what this reader shows (ignoring case)."""
        return len(self._page.matches(text))

    def action_link(self, href: str) -> None:
        """A click on a link (the `@click` of its text)."""
        link = parse_href(href)
        if link is None and is_web_address(href):
            self.app.open_url(href)  # a source on the web: the app decides whether it may open
        elif link is None:
            self.notify(f"Not a link this explainer can follow: {href}", severity="warning")
        else:
            self.post_message(LinkActivated(link))


class _Line:
    """One block of text: a prefix for its first wrapped line (a bullet, say), another for the rest."""

    __slots__ = ("first", "rest", "rule", "text")

    def __init__(self, first: Content, rest: Content, text: Content, rule: bool = False) -> None:
        self.first, self.rest, self.text, self.rule = first, rest, text, rule


class MarkdownPage(Visual):
    """Markdown laid out as wrapped lines: blocks a blank line apart, lists with hanging indents.

    `str()` is the plain text, so a page reads as text wherever text is wanted.
    """

    def __init__(self, markdown: str) -> None:
        self.blocks = self._parse(markdown)
        if self.blocks:  # a blank line after the text, as after every block of Textual's Markdown
            self.blocks.append(_Line(Content(), Content(), Content()))
        self.plain = "\n".join(_plain(line) for line in self.blocks).strip("\n")
        self.links = [
            (index, span.start, span.end, span.style.meta["link"])
            for index, block in enumerate(self.blocks)
            for span in block.text.spans
            if isinstance(span.style, Style) and "link" in span.style.meta
        ]
        # What is highlighted: a link's index, or a text to find with the index of the current match.
        self.marked: tuple[int | None, str, int | None] = (None, "", None)
        self.highlights: tuple[Style, Style] = (Style(reverse=True), Style(underline=True))  # the one, the others
        self._wrapped: tuple[tuple, list[Content], int | None] = ((), [], None)

    def __str__(self) -> str:
        return self.plain

    # layout

    def matches(self, text: str) -> list[tuple[int, int, int]]:
        """Where `text` occurs, ignoring case: (block, start, end) in reading order."""
        needle = text.casefold()
        found = []
        if needle:
            for index, block in enumerate(self.blocks):
                haystack, start = block.text.plain.casefold(), 0
                while (start := haystack.find(needle, start)) >= 0:
                    found.append((index, start, start + len(needle)))
                    start += len(needle)
        return found

    def _marks(self) -> dict[int, list[Span]]:
        """The highlight spans to lay over each block, and which of them is the one pointed at."""
        link, text, current = self.marked
        pointed, other = self.highlights
        marks: dict[int, list[Span]] = {}
        if link is not None and 0 <= link < len(self.links):
            index, start, end, _ = self.links[link]
            marks[index] = [Span(start, end, pointed)]
        for number, (index, start, end) in enumerate(self.matches(text)):
            marks.setdefault(index, []).append(Span(start, end, pointed if number == current else other))
        return marks

    def marked_line(self, width: int) -> int | None:
        """The first line showing the link or match pointed at."""
        self.lines(width)
        return self._wrapped[2]

    def lines(self, width: int) -> list[Content]:
        """The page wrapped to `width` cells, kept for the last width and highlights asked."""
        if self._wrapped[0] != (width, self.marked):
            marks = self._marks()
            lines: list[Content] = []
            pointed: int | None = None
            for index, block in enumerate(self.blocks):
                room = max(1, width - block.first.cell_length)
                if block.rule:
                    lines.append(block.first + Content.styled("─" * room, ".reader--rule"))
                    continue
                text = block.text.add_spans(marks[index]) if index in marks else block.text
                wrapped = text.wrap(room) if text else [Content()]
                if index in marks and pointed is None:
                    pointed = next(
                        (
                            len(lines) + i
                            for i, line in enumerate(wrapped)
                            if any(span.style is self.highlights[0] for span in line.spans)
                        ),
                        None,
                    )
                lines += [_prefixed(block.first if i == 0 else block.rest, line) for i, line in enumerate(wrapped)]
            self._wrapped = ((width, self.marked), lines, pointed)
        return self._wrapped[1]

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        strips = Content("\n").join(self.lines(width)).render_strips(width, height, style, options)
        return [
            strip if all(segment.text for segment in strip) else Strip([s for s in strip if s.text], strip.cell_length)
            for strip in strips
        ]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))

    # parsing

    def _parse(self, markdown: str) -> list[_Line]:
        """The blocks of a text; plain prose is its paragraphs without the parser (home's summary, at start-up)."""
        paragraphs = plain_paragraphs(markdown)
        if paragraphs is not None:
            lines: list[_Line] = []
            for text in paragraphs:
                if lines:
                    lines.append(_Line(Content(), Content(), Content()))  # the blank line between blocks
                lines.append(_Line(Content(), Content(), Content(text)))
            return lines
        from markdown_it.tree import SyntaxTreeNode

        return self._blocks(SyntaxTreeNode(parser().parse(markdown)).children, Content(), Content(), 0, gap=True)

    def _blocks(self, nodes: list[SyntaxTreeNode], first: Content, rest: Content, depth: int, gap: bool) -> list[_Line]:
        """Blocks in order: only the first line of the first block gets `first` as its prefix."""
        lines: list[_Line] = []
        for node in nodes:
            if lines and gap:
                lines.append(_Line(rest, rest, Content()))
            lines += self._block(node, rest if lines else first, rest, depth)
        return lines

    def _block(self, node: SyntaxTreeNode, first: Content, rest: Content, depth: int) -> list[_Line]:
        kind = node.type
        if kind == "paragraph":
            return [_Line(first, rest, self._inline(node))]
        if kind == "heading":
            return [_Line(first, rest, self._inline(node).stylize_before(".reader--heading"))]
        if kind in ("bullet_list", "ordered_list"):
            start = int(node.attrs.get("start", 1) or 1)
            markers = [
                f"{start + i}." if kind == "ordered_list" else BULLETS[depth % len(BULLETS)]
                for i in range(len(node.children))
            ]
            width = max((cell_len(m) for m in markers), default=1) + (
                kind == "ordered_list"
            )  # numbers sit one cell in, as in Textual's Markdown
            lines: list[_Line] = []
            for marker, item in zip(markers, node.children, strict=True):
                bullet = Content.styled(marker.rjust(width) + " ", ".reader--bullet")
                lines += self._blocks(
                    item.children, (rest if lines else first) + bullet, rest + " " * (width + 1), depth + 1, gap=False
                )
            return lines
        if kind == "blockquote":
            bar = Content.styled("▌ ", ".reader--quote")
            return self._blocks(node.children, first + bar, rest + bar, depth, gap=True)
        if kind in ("fence", "code_block"):
            code = node.content.rstrip("\n").split("\n")
            return [
                _Line(first if i == 0 else rest, rest, Content.styled(line, ".reader--code"))
                for i, line in enumerate(code)
            ]
        if kind == "hr":
            return [_Line(first, rest, Content()), _Line(rest, rest, Content(), rule=True)]
        if kind == "table":
            rows = [row for part in node.children for row in part.children]
            return [
                _Line(first if i == 0 else rest, rest, Content(" │ ".join(_text(cell) for cell in row.children)))
                for i, row in enumerate(rows)
            ]
        return [_Line(first, rest, Content(_text(node)))]

    def _inline(self, node: SyntaxTreeNode) -> Content:
        """A paragraph's or heading's text, with emphasis, code and links as spans."""
        parts: list[str] = []
        spans: list[Span] = []
        position = 0

        def add(text: str, style: Style | str = "") -> None:
            nonlocal position
            parts.append(text)
            if style and text:
                spans.append(Span(position, position + len(text), style))
            position += len(text)

        def walk(parent: SyntaxTreeNode) -> None:
            for child in parent.children:
                kind = child.type
                if kind in ("text", "html_inline"):
                    add(re.sub(r"\s+", " ", child.content))
                elif kind == "softbreak":
                    add(" ")
                elif kind == "hardbreak":
                    add("\n")
                elif kind == "code_inline":
                    add(child.content, ".reader--code")
                elif kind == "image":
                    add(_text(child) or str(child.attrs.get("alt", "")))
                else:
                    start = position
                    walk(child)
                    if kind == "link":
                        href = str(child.attrs.get("href", ""))
                        if is_web_address(href) and _text(child) != href:
                            add(f" ({href})")  # the address is shown: the app opens no browser
                        target = parse_href(href)
                        spans.append(Span(start, position, LINK_STYLES[target.kind] if target else ".reader--go"))
                        spans.append(
                            Span(start, position, Style.from_meta({"@click": f"link({href!r})", "link": href}))
                        )
                    elif kind in INLINE_STYLES:
                        spans.append(Span(start, position, INLINE_STYLES[kind]))

        for inline in node.children:
            walk(inline)
        return Content("".join(parts), spans=spans)


def _prefixed(prefix: Content, line: Content) -> Content:
    return prefix + line if prefix else line


def _text(node: SyntaxTreeNode) -> str:
    """The plain text inside a node."""
    if node.type in ("text", "code_inline", "html_inline", "fence", "code_block", "html_block"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_text(child) for child in node.children)


def _plain(line: _Line) -> str:
    return (line.first.plain + line.text.plain).rstrip()

"""The one Markdown parser: what `check`, the auto-linker, the reader and the exports agree a text holds.

markdown-it parses pack text (CommonMark with GitHub's tables and strikethrough,
raw HTML as text). Its tokens say what is a link and what is code, but not where
in the text they sit; `scan` adds that, by noting where the inline rules for
links, images, code spans and autolinks matched, so a link can be rewritten and
a term linked in place without a second, disagreeing parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from explainer.record import Record, replace

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

_RECORDED = ("backticks", "link", "image", "autolink")  # the inline rules whose text is not prose


@cache
def parser() -> MarkdownIt:
    """CommonMark with GitHub's tables and strikethrough; raw HTML stays text (nothing an author
    writes becomes markup), and no linkify: a bare web address is text, and the app opens no browser.
    markdown-it is imported only now: a check whose scans are all kept (pack/scan_cache.py) never needs it, nor
    does a first screen whose text is plain prose (`plain_paragraphs`); loading it is a twentieth of a launch."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


# What would open a block where a text begins: "1." or "1)", "-", "+" or "*" and a space, "#", ">", "=".
_BLOCK_OPENER = re.compile(r"^(\s*)(\d{1,9}(?=[.)](?:\s|$))|(?=[-+*](?:\s|$))|(?=[#>=]))(.)", re.DOTALL)


def block_escaped(text: str) -> str:
    """`text` with what would open a block where it begins escaped, so it stays text in the paragraph or list
    item it is put in: a key point an author began "1. …" is one item saying "1. …", not a list nested in it."""
    return _BLOCK_OPENER.sub(lambda m: f"{m[1]}{m[2]}\\{m[3]}", text, count=1)


# What could make a text more than paragraphs: a mark anywhere (emphasis, code, links, HTML, entities,
# escapes, tables, strikethrough), a line that could open a block (list, heading, quote, setext underline,
# indented code), a hard break (two spaces at a line's end), a NUL, or whitespace other than spaces and newlines.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&|~\x00]|^ {0,3}(?:[-+=#>]|\d+[.)])|^ {4}| {2}$|[^\S \n]", re.MULTILINE)


def plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of a text in which Markdown could find nothing else, each as one line of words;
    None if it might (then only `parser` can say). A shortcut past the parser, and past importing it, for
    plain prose: the same paragraphs the parser finds (tests/test_one_markdown_parser.py)."""
    if _NOT_PLAIN.search(text):
        return None
    return [" ".join(paragraph.split()) for paragraph in re.split(r"\n *\n", text) if paragraph.strip()]


class MarkdownLink(Record):
    """A link or image as written: where it sits in the text, its address, its words."""

    start: int
    end: int
    href: str
    text: str
    title: str = ""
    image: bool = False
    emphasized: bool = False  # inside *emphasis* or **strong**: a rewrite must not add its own


class Scan(Record):
    """A text's links, and which characters are prose (where a term may be linked)."""

    links: tuple[MarkdownLink, ...]
    prose: tuple[bool, ...]

    def is_prose(self, start: int, end: int, text: str) -> bool:
        """Whether text[start:end] lies in prose: no code, no link, no markup but spaces between."""
        inside = self.prose[start:end]
        return (
            bool(inside)
            and inside[0]
            and inside[-1]
            and all(ok or text[start + i].isspace() for i, ok in enumerate(inside))
        )


# Scans made by earlier runs, and those this run uses, while `pack/scan_cache.py` keeps them on disk.
kept_scans: tuple[dict[str, Scan], dict[str, Scan]] | None = None


@lru_cache(maxsize=4096)
def scan(text: str) -> Scan:
    """Parse once and locate every link and every character of prose. Kept per text: `check` and the links
    of each section ask about the same texts (447 scans of 240 texts for the shipped pack)."""
    if not text:
        return Scan((), ())
    if kept_scans is None:
        return _scanned(text)
    earlier, used = kept_scans
    found = used[text] = earlier.get(text) or _scanned(text)
    return found


def _scanned(text: str) -> Scan:
    env: dict[str, object] = {}
    tokens = _recording_parser().parse(text, env)
    found: dict[str, list[tuple[int, int, str, list[Token]]]] = env.get("spans", {})  # type: ignore[assignment]  # env is markdown-it's untyped dict; _recorder fills this key
    line_starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(i + 1)
    prose = [False] * len(text)
    links: list[MarkdownLink] = []
    cursor = 0
    for token in tokens:
        if token.type != "inline" or token.map is None:
            continue
        offsets = _locate(token.content, text, line_starts, token.map[0], cursor)
        if offsets is None:
            continue
        cursor = offsets[-1] if offsets else cursor
        for at in offsets:
            prose[at] = True
        here: dict[int, MarkdownLink] = {}
        for start, end, rule, made in found.get(token.content, []):
            if end - 1 >= len(offsets):
                continue
            for i in range(start, end):
                prose[offsets[i]] = False
            if rule in ("link", "image", "autolink"):
                link = _link(rule, made, offsets[start], offsets[end - 1] + 1)
                if link is not None:
                    here[link.start] = link  # a repeated paragraph is recorded once per copy
        ordered = sorted(here.values(), key=lambda link: link.start)
        links += [
            replace(link, emphasized=inside)
            for link, inside in zip(ordered, _emphasis(token.children or []), strict=False)
        ]
    return Scan(tuple(links), tuple(prose))


def links_in(text: str) -> tuple[MarkdownLink, ...]:
    """Every link and image in a text, in order; none from inside code."""
    return scan(text).links


def _link(rule: str, made: list[Token], start: int, end: int) -> MarkdownLink | None:
    opening = next((t for t in made if t.type in ("link_open", "image")), None)
    if opening is None:
        return None
    href = str(opening.attrs.get("href", opening.attrs.get("src", "")))
    title = str(opening.attrs.get("title", ""))
    if rule == "image":
        return MarkdownLink(start, end, href, _plain(opening.children or []), title, image=True)
    inner = made[made.index(opening) + 1 : -1] if made and made[-1].type == "link_close" else made[1:]
    return MarkdownLink(start, end, href, _plain(inner), title)


def _emphasis(tokens: list[Token]) -> list[bool]:
    """For each link and image among an inline token's children, in order: is it inside emphasis?"""
    depth, inside = 0, []
    for token in tokens:
        if token.type in ("em_open", "strong_open", "s_open"):
            depth += 1
        elif token.type in ("em_close", "strong_close", "s_close"):
            depth -= 1
        elif token.type in ("link_open", "image"):
            inside.append(depth > 0)
    return inside


def _plain(tokens: list[Token]) -> str:
    return "".join(
        t.content if t.type in ("text", "code_inline") else " " if "break" in t.type else _plain(t.children or [])
        for t in tokens
    )


def _locate(content: str, text: str, line_starts: list[int], first_line: int, cursor: int) -> list[int] | None:
    """Where each character of an inline token's content is in the text (block prefixes like '> ' removed)."""
    offsets: list[int] = []
    for k, part in enumerate(content.split("\n")):
        line_no = first_line + k
        if line_no >= len(line_starts):
            return None
        begin = line_starts[line_no]
        finish = line_starts[line_no + 1] - 1 if line_no + 1 < len(line_starts) else len(text)
        line = text[begin:finish]
        stripped = line.rstrip()
        if part and stripped.endswith(part.rstrip()) and part.rstrip() == part:
            at = begin + len(stripped) - len(part)
        else:
            at = text.find(part, max(begin, cursor), finish + 1) if part else begin
        if at < 0:
            return None
        offsets += range(at, at + len(part))
        if k < content.count("\n"):
            offsets.append(at + len(part))  # the line break: a space between words of a name
        cursor = at + len(part)
    return offsets


@cache
def _recording_parser() -> MarkdownIt:
    """The same parser, its non-prose inline rules wrapped to note where they matched."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    for name in _RECORDED:
        md.inline.ruler.at(name, _recorder(name, _rule(md, name)))
    return md


def _rule(md: MarkdownIt, name: str) -> Callable[[StateInline, bool], bool]:
    for rule in md.inline.ruler.__rules__:
        if rule.name == name:
            return rule.fn
    raise LookupError(name)  # pragma: no cover - markdown-it renamed a rule


def _recorder(name: str, rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    def record(state: StateInline, silent: bool) -> bool:
        start, made = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            spans = state.env.setdefault("spans", {})
            spans.setdefault(state.src, []).append((start, state.pos, name, state.tokens[made:]))
        return matched

    return record

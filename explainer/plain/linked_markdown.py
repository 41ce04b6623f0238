"""A pack's internal links, rewritten for pages that are not the TUI.

The TUI follows `term:ID`, `section:ID`, `event:ID` and `topic:ID` links itself.
On stdout a link must become words a reader can act on, and in an exported file
an anchor inside that file. One rewrite serves both, so `read` and `export` agree;
what is a link is decided by the one Markdown parser (`pack/markdown.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from explainer.pack.labels import section_label
from explainer.pack.links import explicit_links, is_web_address
from explainer.pack.markdown import MarkdownLink, block_escaped
from explainer.pack.model import Link, Pack

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
_POSSESSIVE = re.compile(r"['\u2019]s\b")  # "Japan's", straight or curly


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    """Plain text (a name, a title) made safe to drop into Markdown; `line_start` where it may begin a block."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    return block_escaped(escaped) if line_start else escaped


def anchor(kind: str, target: str) -> str:
    """The element id a section, term, event or topic has in an exported file."""
    return f"{kind}-{target}"


def target_exists(pack: Pack, link: Link) -> bool:
    """Whether a link points at something the pack holds."""
    lookup = {"term": pack.term, "section": pack.section, "event": pack.event, "topic": pack.topic}
    return lookup[link.kind](link.target) is not None


Rewrite = Callable[[Link, MarkdownLink, str], tuple[str, int]]


def rewrite_links(markdown: str, pack: Pack, rewrite: Rewrite, web: Callable[[MarkdownLink], str]) -> str:
    """Every internal link replaced by `rewrite(link, as written, text after it)` → (new text, characters
    of what follows it also replaced); a web address by `web(link)`; a dangling link or an image keeps its text."""
    out: list[str] = []
    cursor = 0
    for link, written in explicit_links(markdown):
        if written.start < cursor:
            continue
        out.append(markdown[cursor : written.start])
        cursor = written.end
        if link is not None and target_exists(pack, link):
            text, taken = rewrite(link, written, markdown[written.end :])
            out.append(text)
            cursor += taken
        elif link is None and not written.image and is_web_address(written.href):
            out.append(web(written))
        else:
            out.append(escape_markdown(written.text, line_start=False))
    out.append(markdown[cursor:])
    return "".join(out)


def link_title(pack: Pack, link: Link) -> str:
    """What a link points at, in a few words: a hover title, or a pointer in plain text."""
    if link.kind == "term" and (term := pack.term(link.target)):
        return term.definition
    if link.kind == "section" and (section := pack.section(link.target)):
        return section_label(pack, section)
    if link.kind == "topic" and (topic := pack.topic(link.target)):
        return topic.question
    if link.kind == "event" and (event := pack.event(link.target)):
        return f"{event.when_label}: {event.title}"
    return link.target  # none in a checked pack: every target is known


def anchored(markdown: str, pack: Pack) -> str:
    """Links turned into `#kind-id` anchors of the exported file, titled with what they point at.

    A web address stays a link: an exported file is opened on the reader's own machine.
    """

    def to_anchor(link: Link, written: MarkdownLink, after: str) -> tuple[str, int]:
        title = " ".join(link_title(pack, link).split()).replace("\\", "\\\\").replace('"', '\\"')
        return f'[{escape_markdown(link.text, line_start=False)}](#{anchor(link.kind, link.target)} "{title}")', 0

    def to_web(written: MarkdownLink) -> str:
        return f"[{escape_markdown(written.text, line_start=False)}](<{written.href}>)"

    return rewrite_links(markdown, pack, to_anchor, to_web)


def marked(markdown: str, pack: Pack) -> str:
    """Links turned into words for a terminal or a screen reader: terms in italics, the rest named.

    A term carries no mark a screen reader would say ("President Trump star"): styled, it is in italics; in
    plain text it is bare, and each page lists its terms after it (plain/read.py). The italics take in a
    possessive ("Japan's", not "Japan" then "'s"), and a term inside italics is not italicised again (which
    would leave stray asterisks in plain text).
    """

    def to_words(link: Link, written: MarkdownLink, after: str) -> tuple[str, int]:
        text = escape_markdown(link.text, line_start=False)
        if link.kind == "term":
            possessive = _POSSESSIVE.match(after)
            tail = possessive[0] if possessive else ""
            return (f"{text}{tail}" if written.emphasized else f"*{text}{tail}*"), len(tail)
        if link.kind == "section":
            return f"{text} (see section {pack.section_number(link.target)})", 0
        if link.kind == "topic":
            return f"{text} (see the perspectives)", 0
        when = event.when if (event := pack.event(link.target)) else ""
        said = when.casefold() in link.text.casefold()
        return f"{text} (see the timeline{'' if said else ': ' + escape_markdown(when, line_start=False)})", 0

    def to_web(written: MarkdownLink) -> str:
        text = escape_markdown(written.text, line_start=False)
        address = escape_markdown(written.href, line_start=False)
        return address if written.text == written.href else f"{text} ({address})"

    return rewrite_links(markdown, pack, to_words, to_web)

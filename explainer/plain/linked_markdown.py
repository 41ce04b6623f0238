"""A pack's internal links, rewritten for pages that are not the TUI.

The TUI follows `term:ID`, `section:ID` and `event:ID` links itself. On stdout
a link must become words a reader can act on, and in an exported file an anchor
inside that file. One rewrite serves both, so `read` and `export` agree.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from explainer.pack.links import MARKDOWN_LINK, parse_href
from explainer.pack.model import Link, Pack

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")
_LINE_START_SPECIAL = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])")


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    """Plain text (a name, a title) made safe to drop into Markdown; `line_start` where it may begin a block."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return escaped
    return _LINE_START_SPECIAL.sub(
        lambda m: m[1] + "".join("\\" + ch if not ch.isdigit() else ch for ch in m[2]), escaped
    )


def anchor(kind: str, target: str) -> str:
    """The element id a section, term, event or topic has in an exported file."""
    return f"{kind}-{target}"


def target_exists(pack: Pack, link: Link) -> bool:
    """Whether a link points at something the pack holds."""
    return {"term": pack.term, "section": pack.section, "event": pack.event}[link.kind](link.target) is not None


def rewrite_links(markdown: str, pack: Pack, rewrite: Callable[[Link], str]) -> str:
    """Every internal link replaced by `rewrite(link)`; a dangling one keeps only its text."""

    def replace(match: re.Match[str]) -> str:
        link = parse_href(match["href"])
        if link is None:
            return match[0]
        link = Link(link.kind, link.target, match["text"])
        return rewrite(link) if target_exists(pack, link) else match["text"]

    return MARKDOWN_LINK.sub(replace, markdown)


def link_title(pack: Pack, link: Link) -> str:
    """What a link points at, in a few words: a hover title, or a pointer in plain text."""
    if link.kind == "term":
        return pack.term(link.target).definition  # type: ignore[union-attr]
    if link.kind == "section":
        section = pack.section(link.target)
        return f"{pack.section_position(link.target) + 1}. {section.question}"  # type: ignore[union-attr]
    event = pack.event(link.target)
    return f"{event.when_label}: {event.title}"  # type: ignore[union-attr]


def anchored(markdown: str, pack: Pack) -> str:
    """Links turned into `#kind-id` anchors of the exported file, titled with what they point at."""

    def to_anchor(link: Link) -> str:
        title = " ".join(link_title(pack, link).split()).replace("\\", "\\\\").replace('"', '\\"')
        return f'[{link.text}](#{anchor(link.kind, link.target)} "{title}")'

    return rewrite_links(markdown, pack, to_anchor)


TERM_MARK = "*"


def marked(markdown: str, pack: Pack) -> str:
    """Links turned into words for a terminal or a screen reader: terms marked, sections and events named."""

    def to_words(link: Link) -> str:
        if link.kind == "term":
            return f"*{link.text}*\\{TERM_MARK}"
        if link.kind == "section":
            return f"{link.text} (see section {pack.section_position(link.target) + 1}, {escape_markdown(link.target)})"
        when = pack.event(link.target).when  # type: ignore[union-attr]
        said = when.casefold() in link.text.casefold()
        return f"{link.text} (see the timeline{'' if said else ': ' + escape_markdown(when, line_start=False)})"

    return rewrite_links(markdown, pack, to_words)

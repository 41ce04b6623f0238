"""Links between sections, terms and events.

Authors write `[text](term:ID)`, `[text](section:ID)`, `[text](event:ID)` and
`[text](topic:ID)`; the engine also links the first mention of each glossary
term in a section. What counts as a link (and what is code) is markdown-it's
call, through `pack/markdown.py`, so check, reader and exports agree.
`LinkGraph` does that once per pack and answers "what links where", so
backlinks ("used in") are computed, never typed by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from explainer.pack.markdown import MarkdownLink, Scan, links_in, scan
from explainer.pack.model import Link, LinkKind, Pack, Section, Term
from explainer.record import Record

LINK_KINDS: tuple[LinkKind, ...] = ("section", "term", "event", "topic")
WEB_SCHEMES = ("http://", "https://")


def parse_href(href: str) -> Link | None:
    """`term:sanctions` → Link("term", "sanctions"); None for anything else."""
    kind, sep, target = href.partition(":")
    if sep and kind in LINK_KINDS and target:
        return Link(kind, target)
    return None


def is_web_address(href: str) -> bool:
    """A link to the web: shown with its address, never opened (the server opens no browser)."""
    return href.lower().startswith(WEB_SCHEMES)


def explicit_links(markdown: str) -> Iterator[tuple[Link | None, MarkdownLink]]:
    """Every Markdown link and image in a text as (our link, or None for any other, as written)."""
    for written in links_in(markdown):
        link = None if written.image else parse_href(written.href)
        yield (Link(link.kind, link.target, written.text) if link else None), written


def _is_case_sensitive(name: str) -> bool:
    """Acronyms and names like "New START" must match their exact case."""
    return any(ch.isupper() for ch in name[1:])


class TermMatcher:
    """Finds mentions of glossary terms (and their aliases) in prose.

    Two patterns of every name (one exact-case for acronyms, one
    case-insensitive), each a trie of the names, so a text is scanned twice and
    the work at each word does not grow with the size of the glossary.
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        self._by_name: dict[str, str] = {}
        for term in terms:
            for name in term.names:
                if name.strip():
                    name = " ".join(name.split())
                    self._by_name.setdefault(name.casefold(), term.id)
                    self._by_name.setdefault(name, term.id)
        names = {name for term in terms for name in term.names if name.strip()}
        self._patterns = [
            _alternation([n for n in names if _is_case_sensitive(n)], 0),
            _alternation([n for n in names if not _is_case_sensitive(n)], re.IGNORECASE),
        ]

    def mentions(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, term id) for every mention, left to right, longest first where they overlap."""
        found = sorted(
            ((m.start(), m.end(), m.group()) for pattern in self._patterns if pattern for m in pattern.finditer(text)),
            key=lambda hit: (hit[0], hit[0] - hit[1]),
        )
        cursor = 0
        for start, end, text in found:
            word = " ".join(text.split())
            if start >= cursor:
                cursor = end
                yield start, end, self._by_name.get(word) or self._by_name[word.casefold()]


_SPACE = " "  # in a trie, any run of whitespace: a name wrapped across lines is still found
_END = ""  # in a trie, "a name ends here"
_Trie = dict[str, "_Trie"]  # each unit of a name leads on to the units that may follow it


def _alternation(names: list[str], flags: int) -> re.Pattern[str] | None:
    """One pattern matching any of `names`, the longest where several match at one place.

    A plain alternation of thousands of names makes the regex engine try each
    name at each word (minutes for a big pack); the same names as a trie share
    their prefixes, so each word costs a few steps.
    """
    if not names:
        return None
    fold = bool(flags & re.IGNORECASE)
    trie: _Trie = {}
    for name in names:
        node = trie
        for unit in _SPACE.join(name.split()):
            node = node.setdefault(unit.lower() if fold and len(unit.lower()) == 1 else unit, {})
        node[_END] = {}
    try:
        return re.compile(rf"(?<![\w-])(?:{_trie_pattern(trie)})(?![\w-])", flags)
    except (RecursionError, re.error):  # a pathological glossary: fall back to the plain alternation
        alternation = "|".join(
            r"\s+".join(map(re.escape, name.split())) for name in sorted(names, key=len, reverse=True)
        )
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", flags)


def _trie_pattern(node: _Trie) -> str:
    """A trie as a regex; longer names are tried first, and the engine backtracks to shorter ones."""
    chain = []
    while len(node) == 1 and _END not in node:  # a run with no branch and no end: no group needed
        ((unit, node),) = node.items()
        chain.append(r"\s+" if unit == _SPACE else re.escape(unit))
    branches = [
        (r"\s+" if unit == _SPACE else re.escape(unit)) + _trie_pattern(child)
        for unit, child in node.items()
        if unit != _END
    ]
    if not branches:
        return "".join(chain)
    rest = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        rest = f"(?:{rest})?"
    return "".join(chain) + rest


class LinkedSection(Record):
    """A section's texts with first mentions of terms turned into links."""

    short_answer: str
    body: str
    key_points: tuple[str, ...]
    links: tuple[Link, ...]


def _autolink(text: str, matcher: TermMatcher, linked: set[str]) -> tuple[str, list[Link]]:
    """Link the first mention of each term not yet in `linked`, in prose only (not in links or code)."""
    out: list[str] = []
    found: list[Link] = []
    cursor = 0
    prose: Scan | None = None
    for start, end, term_id in matcher.mentions(text):
        if term_id in linked:
            continue
        prose = prose or scan(text)
        if not prose.is_prose(start, end, text):
            continue
        linked.add(term_id)
        out += [text[cursor:start], f"[{text[start:end]}](term:{term_id})"]
        found.append(Link("term", term_id, text[start:end]))
        cursor = end
    out.append(text[cursor:])
    return "".join(out), found


def link_section(section: Section, matcher: TermMatcher) -> LinkedSection:
    """Apply auto-linking to a section, in reading order, and list all its links."""
    texts = [section.short_answer, section.body, *section.key_points]
    linked = {link.target for text in texts for link, _ in explicit_links(text) if link and link.kind == "term"}
    links: list[Link] = []
    result: list[str] = []
    for text in texts:
        new_text, _ = _autolink(text, matcher, linked)
        result.append(new_text)
        links += [link for link, _ in explicit_links(new_text) if link]
    links += [Link("section", related) for related in section.related]
    return LinkedSection(result[0], result[1], tuple(result[2:]), tuple(links))


class LinkGraph:
    """Every link of a pack, in both directions. Built once per pack."""

    def __init__(self, pack: Pack) -> None:
        self._pack = pack
        matcher = TermMatcher(pack.terms)  # not kept: a graph holds only plain data, and pickles small (pack/cache.py)
        self._sections = {s.id: link_section(s, matcher) for s in pack.sections}
        self._incoming: dict[tuple[str, str], list[str]] = {}
        for section_id, linked in self._sections.items():
            for link in linked.links:
                sources = self._incoming.setdefault((link.kind, link.target), [])
                if section_id not in sources:
                    sources.append(section_id)

    def section(self, section_id: str) -> LinkedSection:
        return self._sections[section_id]

    def used_in(self, term_id: str) -> tuple[Section, ...]:
        """Sections that mention or link a term: the glossary's backlinks."""
        return self._sections_for("term", term_id)

    def linked_from(self, section_id: str) -> tuple[Section, ...]:
        """Other sections that link to this one."""
        return tuple(s for s in self._sections_for("section", section_id) if s.id != section_id)

    def _sections_for(self, kind: str, target: str) -> tuple[Section, ...]:
        ids = self._incoming.get((kind, target), [])
        return tuple(s for s in (self._pack.section(i) for i in ids) if s is not None)

    @property
    def count(self) -> int:
        """How many links the pack holds, across sections, glossary, timeline and views."""
        section_links = sum(len(s.links) for s in self._sections.values())
        term_links = sum(len(t.see_also) + sum(1 for _ in explicit_links(t.example)) for t in self._pack.terms)
        other = len(self._pack.events) + sum(len(topic.views) for topic in self._pack.topics)
        question_links = sum(1 + len(q.terms) for q in self._pack.questions)
        return section_links + term_links + other + question_links

"""Sources and terms in plain output; how sections and sources are named is explainer.pack.labels."""

from __future__ import annotations

from explainer.pack.links import explicit_links
from explainer.pack.model import Pack, Section, Source, Term
from explainer.plain.linked_markdown import escape_markdown


def source_markdown(source: Source) -> str:
    """A source as one line of Markdown: title, outlet, and how far to trust it."""
    parts = [
        f"**{escape_markdown(source.title, line_start=False)}**"
        + (f" (cited as {escape_markdown(source.short, line_start=False)})" if source.short else ""),
        escape_markdown(source.outlet),
        escape_markdown(source.note),
    ]
    return " — ".join(part for part in parts if part)


def glossary_order(pack: Pack) -> tuple[Term, ...]:
    """Terms alphabetically, as a reader scans a glossary."""
    return tuple(sorted(pack.terms, key=lambda t: t.term.casefold()))


def section_terms(pack: Pack, section: Section) -> tuple[Term, ...]:
    """Terms a section links (written or automatic), in the order a reader meets them."""
    links = [*pack.links.section(section.id).links]
    links += [link for link, _ in explicit_links(section.critical_note) if link]
    ids = dict.fromkeys(link.target for link in links if link.kind == "term")
    return tuple(term for term in (pack.term(i) for i in ids) if term is not None)

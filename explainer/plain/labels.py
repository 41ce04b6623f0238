"""How sections, sources and terms are named in text, the same way in every plain output."""

from __future__ import annotations

from explainer.pack.links import explicit_links
from explainer.pack.model import Pack, Section, Source, Term
from explainer.plain.linked_markdown import escape_markdown


def section_label(pack: Pack, section: Section) -> str:
    """'2. Why is Trump meeting Putin?': the number lets a reader find it in order."""
    return f"{pack.section_position(section.id) + 1}. {section.question}"


def source_label(pack: Pack, source_id: str, *, outlet: bool = True) -> str:
    """The article a section or term cites: its short name, or in full with title and outlet where there is room."""
    source = pack.source(source_id)
    if source is None:
        return source_id
    if not outlet:
        return source.name
    full = f"{source.title} — {source.outlet}" if source.outlet else source.title
    return f"{source.short} — {full}" if source.short else full


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

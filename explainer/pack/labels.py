"""How a pack's sections and sources are named wherever they are shown: screens, plain text, exports, reports."""

from __future__ import annotations

from explainer.pack.model import Pack, Section


def section_label(pack: Pack, section: Section) -> str:
    """'2. Why is Trump meeting Putin?': the number lets a reader find it in order."""
    return f"{pack.section_number(section.id)}. {section.question}"


def source_label(pack: Pack, source_id: str, *, outlet: bool = True) -> str:
    """The article a section or term cites: its short name (`outlet=False`, for running text and screens), or
    in full with title and outlet where there is room; its id when the pack has no such source."""
    source = pack.source(source_id)
    if source is None:
        return source_id
    if not outlet:
        return source.name
    full = f"{source.title} — {source.outlet}" if source.outlet else source.title
    return f"{source.short} — {full}" if source.short else full

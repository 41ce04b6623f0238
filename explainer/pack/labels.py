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


def sources_label(pack: Pack, source_ids: tuple[str, ...], *, outlet: bool = True) -> str:
    """The sources a text cites, as `source_label` names each: "the Asia-trip explainer and the Korea Times
    report" in running text, or each in full, one after another ("…; and …")."""
    labels = [source_label(pack, source_id, outlet=outlet) for source_id in source_ids]
    if len(labels) < 2:
        return "".join(labels)
    return f"{', '.join(labels[:-1])} and {labels[-1]}" if not outlet else f"{'; '.join(labels[:-1])}; and {labels[-1]}"


def cited(pack: Pack, source_ids: tuple[str, ...], *, outlet: bool = True) -> str:
    """'Source: …', or 'Sources: … and …' for a text that draws on several."""
    return f"{'Sources' if len(source_ids) > 1 else 'Source'}: {sources_label(pack, source_ids, outlet=outlet)}"

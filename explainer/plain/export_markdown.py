"""The whole pack as one Markdown file whose links all lead somewhere inside it.

Every section, term, event and topic carries an explicit `<a id="kind-ID">`
anchor, so links work whatever a renderer does (or does not do) with headings.
"""

from __future__ import annotations

from collections.abc import Iterator

from explainer.pack.labels import cited, section_label, source_label, sources_label
from explainer.pack.markdown import block_escaped
from explainer.pack.model import Event, Pack, Section, Term, Topic, View
from explainer.pack.wording import NOTE_LABEL, example_label
from explainer.plain.labels import glossary_order, section_terms, source_markdown
from explainer.plain.linked_markdown import anchor, anchored, escape_markdown


def markdown_document(pack: Pack) -> str:
    """The pack, in reading order, followed by the glossary, the timeline and the perspectives."""
    return "\n\n".join(_document(pack)).rstrip() + "\n"


def _document(pack: Pack) -> Iterator[str]:
    """The document's blocks, to be joined by blank lines."""
    yield f"# {escape_markdown(pack.title)}"
    yield anchored(pack.summary, pack)
    yield "\n".join(f"- {source_markdown(s)}" for s in pack.sources)
    yield "\n".join(_contents(pack))
    yield _heading(2, "walkthrough", "Walkthrough")
    for section in pack.sections:
        yield from _section(pack, section)
    yield _heading(2, "glossary", "Glossary")
    for term in glossary_order(pack):
        yield from _term(pack, term)
    if pack.events:
        yield _heading(2, "timeline", "Timeline")
        yield "\n".join(_event(pack, event) for event in pack.timeline())
    if pack.topics:
        yield _heading(2, "perspectives", "Perspectives")
        for topic in pack.topics:
            yield from _topic(pack, topic)


def _heading(level: int, element_id: str, text: str) -> str:
    """A heading carrying its own anchor, which no renderer can rename."""
    return f'{"#" * level} <a id="{element_id}"></a>{escape_markdown(text, line_start=False)}'


def _to(kind: str, target: str, text: str) -> str:
    """A link to an anchor of this file."""
    return f"[{escape_markdown(text, line_start=False)}](#{anchor(kind, target)})"


def _contents(pack: Pack) -> Iterator[str]:
    """A table of contents, the way into a long file."""
    yield "**Contents**\n"
    yield "- [Walkthrough](#walkthrough)"
    yield from (f"  - {_to('section', s.id, section_label(pack, s))}" for s in pack.sections)
    yield "- [Glossary](#glossary)"
    if pack.events:
        yield "- [Timeline](#timeline)"
    if pack.topics:
        yield "- [Perspectives](#perspectives)"


def _section(pack: Pack, section: Section) -> Iterator[str]:
    """One walkthrough section under its anchored heading."""
    linked = pack.links.section(section.id)
    yield _heading(3, anchor("section", section.id), section_label(pack, section))
    yield f"*{escape_markdown(cited(pack, section.sources))}*"
    yield "**In short:** " + anchored(linked.short_answer, pack)
    yield anchored(linked.body, pack)
    if linked.key_points:
        yield "**Key points:**\n\n" + "\n".join(
            f"- {block_escaped(anchored(point, pack))}" for point in linked.key_points
        )
    if section.critical_note:
        yield "> **Read critically:** " + anchored(section.critical_note, pack).replace("\n", "\n> ")
    related = [s for s in (pack.section(i) for i in section.related) if s]
    if related:
        yield "**Related:** " + ", ".join(_to("section", s.id, section_label(pack, s)) for s in related)
    terms = section_terms(pack, section)
    if terms:
        yield "**Terms in this section:** " + ", ".join(_to("term", t.id, t.term) for t in terms)


def _term(pack: Pack, term: Term) -> Iterator[str]:
    """One glossary entry with its backlinks, under its anchored heading."""
    yield _heading(3, anchor("term", term.id), term.term)
    details = [f"*Also:* {escape_markdown(', '.join(term.aliases))}"] if term.aliases else []
    details += [f"*Category:* {escape_markdown(term.category)}"] if term.category else []
    if details:
        yield " · ".join(details)
    yield anchored(term.shown_definition, pack)
    if term.example:
        cited = f" *({escape_markdown(sources_label(pack, term.sources, outlet=False))})*" if term.sources else ""
        yield f"**{example_label(pack)}** {anchored(term.example, pack)}{cited}"
    see_also = [t for t in (pack.term(i) for i in term.see_also) if t]
    if see_also:
        yield "**See also:** " + ", ".join(_to("term", t.id, t.term) for t in see_also)
    used_in = pack.links.used_in(term.id)
    if used_in:
        yield "**Used in:** " + ", ".join(_to("section", s.id, section_label(pack, s)) for s in used_in)


def _event(pack: Pack, event: Event) -> str:
    """One timeline entry as a list item with its anchor."""
    section = pack.section(event.section)
    read = f" Read: {_to('section', section.id, section_label(pack, section))}." if section else ""
    source = f" *({escape_markdown(sources_label(pack, event.sources, outlet=False))})*" if event.sources else ""
    detail = " ".join(anchored(event.detail, pack).split())
    note = f" *{escape_markdown(event.status_note)}*" if event.status_note else ""
    return (
        f'- <a id="{anchor("event", event.id)}"></a>**{escape_markdown(event.when_label)}** — '
        f"{escape_markdown(event.title)}. {detail}{note}{read}{source}"
    )


def _topic(pack: Pack, topic: Topic) -> Iterator[str]:
    """One perspective topic: the question and who says what."""
    yield _heading(3, anchor("topic", topic.id), topic.title)
    yield f"**{escape_markdown(topic.question)}**"
    if topic.note:
        yield f"**{NOTE_LABEL}** {anchored(topic.note, pack)}"
    yield "\n".join(_view(pack, view) for view in topic.views)


def _view(pack: Pack, view: View) -> str:
    """One view: who, what they claim, on what basis, and where it is said."""
    who = f"**{escape_markdown(view.who)}**" + (f" ({escape_markdown(view.role)})" if view.role else "")
    basis = f" *Basis:* {' '.join(anchored(view.basis, pack).split())}" if view.basis else ""
    section = pack.section(view.section)
    where = [escape_markdown(source_label(pack, view.source, outlet=False))]
    where += [_to("section", section.id, section_label(pack, section))] if section else []
    return f"- {who}: {' '.join(anchored(view.claim, pack).split())}{basis} ({'; '.join(where)})"

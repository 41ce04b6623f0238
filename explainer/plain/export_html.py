"""The whole pack as one HTML page that reads well offline: no scripts, no fetches.

Pack Markdown is rendered by markdown-it with raw HTML switched off, so nothing an
author writes can inject markup; every other string goes through `html.escape`.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from explainer.pack.labels import cited, section_label, source_label, sources_label
from explainer.pack.markdown import parser
from explainer.pack.model import Event, Pack, Section, Source, Term, Topic, View
from explainer.pack.wording import NOTE_LABEL, example_label
from explainer.plain.labels import glossary_order, section_terms
from explainer.plain.linked_markdown import anchor, anchored

STYLE = """
:root { color-scheme: light dark; --muted: #5b6470; --rule: #d0d7de; --accent: #0b5cad; --note: #fff6d6; }
@media (prefers-color-scheme: dark) { :root { --muted: #9aa4af; --rule: #3a4048; --accent: #7cb7ff; --note: #3a3320; } }
body { font: 1.05rem/1.6 system-ui, sans-serif; max-width: 44rem; margin: 0 auto; padding: 1rem 1.25rem 4rem; }
h1, h2, h3 { line-height: 1.25; }
h2 { margin-top: 3rem; border-bottom: 2px solid var(--rule); padding-bottom: .25rem; }
article { border-top: 1px solid var(--rule); margin-top: 2rem; }
a { color: var(--accent); }
a[href^="#term-"] { text-decoration-style: dotted; text-underline-offset: .2em; }
.meta, .source { color: var(--muted); font-size: .95rem; }
.critical { background: var(--note); border-left: 4px solid #c9a227; padding: .25rem 1rem; margin: 1rem 0; }
.timeline li, .views li { margin-bottom: .75rem; }
:target { scroll-margin-top: 1rem; outline: 2px solid var(--accent); outline-offset: 4px; }
@media print { a { color: inherit; } nav { display: none; } }
"""

_MARKDOWN = parser()  # the one Markdown parser, as check and the reader see the text


def html_document(pack: Pack) -> str:
    """A complete HTML page: head with an inline stylesheet, then the pack in reading order."""
    head = (
        '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, '
        f'initial-scale=1">\n<title>{escape(pack.title)}</title>\n<style>{STYLE}</style>'
    )
    body = "\n".join(_body(pack))
    return f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n'


def _block(pack: Pack, markdown: str) -> str:
    """Pack Markdown (paragraphs, lists) as HTML, its links pointing inside the page."""
    return _MARKDOWN.render(anchored(markdown, pack)).strip()


def _inline(pack: Pack, markdown: str) -> str:
    """A line of pack Markdown as inline HTML, for list items and labels."""
    return _MARKDOWN.renderInline(anchored(markdown, pack))


def _to(kind: str, target: str, text: str) -> str:
    """A link to an element of this page."""
    return f'<a href="#{anchor(kind, target)}">{escape(text)}</a>'


def _body(pack: Pack) -> Iterator[str]:
    """The page in reading order; the timeline and perspectives only where the pack has them."""
    yield f"<header>\n<h1>{escape(pack.title)}</h1>\n{_block(pack, pack.summary)}"
    yield '<ul class="sources">' + "".join(f"<li>{_source(s)}</li>" for s in pack.sources) + "</ul>\n</header>"
    yield "\n".join(_contents(pack))
    yield '<main>\n<section id="walkthrough">\n<h2>Walkthrough</h2>'
    yield from (_section(pack, s) for s in pack.sections)
    yield '</section>\n<section id="glossary">\n<h2>Glossary</h2>'
    yield from (_term(pack, t) for t in glossary_order(pack))
    yield "</section>"
    if pack.events:
        items = "\n".join(_event(pack, e) for e in pack.timeline())
        yield f'<section id="timeline">\n<h2>Timeline</h2>\n<ol class="timeline">\n{items}\n</ol>\n</section>'
    if pack.topics:
        yield '<section id="perspectives">\n<h2>Perspectives</h2>'
        yield from (_topic(pack, t) for t in pack.topics)
        yield "</section>"
    yield "</main>"


def _source(source: Source) -> str:
    """A source with its note, so a reader knows how far to trust it."""
    note = f' <span class="meta">{escape(source.note)}</span>' if source.note else ""
    cited = f" (cited as {escape(source.short)})" if source.short else ""
    return f"<strong>{escape(source.title)}</strong>{cited} — {escape(source.outlet)}.{note}"


def _contents(pack: Pack) -> Iterator[str]:
    """A table of contents, the way into a long page."""
    yield '<nav aria-label="Contents">\n<h2>Contents</h2>\n<ul>'
    sections = "".join(f"<li>{_to('section', s.id, section_label(pack, s))}</li>" for s in pack.sections)
    yield f'<li><a href="#walkthrough">Walkthrough</a><ul>{sections}</ul></li>'
    yield '<li><a href="#glossary">Glossary</a></li>'
    if pack.events:
        yield '<li><a href="#timeline">Timeline</a></li>'
    if pack.topics:
        yield '<li><a href="#perspectives">Perspectives</a></li>'
    yield "</ul>\n</nav>"


def _section(pack: Pack, section: Section) -> str:
    """One walkthrough section as an article with its own anchor."""
    linked = pack.links.section(section.id)
    parts = [
        f'<article id="{anchor("section", section.id)}">',
        f"<h3>{escape(section_label(pack, section))}</h3>",
        f'<p class="source">{escape(cited(pack, section.sources))}</p>',
        _block(pack, "**In short:** " + linked.short_answer),
        _block(pack, linked.body),
    ]
    if linked.key_points:
        points = "".join(f"<li>{_inline(pack, p)}</li>" for p in linked.key_points)
        parts.append(f"<h4>Key points</h4>\n<ul>{points}</ul>")
    if section.critical_note:
        parts.append(f'<aside class="critical">{_block(pack, "**Read critically:** " + section.critical_note)}</aside>')
    related = [s for s in (pack.section(i) for i in section.related) if s]
    if related:
        parts.append(
            "<p><strong>Related:</strong> "
            + ", ".join(_to("section", s.id, section_label(pack, s)) for s in related)
            + "</p>"
        )
    terms = section_terms(pack, section)
    if terms:
        parts.append(
            "<p><strong>Terms in this section:</strong> " + ", ".join(_to("term", t.id, t.term) for t in terms) + "</p>"
        )
    return "\n".join([*parts, "</article>"])


def _term(pack: Pack, term: Term) -> str:
    """One glossary entry with its backlinks, as an article with its own anchor."""
    meta = ([f"Also: {escape(', '.join(term.aliases))}"] if term.aliases else []) + (
        [f"Category: {escape(term.category)}"] if term.category else []
    )
    parts = [f'<article id="{anchor("term", term.id)}" class="term">', f"<h3>{escape(term.term)}</h3>"]
    if meta:
        parts.append(f'<p class="meta">{" · ".join(meta)}</p>')
    parts.append(_block(pack, term.shown_definition))
    if term.example:
        cited = (
            f' <span class="meta">({escape(sources_label(pack, term.sources, outlet=False))})</span>'
            if term.sources
            else ""
        )
        parts.append(f"<p><strong>{escape(example_label(pack))}</strong> {_inline(pack, term.example)}{cited}</p>")
    see_also = [t for t in (pack.term(i) for i in term.see_also) if t]
    if see_also:
        parts.append("<p><strong>See also:</strong> " + ", ".join(_to("term", t.id, t.term) for t in see_also) + "</p>")
    used_in = pack.links.used_in(term.id)
    if used_in:
        parts.append(
            "<p><strong>Used in:</strong> "
            + ", ".join(_to("section", s.id, section_label(pack, s)) for s in used_in)
            + "</p>"
        )
    return "\n".join([*parts, "</article>"])


def _event(pack: Pack, event: Event) -> str:
    """One timeline entry, its anchor on the list item."""
    section = pack.section(event.section)
    read = f" Read: {_to('section', section.id, section_label(pack, section))}." if section else ""
    source = (
        f' <span class="meta">({escape(sources_label(pack, event.sources, outlet=False))})</span>'
        if event.sources
        else ""
    )
    note = f" <em>{escape(event.status_note)}</em>" if event.status_note else ""
    return (
        f'<li id="{anchor("event", event.id)}"><strong>{escape(event.when_label)}</strong> — {escape(event.title)}. '
        f"{_inline(pack, event.detail)}{note}{read}{source}</li>"
    )


def _topic(pack: Pack, topic: Topic) -> str:
    """One perspective topic: the question and who says what."""
    parts = [
        f'<article id="{anchor("topic", topic.id)}">',
        f"<h3>{escape(topic.title)}</h3>",
        f"<p><strong>{escape(topic.question)}</strong></p>",
    ]
    if topic.note:
        parts.append(f'<p class="meta"><strong>{escape(NOTE_LABEL)}</strong> {_inline(pack, topic.note)}</p>')
    views = "\n".join(f"<li>{_view(pack, v)}</li>" for v in topic.views)
    return "\n".join([*parts, f'<ul class="views">\n{views}\n</ul>', "</article>"])


def _view(pack: Pack, view: View) -> str:
    """One view: who, what they claim, on what basis, and where it is said."""
    role = f" ({escape(view.role)})" if view.role else ""
    basis = f" <em>Basis:</em> {_inline(pack, view.basis)}" if view.basis else ""
    section = pack.section(view.section)
    where = [escape(source_label(pack, view.source, outlet=False))]
    where += [_to("section", section.id, section_label(pack, section))] if section else []
    return (
        f"<strong>{escape(view.who)}</strong>{role}: {_inline(pack, view.claim)}{basis} <span "
        f'class="meta">({"; ".join(where)})</span>'
    )

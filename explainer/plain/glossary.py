"""`explainer glossary`: one term, or every term, looked up from the command line.

Each entry says what the term means, how the articles use it, where to read on,
and which sections use it (backlinks computed by the link graph, never typed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from rich.console import RenderableType
from rich.text import Text

from explainer.pack.labels import cited, section_label
from explainer.pack.model import Pack, Term
from explainer.pack.wording import example_label
from explainer.plain.console import emit, make_console, rich_markdown, wants_plain
from explainer.plain.labels import glossary_order
from explainer.plain.linked_markdown import escape_markdown, marked
from explainer.plain.lookup import find_term


def run_glossary(pack: Pack, query: str | None, out: TextIO, *, plain: bool = False, command: str = "explainer") -> int:
    """Print one term (by id, name or alias) or all of them; NotFound for an unknown term."""
    terms = (find_term(pack, query, command=command),) if query else glossary_order(pack)
    console = make_console(out, wants_plain(plain, out))
    for term in terms:
        for renderable in term_entry(pack, term):
            emit(console, renderable)
        console.print()
    return 0


def term_entry(pack: Pack, term: Term) -> Iterator[RenderableType]:
    """One glossary entry: headword, other names, definition, example, see also, used in."""
    details = [f"id: {term.id}"]
    if term.aliases:
        details.insert(0, "also: " + ", ".join(term.aliases))
    if term.category:
        details.append(f"category: {term.category}")
    yield Text.assemble((term.term, "bold"), "\n", ("; ".join(details), "dim"))  # words apart, no "·" said "dot"
    parts = [marked(term.shown_definition, pack)]
    if term.example:
        where = f" ({escape_markdown(cited(pack, term.sources, outlet=False))})" if term.sources else ""
        parts.append(f"**{example_label(pack)}** {marked(term.example, pack)}{where}")
    yield rich_markdown("\n\n".join(parts + _references(pack, term)))


def _references(pack: Pack, term: Term) -> list[str]:
    """See-also and used-in, as Markdown paragraphs."""
    parts = []
    see_also = [t for t in (pack.term(i) for i in term.see_also) if t]
    if see_also:
        parts.append(
            "**See also:** " + ", ".join(escape_markdown(t.term) for t in see_also)  # each looked up by its name
        )
    used_in = [
        f"- {escape_markdown(section_label(pack, s))} ({escape_markdown(s.id)})" for s in pack.links.used_in(term.id)
    ]
    parts.append("**Used in:**\n\n" + "\n".join(used_in) if used_in else "**Used in:** no section yet.")
    return parts

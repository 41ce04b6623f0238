"""`explainer read`: the walkthrough, or one section, as text on stdout.

For pipes, screen readers and anyone who wants the content without the full-screen
app. Nothing here relies on colour: glossary terms are defined after the section
(in the text, italics on a terminal, and no mark a screen reader would read out),
and links to sections and events are named in words.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console, RenderableType
from rich.rule import Rule
from rich.text import Text

from explainer.pack.labels import cited, section_label
from explainer.pack.load import load_pack
from explainer.pack.markdown import block_escaped
from explainer.pack.model import Pack, Section
from explainer.pack.problems import PackError
from explainer.pack.watch import PackWatcher
from explainer.plain.console import emit, make_console, rich_markdown, wants_plain
from explainer.plain.errors import UsageError
from explainer.plain.labels import section_terms, source_markdown
from explainer.plain.linked_markdown import escape_markdown, marked
from explainer.plain.lookup import find_section
from explainer.settings import Settings


def run_read(pack: Pack, query: str | None, out: TextIO, *, plain: bool = False) -> int:
    """Print one section (by id or number) or all of them; NotFound for an unknown section."""
    sections = (find_section(pack, query),) if query else pack.sections
    plain = wants_plain(plain, out)
    console = make_console(out, plain)
    if not query:
        _print_all(console, pack_intro(pack))
    for section in sections:
        if not plain and section is not sections[0]:
            console.print(Rule(style="dim"))
        _print_all(console, section_page(pack, section))
    return 0


def watch_read(settings: Settings, query: str | None, out: TextIO, *, plain: bool = False) -> int:
    """`read --watch`: print, then print again after every save of the pack, the same section each time.

    Runs until interrupted. A save that breaks the pack says its first problem; the next good save prints again.
    """
    watcher = PackWatcher(settings.content_dir)
    while True:
        try:
            run_read(load_pack(settings.content_dir, drafts=settings.drafts), query, out, plain=plain)
        except (PackError, UsageError) as error:
            print(f"explainer: not shown: {error}", file=out)
        print(f"--- watching {settings.content_dir} for changes (Ctrl+C to stop) ---", file=out, flush=True)
        while not watcher.changed():
            time.sleep(WATCH_SECONDS)


WATCH_SECONDS = 0.5


def _print_all(console: Console, renderables: Iterator[RenderableType]) -> None:
    """A blank line after each block, so paragraphs stay apart in plain text too."""
    for renderable in renderables:
        emit(console, renderable)
        console.print()


def pack_intro(pack: Pack) -> Iterator[RenderableType]:
    """Title, summary and sources, printed once before the whole walkthrough."""
    yield Text(pack.title, style="bold")
    yield rich_markdown(marked(pack.summary, pack))
    yield rich_markdown("Sources:\n\n" + "\n".join(f"- {source_markdown(s)}" for s in pack.sources))
    yield Text(f"{len(pack.sections)} sections. Each ends with the glossary terms it uses, and what they mean.")


def section_page(pack: Pack, section: Section) -> Iterator[RenderableType]:
    """One section, top to bottom: where it is, the question, its source, the answer, and its terms."""
    linked = pack.links.section(section.id)
    position = f"Section {pack.section_number(section.id)} of {len(pack.sections)} ({section.id})"
    yield Text.assemble(
        (position, "dim"),
        "\n",
        (section.question, "bold"),
        "\n",
        (cited(pack, section.sources), "italic"),
    )
    yield rich_markdown("**In short:** " + marked(linked.short_answer, pack))
    yield rich_markdown(marked(linked.body, pack))
    if linked.key_points:
        yield rich_markdown(
            "**Key points:**\n\n" + "\n".join(f"- {block_escaped(marked(point, pack))}" for point in linked.key_points)
        )
    if section.critical_note:
        yield rich_markdown("**Read critically:** " + marked(section.critical_note, pack))
    yield from _related(pack, section)
    yield from _terms(pack, section)


def _related(pack: Pack, section: Section) -> Iterator[RenderableType]:
    """Where to read on, with ids a reader can pass to `explainer read`."""
    related = [pack.section(i) for i in section.related]
    lines = [f"- {escape_markdown(section_label(pack, s))} ({escape_markdown(s.id)})" for s in related if s]
    if lines:
        yield rich_markdown("**Related sections:**\n\n" + "\n".join(lines))


def _terms(pack: Pack, section: Section) -> Iterator[RenderableType]:
    """The definitions of the terms marked in the section, so no lookup is needed."""
    terms = section_terms(pack, section)
    lines = [f"- **{escape_markdown(t.term)}**: {marked(t.shown_definition, pack)}" for t in terms]
    if lines:
        yield rich_markdown("**Terms in this section:**\n\n" + "\n".join(lines))

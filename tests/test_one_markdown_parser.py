"""One Markdown parser: check, the auto-linker, the reader and the exports agree on what is a link and what is code.

Each case here is one where a regex and markdown-it used to disagree.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.text import Text

from explainer.pack.load import load_pack, read_pack
from explainer.pack.markdown import links_in, parser, plain_paragraphs
from explainer.pack.model import Pack
from explainer.plain.linked_markdown import anchored, marked
from explainer.plain.read import run_read
from explainer.tui.widgets.reader import MarkdownPage


def set_body(pack_dir: Path, body: str) -> None:
    """Replace section 3's body with `body` (it keeps every other field)."""
    path = pack_dir / "sections" / "03-call-agreement.toml"
    text = path.read_text()
    start = text.index('body = """')
    end = text.index('"""', start + 10) + 3
    path.write_text(text[:start] + f'body = """\n{body}\n"""' + text[end:])


def problems(pack_dir: Path) -> list[str]:
    return [str(p) for p in read_pack(pack_dir)[1] if not p.is_warning]


def click_targets(markdown: str) -> list[str]:
    """Every link the reader makes clickable, in order."""
    return [
        span.style.meta["@click"]
        for line in MarkdownPage(markdown).lines(200)
        for span in line.spans
        if not isinstance(span.style, str) and "@click" in span.style.meta
    ]


def test_a_link_with_a_title_is_checked_and_clickable(pack_copy: Path) -> None:
    set_body(pack_copy, 'Read [the treaty](term:nope "a title") first.')
    assert problems(pack_copy) == ["sections/03-call-agreement.toml: body: link [the treaty]: unknown term 'nope'"]
    set_body(pack_copy, 'Read [the treaty](term:new-start "a title") first.')
    assert problems(pack_copy) == []
    assert click_targets('Read [the treaty](term:new-start "a title") first.') == ["link('term:new-start')"]


def test_a_link_inside_a_code_span_is_code_not_a_link(pack_copy: Path) -> None:
    body = "Authors write `[text](term:nowhere)` to link a term."
    set_body(pack_copy, body)
    assert problems(pack_copy) == []
    assert links_in(body) == ()
    assert click_targets(body) == []
    pack = load_pack(pack_copy)
    assert "`[text](term:nowhere)`" in pack.links.section("call-agreement").body  # untouched for the reader


def test_the_auto_linker_leaves_code_alone(pack_copy: Path) -> None:
    set_body(pack_copy, "The name `New START` is code here. Later New START is prose.")
    body = load_pack(pack_copy).links.section("call-agreement").body
    assert "`New START` is code here. Later [New START](term:new-start) is prose." in body


def test_the_auto_linker_leaves_links_and_fenced_code_alone(pack_copy: Path) -> None:
    set_body(pack_copy, '```\nNew START in a block\n```\n\n[a treaty, New START](section:overview "t") and New START.')
    body = load_pack(pack_copy).links.section("call-agreement").body
    assert "```\nNew START in a block\n```" in body
    assert body.endswith('[a treaty, New START](section:overview "t") and [New START](term:new-start).')


def test_exports_and_plain_text_rewrite_exactly_the_links_the_parser_finds(starter_pack) -> None:
    text = 'See `[x](term:new-start)` and [the treaty](term:new-start "hover").'
    assert anchored(text, starter_pack).startswith("See `[x](term:new-start)` and [the treaty](#term-new-start ")
    assert marked(text, starter_pack) == "See `[x](term:new-start)` and *the treaty*."


def test_a_name_wrapped_across_lines_in_a_list_is_still_linked(pack_copy: Path) -> None:
    set_body(pack_copy, "- the New\n  START treaty\n- > quoted")
    body = load_pack(pack_copy).links.section("call-agreement").body
    assert "[New\n  START](term:new-start)" in body


def test_plain_text_puts_a_term_in_italics_once_with_its_possessive_and_no_stray_asterisks(starter_pack) -> None:
    assert marked("*about [Seoul](term:seoul) today*", starter_pack) == "*about Seoul today*"
    assert marked("[Seoul](term:seoul)'s view", starter_pack) == "*Seoul's* view"


class _Terminal(io.StringIO):
    """stdout as a terminal, so `read` takes its Rich face (colours and styles), not plain text."""

    def isatty(self) -> bool:
        return True


def read_on_a_terminal(pack: Pack, section: str) -> str:
    out = _Terminal()
    run_read(pack, section, out)
    return Text.from_ansi(out.getvalue()).plain


def on_screen(pack: Pack, section: str) -> str:
    """The section's body as the reader draws it."""
    return "\n".join(line.plain for line in MarkdownPage(pack.links.section(section).body).lines(200))


def test_read_on_a_terminal_parses_as_the_screen_does(pack_copy: Path) -> None:
    set_body(
        pack_copy,
        'Write `[text](term:nowhere)` to link. Read [the treaty](term:new-start "a title") and <b>this</b>.\n\n'
        "<div>\nraw HTML is text\n</div>",
    )
    pack = load_pack(pack_copy)
    screen, read = on_screen(pack, "call-agreement"), read_on_a_terminal(pack, "call-agreement")
    for shown in ("[text](term:nowhere)", "<b>this</b>", "<div> raw HTML is text </div>"):
        assert shown in " ".join(screen.split()), shown
        assert shown in " ".join(read.split()), shown  # Rich's own parser showed no HTML at all
    assert "Read the treaty and" in " ".join(screen.split())  # a link, its title not shown
    assert "Read the treaty and" in " ".join(read.split())  # the same link: a term, in italics
    assert click_targets(pack.links.section("call-agreement").body) == ["link('term:new-start')"]


# Plain prose skips the parser (`plain_paragraphs`): the home screen's summary is drawn without loading markdown-it.


def parsed_paragraphs(text: str) -> list[str] | None:
    """The paragraphs markdown-it finds, as the reader joins their lines; None if it finds anything else."""
    paragraphs: list[str] = []
    for token in parser().parse(text):
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type != "inline" or any(child.type not in ("text", "softbreak") for child in token.children or []):
            return None
        words = "".join(" " if child.type == "softbreak" else child.content for child in token.children or [])
        paragraphs.append(" ".join(words.split()))
    return paragraphs


def every_text(pack: Pack) -> list[str]:
    """Each piece of Markdown a pack holds."""
    texts = [pack.summary]
    for section in pack.sections:
        texts += [section.short_answer, section.body, section.critical_note, *section.key_points]
    for term in pack.terms:
        texts += [term.definition, term.example]
    texts += [text for event in pack.events for text in (event.title, event.detail)]
    texts += [question.explanation for question in pack.questions]
    return texts


def random_texts(count: int) -> list[str]:
    """Prose with now and then one of Markdown's marks, indents, line starts or odd spaces mixed in."""
    import random

    words = ["abc", "xyz", "Seoul", "Putin", "the", "of", "1", "2", "2030", "."]
    prose = [*words, " ", " ", " ", ", ", ". ", "; ", ": ", "'", '"', "?", "!", "(", ")", "-"]
    prose += ["\n", "\n\n", "\n  ", "  ", "\n \n"]
    marks = [*"*_`[]<>&|~\\=+#\t\u00a0\x00", "\n- ", "\n1) ", "\n2. ", "\n> ", "\n===", "\n# ", "  \n", "\n    ", "\r"]
    rng = random.Random(17)
    return [
        "".join(rng.choice(marks if rng.random() < 0.03 else prose) for _ in range(rng.randint(0, 40)))
        for _ in range(count)
    ]


def test_plain_prose_has_the_paragraphs_the_parser_finds(real_pack: Pack, starter_pack: Pack) -> None:
    texts = every_text(real_pack) + every_text(starter_pack) + random_texts(4000)
    shortcut = [text for text in texts if plain_paragraphs(text) is not None]
    assert real_pack.summary in shortcut  # what home shows at start-up
    assert len(shortcut) > 1000  # the comparison below is over many texts, not a few
    for text in shortcut:
        assert plain_paragraphs(text) == parsed_paragraphs(text), repr(text)


def test_the_reader_draws_plain_prose_as_the_parser_would(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [text for text in random_texts(600) if plain_paragraphs(text) is not None]
    assert len(texts) > 100
    short_cut = [[line.markup for line in MarkdownPage(text).lines(24)] for text in texts]
    monkeypatch.setattr("explainer.tui.widgets.reader.plain_paragraphs", lambda text: None)
    assert [[line.markup for line in MarkdownPage(text).lines(24)] for text in texts] == short_cut

"""One Markdown parser: check, the auto-linker, the reader and the exports agree on what is a link and what is code.

Each case here is one where a regex and markdown-it used to disagree.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.text import Text

from explainer.pack.load import load_pack, read_pack
from explainer.pack.markdown import links_in
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
    assert marked(text, starter_pack) == "See `[x](term:new-start)` and *the treaty*\\*."


def test_a_name_wrapped_across_lines_in_a_list_is_still_linked(pack_copy: Path) -> None:
    set_body(pack_copy, "- the New\n  START treaty\n- > quoted")
    body = load_pack(pack_copy).links.section("call-agreement").body
    assert "[New\n  START](term:new-start)" in body


def test_plain_text_marks_a_term_in_italics_or_a_possessive_without_stray_asterisks(starter_pack) -> None:
    assert marked("*about [Seoul](term:seoul) today*", starter_pack) == "*about Seoul\\* today*"
    assert marked("[Seoul](term:seoul)'s view", starter_pack) == "*Seoul's*\\* view"


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
    assert "Read the treaty* and" in " ".join(read.split())  # the same link: a term, marked
    assert click_targets(pack.links.section("call-agreement").body) == ["link('term:new-start')"]

"""`explainer export`: one Markdown or HTML file in which every link leads somewhere inside it."""

from __future__ import annotations

import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CONTENT
from markdown_it import MarkdownIt
from plain_cli import assert_one_line_error, flat, run_explainer

from explainer.pack.load import load_pack
from explainer.pack.model import Pack

TINY_PACK = {
    "pack.toml": """
id = "tiny"
title = "Tiny <script>alert('t')</script> & Co"
summary = "A pack made for the export tests."
[[source]]
id = "paper"
title = "The Paper"
outlet = "Daily <News>"
""",
    "sections/01-first.toml": '''
id = "first"
source = "paper"
question = "What happened first & why <b>?"
short_answer = "The treaty was signed."
body = """
The **treaty** came first; see [the later part](section:second) and [the signing](event:signing).

<script>alert("x")</script>

A [pact](term:treaty) is the same thing.
"""
key_points = ["A treaty was signed."]
related = ["second"]
critical_note = "Only one paper says so; the [vote](event:vote) came later."
''',
    "sections/02-second.toml": """
id = "second"
source = "paper"
question = "What came second?"
short_answer = "A vote on the sanctions."
body = "The vote was close. Back to [the start](section:first)."
related = ["first"]
""",
    "glossary.toml": """
[[term]]
id = "treaty"
term = "treaty"
aliases = ["treaties"]
definition = 'A written "agreement" between countries.'
example = "The paper reports a [treaty](term:treaty) and [sanctions](term:sanctions)."
source = "paper"
see_also = ["sanctions"]

[[term]]
id = "sanctions"
term = "sanctions"
definition = "Penalties one country puts on another."
see_also = ["treaty"]
""",
    "timeline.toml": """
[[event]]
id = "signing"
when = "May 2019"
sort = 2019.4
title = "The treaty is signed"
detail = "Leaders sign the [treaty](term:treaty)."
source = "paper"
section = "first"

[[event]]
id = "vote"
when = "2020"
sort = 2020.0
title = "The vote"
detail = "Parliament votes; see [the second part](section:second)."
source = "paper"
section = "second"
""",
    "perspectives.toml": """
[[topic]]
id = "was-it-good"
title = "Was the treaty good?"
question = "Did the treaty help?"
note = "Notice who is [quoted](section:first)."

[[topic.view]]
who = "A. Expert"
role = "Analyst"
claim = "It helped, because of [sanctions](term:sanctions)."
basis = "Her own study."
source = "paper"
section = "first"

[[topic.view]]
who = "B. Critic"
role = "Professor"
claim = "It did not."
source = "paper"
section = "second"
""",
}


class Page(HTMLParser):
    """What a browser would see: element ids, link targets, tags, resources and text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.tags: set[str] = set()
        self.resources: list[str] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"])
        if tag == "a" and "href" in found:
            self.hrefs.append(found["href"] or "")
        self.resources += [value or "" for name, value in attrs if name in ("src", "srcset", "data", "action")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def tiny_pack(tmp_path: Path) -> Path:
    root = tmp_path / "tiny"
    for name, text in TINY_PACK.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    load_pack(root)  # the fixture itself must be a valid pack
    return root


def export(pack_dir: Path, out: Path, *args: str) -> str:
    result = run_explainer("export", *args, "-o", str(out), "--content", str(pack_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert not [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")], "no temporary file is left behind"
    return out.read_text(encoding="utf-8")


def expected_anchors(pack: Pack) -> set[str]:
    """Every section, term, event and topic has an anchor."""
    return (
        {f"section-{s.id}" for s in pack.sections}
        | {f"term-{t.id}" for t in pack.terms}
        | {f"event-{e.id}" for e in pack.events}
        | {f"topic-{t.id}" for t in pack.topics}
    )


def linked_terms(pack: Pack) -> set[str]:
    """Every term a section links, written or automatic: each must be a link in the export too."""
    return {
        f"#term-{link.target}"
        for section in pack.sections
        for link in pack.links.section(section.id).links
        if link.kind == "term"
    }


def assert_links_resolve(page: Page) -> None:
    assert page.hrefs, "the document should have links"
    assert len(page.ids) == len(set(page.ids)), "ids are unique"
    for href in page.hrefs:
        assert href.startswith("#"), f"{href} leaves the file"
        assert href[1:] in page.ids, f"{href} has no element with that id"


def markdown_anchors(document: str) -> tuple[set[str], list[str]]:
    """The `<a id>` anchors and the `](#...)` link targets of a Markdown file, read from its text."""
    return set(re.findall(r'<a id="([^"]+)"></a>', document)), re.findall(r"\]\(#([^)\s]+)", document)


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_real_pack_every_internal_link_resolves(tmp_path: Path, suffix: str) -> None:
    pack = load_pack(CONTENT)
    document = export(CONTENT, tmp_path / f"pack.{suffix}")
    html = document if suffix == "html" else MarkdownIt("commonmark").render(document)
    page = Page(html)
    assert_links_resolve(page)
    assert expected_anchors(pack) <= set(page.ids)
    assert linked_terms(pack) <= set(page.hrefs)
    assert not re.search(r"\]\((term|section|event):", document)
    if suffix == "md":
        ids, targets = markdown_anchors(document)
        assert expected_anchors(pack) <= ids
        assert set(targets) <= ids


def test_html_is_self_contained_and_readable_offline(tmp_path: Path) -> None:
    document = export(CONTENT, tmp_path / "pack.html")
    page = Page(document)
    assert document.startswith("<!DOCTYPE html>")
    assert "style" in page.tags
    assert not page.tags & {"script", "link", "iframe", "img", "object", "embed"}
    assert page.resources == []
    assert "@import" not in document and "url(" not in document


def test_timeline_and_perspectives_are_exported_with_anchors(tiny_pack: Path, tmp_path: Path) -> None:
    pack = load_pack(tiny_pack)
    html = export(tiny_pack, tmp_path / "tiny.html")
    markdown = export(tiny_pack, tmp_path / "tiny.md")
    for page in (Page(html), Page(MarkdownIt("commonmark").render(markdown))):
        assert_links_resolve(page)
        assert expected_anchors(pack) <= set(page.ids)
        assert {"#event-signing", "#event-vote", "#section-second", "#term-sanctions"} <= set(page.hrefs)
        text = flat(" ".join(page.text))
        assert "May 2019" in text and "A. Expert" in text and "Her own study." in text
    ids, targets = markdown_anchors(markdown)
    assert {"event-signing", "event-vote", "topic-was-it-good"} <= ids
    assert set(targets) <= ids
    assert markdown.index("May 2019") < markdown.index("The vote")


def test_html_escapes_what_authors_write(tiny_pack: Path, tmp_path: Path) -> None:
    page = Page(export(tiny_pack, tmp_path / "tiny.html"))
    assert "script" not in page.tags and "b" not in page.tags
    text = "".join(page.text)
    assert "Tiny <script>alert('t')</script> & Co" in text
    assert '<script>alert("x")</script>' in text
    assert "What happened first & why <b>?" in text


def test_format_comes_from_the_suffix_or_the_option(tiny_pack: Path, tmp_path: Path) -> None:
    assert export(tiny_pack, tmp_path / "out.HTML").startswith("<!DOCTYPE html>")
    assert export(tiny_pack, tmp_path / "out.txt", "--format", "markdown").startswith("# Tiny")


def test_dash_writes_to_stdout(tiny_pack: Path) -> None:
    result = run_explainer("export", "--format", "html", "-o", "-", "--content", str(tiny_pack))
    assert result.returncode == 0
    assert_links_resolve(Page(result.stdout))


def test_an_existing_file_is_replaced_whole_and_keeps_its_permissions(tiny_pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.md"
    out.write_text("old\n", encoding="utf-8")
    os.chmod(out, 0o640)
    document = export(tiny_pack, out)
    assert document.startswith("# Tiny") and "old" not in document.splitlines()
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_a_new_file_is_readable_by_others_like_any_file(tiny_pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    export(tiny_pack, out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_an_unwritable_path_is_one_line(tmp_path: Path) -> None:
    result = run_explainer("export", "-o", str(tmp_path / "missing" / "pack.html"), "--content", str(CONTENT))
    assert_one_line_error(result, 1, "cannot write", "missing")
    (tmp_path / "taken.html").mkdir()
    result = run_explainer("export", "-o", str(tmp_path / "taken.html"), "--content", str(CONTENT))
    assert_one_line_error(result, 1, "cannot write", "directory")
    assert [p.name for p in tmp_path.iterdir()] == ["taken.html"]


def test_an_unknown_format_is_one_line(tmp_path: Path) -> None:
    result = run_explainer("export", "--format", "pdf", "-o", str(tmp_path / "pack.pdf"), "--content", str(CONTENT))
    assert_one_line_error(result, 2, "invalid choice: 'pdf'")
    result = run_explainer("export", "-o", str(tmp_path / "pack.pdf"), "--content", str(CONTENT))
    assert_one_line_error(result, 2, "cannot tell the format", "--format")
    result = run_explainer("export", "--format", "html", "--content", str(CONTENT))
    assert_one_line_error(result, 2, "-o/--output")
    assert list(tmp_path.iterdir()) == []


def test_a_bad_pack_is_one_line_and_writes_nothing(tiny_pack: Path, tmp_path: Path) -> None:
    (tiny_pack / "timeline.toml").write_text('[[event]]\nid = "x"\nwhen = 2019\n', encoding="utf-8")
    out = tmp_path / "out.html"
    result = run_explainer("export", "-o", str(out), "--content", str(tiny_pack))
    assert_one_line_error(result, 1, "timeline.toml", "explainer check")
    assert not out.exists()

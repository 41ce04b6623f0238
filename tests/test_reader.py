"""The one-widget Markdown reader: the layout Textual's Markdown had, without a widget per block."""

from __future__ import annotations

from explainer.tui.widgets.reader import MarkdownPage


def text_lines(markdown: str, width: int) -> list[str]:
    return [line.plain for line in MarkdownPage(markdown).lines(width)]


def test_paragraphs_wrap_with_a_blank_line_between_and_after() -> None:
    assert text_lines("One two three four.\n\nFive.", 10) == ["One two", "three", "four.", "", "Five.", ""]


def test_list_items_hang_under_their_bullet() -> None:
    assert text_lines("- alpha beta gamma\n- delta", 12) == ["• alpha beta", "  gamma", "• delta", ""]


def test_ordered_lists_sit_one_cell_in_and_nested_lists_indent() -> None:
    lines = text_lines("1. one\n2. two\n   - inner words here", 30)
    assert lines == [" 1. one", " 2. two", "    ▪ inner words here", ""]


def test_links_carry_a_click_action_and_emphasis_is_styled() -> None:
    (line, _blank) = MarkdownPage("See **the** [treaty](term:new-start).").lines(80)
    assert line.plain == "See the treaty."
    styles: dict[str, list] = {}
    for span in line.spans:
        styles.setdefault(line.plain[span.start : span.end], []).append(span.style)
    assert styles["the"] == [".reader--strong"]
    look, click = styles["treaty"]
    assert look == ".reader--term"
    assert click.meta == {"@click": "link('term:new-start')", "link": "term:new-start"}


def test_terms_and_links_elsewhere_look_different() -> None:
    """A term opens its definition in place; a section or event link goes elsewhere."""
    (line, _blank) = MarkdownPage("[a](term:x) [b](section:y) [c](event:z)").lines(80)
    looks = [span.style for span in line.spans if isinstance(span.style, str)]
    assert looks == [".reader--term", ".reader--go", ".reader--go"]


def test_a_pointed_at_link_or_match_is_highlighted_and_its_line_known() -> None:
    page = MarkdownPage("One two three four five six.\n\nSeven [eight](term:x) nine.")
    assert [href for *_, href in page.links] == ["term:x"]
    page.marked = (0, "", None)
    lines = page.lines(10)
    assert page.marked_line(10) == 5 and lines[5].plain == "eight"
    page.marked = (None, "e", 2)
    assert len(page.matches("e")) == 8
    assert page.marked_line(10) == 1  # the third "e" is in "three", on the second line


def test_plain_text_and_empty_pages() -> None:
    page = MarkdownPage("A *b* [c](section:x)\n\n- d")
    assert str(page) == "A b c\n\n• d"
    assert MarkdownPage("").lines(40) == []


def test_a_bare_web_address_is_text_and_tables_and_strikethrough_still_read() -> None:
    """Article 004's "www.koreatimes.co.kr" is mentioned, not a link to follow (the app opens no browser)."""
    (line, _blank) = MarkdownPage("Originally from www.koreatimes.co.kr and https://example.org.").lines(80)
    assert line.plain == "Originally from www.koreatimes.co.kr and https://example.org."
    assert not [span for span in line.spans if getattr(span.style, "meta", None)]
    assert text_lines("| a | b |\n|---|---|\n| 1 | 2 |", 40)[:2] == ["a │ b", "1 │ 2"]
    (struck, _blank) = MarkdownPage("~~gone~~ here").lines(40)
    assert [struck.plain[span.start : span.end] for span in struck.spans] == ["gone"]

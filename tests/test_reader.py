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
    styles = {line.plain[span.start : span.end]: span.style for span in line.spans}
    assert styles["the"] == ".reader--strong"
    assert styles["treaty"].meta == {"@click": "link('term:new-start')"}


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

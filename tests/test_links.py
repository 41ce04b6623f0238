"""Links: explicit ones, automatic first mentions, and computed backlinks."""

from __future__ import annotations

from explainer.pack.links import TermMatcher, link_section, parse_href
from explainer.pack.model import Link, Pack, Section, Source, Term


def make_pack(*bodies: str) -> Pack:
    sections = tuple(
        Section(
            id=f"s{i}",
            question=f"Q{i}?",
            sources=("src",),
            short_answer="Short.",
            body=body,
            related=(f"s{(i + 1) % len(bodies)}",),
        )
        for i, body in enumerate(bodies)
    )
    terms = (
        Term("sanctions", "sanctions", "Penalties.", aliases=("sanction",)),
        Term("new-start", "New START", "A treaty."),
        Term("start", "start", "A beginning."),
    )
    return Pack("p", "P", "", (Source("src", "Src", "Outlet"),), sections, terms)


def test_parse_href_accepts_only_our_kinds() -> None:
    assert parse_href("term:sanctions") == Link("term", "sanctions")
    assert parse_href("section:s1") == Link("section", "s1")
    assert parse_href("https://example.com") is None
    assert parse_href("term:") is None


def test_first_mention_is_linked_once() -> None:
    pack = make_pack("Sanctions hurt. More sanctions followed.")
    body = pack.links.section("s0").body
    assert body == "[Sanctions](term:sanctions) hurt. More sanctions followed."


def test_existing_links_are_left_alone_and_not_doubled() -> None:
    pack = make_pack("See [the penalties](term:sanctions). Then sanctions again.")
    assert pack.links.section("s0").body == "See [the penalties](term:sanctions). Then sanctions again."


def test_acronym_like_names_match_their_exact_case() -> None:
    matcher = TermMatcher(make_pack("x").terms)
    found = [term for _, _, term in matcher.mentions("New START, not new start; a start.")]
    assert found == ["new-start", "start", "start"]


def test_longest_name_wins_at_a_position() -> None:
    matcher = TermMatcher(make_pack("x").terms)
    assert [t for _, _, t in matcher.mentions("New START")] == ["new-start"]


def test_first_mention_counts_across_short_answer_body_and_key_points() -> None:
    section = Section("s", "Q?", "src", "About sanctions.", "More sanctions.", key_points=("Sanctions matter.",))
    linked = link_section(section, TermMatcher(make_pack("x").terms))
    assert linked.short_answer == "About [sanctions](term:sanctions)."
    assert linked.body == "More sanctions."
    assert linked.key_points == ("Sanctions matter.",)


def test_used_in_is_computed_from_mentions_and_links() -> None:
    pack = make_pack("Sanctions.", "Nothing here.", "A [deal](term:new-start).")
    assert [s.id for s in pack.links.used_in("sanctions")] == ["s0"]
    assert [s.id for s in pack.links.used_in("new-start")] == ["s2"]
    assert pack.links.used_in("start") == ()


def test_linked_from_follows_related_and_body_links() -> None:
    pack = make_pack("Go to [next](section:s2).", "b", "c")
    assert {s.id for s in pack.links.linked_from("s2")} == {"s0", "s1"}
    assert [s.id for s in pack.links.linked_from("s0")] == ["s2"]


def test_starter_pack_backlinks(starter_pack: Pack) -> None:
    used = [s.id for s in starter_pack.links.used_in("new-start")]
    assert used == ["call-agreement"]


def test_a_name_wrapped_across_lines_is_still_found() -> None:
    pack = make_pack("The New\nSTART treaty.")
    assert pack.links.section("s0").body == "The [New\nSTART](term:new-start) treaty."
    assert [s.id for s in pack.links.used_in("new-start")] == ["s0"]


def test_a_shorter_name_wins_where_the_longer_one_runs_into_a_word() -> None:
    terms = (
        Term("nuke", "nuclear", "N."),
        Term("nw", "nuclear weapon", "W."),
        Term("nwt", "Nuclear Weapon Treaty", "T."),
    )
    matcher = TermMatcher(terms)
    found = [
        (text[start:end], term)
        for text in ["nuclear weapons; a nuclear weapon; the Nuclear Weapon Treaty."]
        for start, end, term in matcher.mentions(text)
    ]
    assert found == [("nuclear", "nuke"), ("nuclear weapon", "nw"), ("Nuclear Weapon Treaty", "nwt")]


def test_thousands_of_terms_are_matched_like_a_few() -> None:
    terms = tuple(Term(f"t{i}", f"term number {i}", "D.") for i in range(5000))
    matcher = TermMatcher(terms)
    text = "See term number 4999, then term number 12 and term number 1234567." * 50
    found = [term for _, _, term in matcher.mentions(text)]
    assert found[:2] == ["t4999", "t12"] and len(found) == 100

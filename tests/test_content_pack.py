"""The default pack: complete, linked, attributed, and passing its own check."""

from __future__ import annotations

from conftest import CONTENT

from explainer.pack.load import read_pack
from explainer.pack.model import Pack

# Every named organisation, person, treaty, place, number and date in the two articles.
NAMED_IN_ARTICLES = [
    "APEC",
    "Vietnam",
    "Shinzo Abe",
    "Japan",
    "Council on Foreign Relations",
    "G7",
    "Center for Strategic and International Studies",
    "Brookings Institution",
    "Congressional Research Service",
    "Non-Proliferation Treaty",
    "NATO",
    "Syria",
    "Ukraine",
    "China",
    "Taiwan",
    "Hudson Institute",
    "Patrick Cronin",
    "Victor Cha",
    "New START",
    "Intermediate-Range Nuclear Forces",
    "Seoul",
    "Korea Times",
    "South Korea",
    "Europe",
    "2006",
    "2017",
    "2018",
    "2019",
    "2023",
    "2030",
    "1,000",
    "February",
    "six nuclear tests",
]


def pack_text(pack: Pack) -> str:
    parts = [pack.title, pack.summary]
    for s in pack.sections:
        parts += [s.question, s.short_answer, s.body, s.critical_note, *s.key_points]
    parts += [f"{t.term} {t.definition} {t.example}" for t in pack.terms]
    parts += [f"{e.when} {e.title} {e.detail}" for e in pack.events]
    return " ".join(" ".join(parts).split())


def test_the_pack_checks_clean() -> None:
    pack, problems = read_pack(CONTENT)
    assert pack is not None
    assert [str(p) for p in problems] == []


def test_sections_cover_both_articles_in_order(real_pack: Pack) -> None:
    by_source = [s.sources[0] for s in real_pack.sections]  # the one a section draws on first
    assert len(real_pack.sections) >= 14
    assert by_source.count("asia-trip") >= 8  # the overview and the seven questions
    assert sum("korea-times" in s.sources for s in real_pack.sections) >= 5
    assert by_source == sorted(by_source, key=["asia-trip", "korea-times"].index), "article 000 first, then 004"
    assert all(s.short_answer and s.body and s.key_points and s.related for s in real_pack.sections)


def test_every_named_thing_in_the_articles_is_in_the_pack(real_pack: Pack) -> None:
    text = pack_text(real_pack)
    missing = [name for name in NAMED_IN_ARTICLES if name not in text]
    assert missing == []


def test_the_lists_of_article_000_are_complete(real_pack: Pack) -> None:
    goals = real_pack.section("us-goals")
    text = " ".join([goals.body, *goals.key_points]).lower()
    for item in ["denuclearization", "security guarantees", "economic aid", "diplomatic relations"]:
        assert item in text
    impacts = real_pack.section("global-impacts")
    text = " ".join([impacts.body, *impacts.key_points]).lower()
    for item in ["alliances", "international policy", "tensions", "sanctions", "arms control"]:
        assert item in text


def test_glossary_is_rich_and_every_term_is_used(real_pack: Pack) -> None:
    assert len(real_pack.terms) >= 60
    for term in real_pack.terms:
        assert term.definition and term.category and term.example and term.sources, term.id
        assert real_pack.links.used_in(term.id), f"{term.id} is used by no section"


def test_quiz_bank_spans_types_and_sections(real_pack: Pack) -> None:
    questions = real_pack.questions
    assert len(questions) >= 80
    assert len({q.type for q in questions}) >= 4
    assert {q.section for q in questions} == {s.id for s in real_pack.sections}
    for q in questions:
        assert q.explanation, q.id
        if q.type == "choice":
            assert q.wrong and all(w.why for w in q.wrong), q.id


def test_timeline_and_perspectives(real_pack: Pack) -> None:
    events = real_pack.timeline()
    placed = [e.sort for e in events if e.sort is not None]
    assert placed == sorted(placed)
    assert all(e.sort is None for e in events[len(placed) :]), "undated events come last"
    assert all(real_pack.section(e.section) and all(map(real_pack.source, e.sources)) for e in events)
    assert len(real_pack.topics) >= 4
    for topic in real_pack.topics:
        assert len(topic.views) >= 2
        for view in topic.views:
            assert view.who and view.claim and real_pack.source(view.source) and real_pack.section(view.section)


def test_every_section_has_five_questions_of_its_own(real_pack: Pack) -> None:
    counts = {s.id: 0 for s in real_pack.sections}
    for q in real_pack.questions:
        counts[q.section] += 1
    assert {s: n for s, n in counts.items() if n < 5} == {}


def test_sources_are_called_by_their_short_names(real_pack: Pack) -> None:
    """Students read "the Korea Times report", never a file number such as "article 004"."""
    assert all(s.short for s in real_pack.sources)
    text = pack_text(real_pack) + " ".join(f"{q.prompt} {q.explanation}" for q in real_pack.questions)
    assert "article 0" not in text.casefold()
    assert all(s.short.casefold() in text.casefold() for s in real_pack.sources)

"""The search index behind the command palette."""

from __future__ import annotations

from explainer.pack.model import Pack
from explainer.pack.search import SearchIndex


def test_finds_terms_by_misspelling(starter_pack: Pack) -> None:
    hits = SearchIndex(starter_pack).search("nonprolifration")
    assert (hits[0].kind, hits[0].id) == ("term", "nonproliferation")


def test_finds_sections_by_words_of_the_question(starter_pack: Pack) -> None:
    hits = SearchIndex(starter_pack).search("phone call agree")
    assert ("section", "call-agreement") in [(h.kind, h.id) for h in hits]


def test_an_alias_finds_its_term_once(starter_pack: Pack) -> None:
    hits = SearchIndex(starter_pack).search("New Strategic Arms Reduction Treaty")
    assert [(h.kind, h.id) for h in hits].count(("term", "new-start")) == 1
    assert hits[0].id == "new-start"


def test_empty_query_finds_nothing(starter_pack: Pack) -> None:
    assert SearchIndex(starter_pack).search("   ") == []


def test_results_are_best_first(starter_pack: Pack) -> None:
    scores = [h.score for h in SearchIndex(starter_pack).search("korea")]
    assert scores and scores == sorted(scores, reverse=True)


def test_a_word_of_one_or_two_letters_matches_the_start_of_a_word(starter_pack: Pack) -> None:
    hits = SearchIndex(starter_pack).search("no")
    assert hits and all(
        any(word.startswith("no") for word in hit.title.lower().replace("-", " ").split()) for hit in hits
    )


def test_titles_with_some_of_the_words_rank_below_those_with_all(starter_pack: Pack) -> None:
    hits = SearchIndex(starter_pack).search("phone call treaty")
    kinds = [(h.kind, h.id) for h in hits]
    assert ("section", "call-agreement") in kinds and ("term", "new-start") in kinds
    assert kinds.index(("section", "call-agreement")) < kinds.index(("term", "new-start"))


def test_the_whole_query_bound_holds_for_any_pair_of_lengths() -> None:
    """Search stops computing WRatio early on the strength of `wratio_bound`: it must never be beaten."""
    import random

    from rapidfuzz import fuzz

    from explainer.pack.search import wratio_bound

    rng = random.Random(7)
    for _ in range(20000):
        a = "".join(rng.choice("abcde ") for _ in range(rng.randint(1, 12))).strip() or "a"
        b = "".join(rng.choice("abcde ") for _ in range(rng.randint(1, 120))).strip() or "b"
        assert fuzz.WRatio(a, b) <= wratio_bound(len(a), len(b)) + 1e-9, (a, b)

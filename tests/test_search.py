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

"""The quiz model without any face: items, grading, responses, selection, sessions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from quiz_pack import load_quiz_pack, right_response, wrong_response

from explainer.pack.model import Link, Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.grading import grade, hint_for, normalize, typed_match
from explainer.quiz.questions import (
    GLOSSARY_PREFIX,
    TIMELINE_PREFIX,
    glossary_item,
    item_for_key,
    right_answer,
    timeline_item,
    written_item,
)
from explainer.quiz.responses import Assignment, parse_choice, parse_sequence
from explainer.quiz.scheduler import ReviewScheduler
from explainer.quiz.selection import QuizRequest, pool_keys, section_keys, select_items
from explainer.quiz.session import QuizSession


@pytest.fixture
def pack(tmp_path: Path) -> Pack:
    return load_quiz_pack(tmp_path)


def item(pack: Pack, question_id: str, seed: int = 1):
    return written_item(pack, pack.question(question_id), random.Random(seed))


# items


def test_choice_item_keeps_every_option_and_its_reason(pack: Pack) -> None:
    choice = item(pack, "meet-where")
    assert sorted(choice.options) == sorted(["At the APEC summit in Vietnam", "At a G7 summit", "In Seoul"])
    assert choice.options[choice.solution[0]] == "At the APEC summit in Vietnam"
    assert choice.why[choice.options.index("In Seoul")].startswith("Seoul comes up")
    assert choice.why[choice.solution[0]] == ""
    assert choice.links[0] == Link("section", "why-meet")
    assert Link("term", "apec") in choice.links


def test_match_and_order_items_are_never_shown_solved(pack: Pack) -> None:
    for seed in range(20):
        match = item(pack, "names-match", seed)
        assert match.left == ("New START", "G7", "APEC")
        assert [match.options[i] for i in match.solution] == [right for _, right in pack.question("names-match").pairs]
        assert match.solution != tuple(range(3))
        order = item(pack, "call-order", seed)
        assert [order.options[i] for i in order.solution] == list(pack.question("call-order").items)
        assert order.solution != tuple(range(3))


def test_true_false_and_typed_items(pack: Pack) -> None:
    true_false = item(pack, "trip-asia")
    assert true_false.options == ("True", "False") and true_false.solution == (0,)
    typed = item(pack, "think-tank")
    assert typed.accept == ("Council on Foreign Relations", "CFR")
    assert right_answer(typed) == "Council on Foreign Relations"


def test_glossary_matching_is_generated_from_definitions(pack: Pack) -> None:
    ids = ["apec", "g7", "new-start"]
    generated = glossary_item(pack, ids, random.Random(3))
    assert generated is not None and generated.origin == "glossary"
    assert generated.key == GLOSSARY_PREFIX + "apec+g7+new-start"
    for left, option in zip(generated.left, generated.solution, strict=True):
        term = next(t for t in pack.terms if t.term == left)
        assert generated.options[option] == term.definition
    assert generated.section in {s.id for s in pack.sections}
    assert {Link("term", i) for i in ids} <= set(generated.links)


def test_timeline_ordering_is_generated_in_date_order(pack: Pack) -> None:
    events = [e.id for e in pack.events]
    generated = timeline_item(pack, events, random.Random(2))
    assert generated is not None and generated.key.startswith(TIMELINE_PREFIX)
    assert [generated.options[i] for i in generated.solution] == [e.title for e in pack.timeline()]


def test_every_key_builds_the_same_item_again(pack: Pack) -> None:
    for key in pool_keys(pack, random.Random(5)):
        first, again = item_for_key(pack, key, random.Random(9)), item_for_key(pack, key, random.Random(9))
        assert first is not None and first == again and first.key == key
    assert item_for_key(pack, "no-such-question", random.Random(1)) is None
    assert item_for_key(pack, "glossary:no-such-term", random.Random(1)) is None


# grading


@pytest.mark.parametrize(
    "typed",
    [
        "Council on Foreign Relations",
        "council on foreign relations",
        "  the Council on Foreign Relations. ",
        "Council on Foriegn Relations",
        "Councel on Foreign Relation",
        "CFR",
        "c.f.r.",
        "Cóuncil on Foreign Relations",
    ],
)
def test_typed_answers_are_matched_forgivingly(typed: str) -> None:
    right, _ = typed_match(typed, ("Council on Foreign Relations", "CFR"))
    assert right


@pytest.mark.parametrize("typed", ["", "   ", "Brookings", "Council", "CFA", "Foreign Relations Council of Asia"])
def test_typed_answers_that_are_wrong_stay_wrong(typed: str) -> None:
    assert typed_match(typed, ("Council on Foreign Relations", "CFR")) == (False, False)


def test_typos_are_forgiven_but_said_and_numbers_must_be_exact() -> None:
    assert typed_match("Hudson Instutite", ("Hudson Institute",)) == (True, True)
    assert typed_match("hudson institute", ("Hudson Institute",)) == (True, False)
    assert typed_match("2017", ("2018",)) == (False, False)
    assert typed_match("New START 2026", ("New START 2023",)) == (False, False)
    assert normalize("The  U.S.–Russia “deal”!") == "u s russia deal"


def test_grading_choice_says_why_the_chosen_option_is_wrong(pack: Pack) -> None:
    choice = item(pack, "meet-where")
    wrong = choice.options.index("At a G7 summit")
    assert grade(choice, choice.solution[0]).correct
    result = grade(choice, wrong)
    assert not result.correct and result.why_wrong.startswith("The G7 is another group")
    assert not grade(choice, 99).correct and not grade(choice, "APEC").correct


def test_grading_match_and_order_marks_each_part(pack: Pack) -> None:
    match = item(pack, "names-match")
    assert grade(match, match.solution).correct
    swapped = (match.solution[1], match.solution[0], match.solution[2])
    result = grade(match, swapped)
    assert not result.correct and result.parts == (False, False, True)
    assert not grade(match, match.solution[:2]).correct
    order = item(pack, "call-order")
    assert grade(order, order.solution).correct
    assert grade(order, tuple(reversed(order.solution))).parts == (False, True, False)


def test_hints_help_without_answering(pack: Pack) -> None:
    choice = item(pack, "meet-where")
    hint = hint_for(choice, pack)
    assert hint.ruled_out and choice.solution[0] not in hint.ruled_out
    assert len(hint.ruled_out) < len(choice.options) - 1
    typed = hint_for(item(pack, "think-tank"), pack)
    assert "“C”" in typed.text and "Council" not in typed.text
    assert hint_for(item(pack, "names-match"), pack).given == (0,)
    assert "Section 1" in hint_for(item(pack, "trip-asia"), pack).text


# responses


def test_choices_by_number_letter_or_word(pack: Pack) -> None:
    choice, true_false = item(pack, "meet-where"), item(pack, "trip-asia")
    assert [parse_choice(choice, t) for t in ("1", "b", "C)", " c. ", "4", "d", "", "maybe")] == [
        0,
        1,
        2,
        2,
        None,
        None,
        None,
        None,
    ]
    assert [parse_choice(true_false, t) for t in ("t", "False", "yes", "a", "2", "x")] == [0, 1, 0, 0, 1, None]


def test_sequences_in_every_written_form(pack: Pack) -> None:
    match = item(pack, "names-match")
    assert parse_sequence(match, "B A C") == (1, 0, 2)
    assert parse_sequence(match, "bac") == (1, 0, 2)
    assert parse_sequence(match, "2, 1, 3") == (1, 0, 2)
    assert parse_sequence(match, "213") == (1, 0, 2)
    assert parse_sequence(match, "1=B 2=A 3=C") == (1, 0, 2)
    assert parse_sequence(match, "3=c, 1=b, 2=a") == (1, 0, 2)
    for junk in ("", "A A B", "A B", "A B C D", "1=B 2=A", "1=B 1=A 3=C", "x y z", "4 1 2"):
        assert parse_sequence(match, junk) is None, junk


def test_assignment_fills_slots_and_moves_a_reused_option() -> None:
    assignment = Assignment(3)
    assignment.pick(2)
    assignment.pick(0)
    assert assignment.values == [2, 0, None] and assignment.cursor == 2
    assignment.pick(2)  # already in slot 0: moves here
    assert assignment.values == [None, 0, 2] and assignment.cursor == 0
    assignment.pick(1)
    assert assignment.complete and assignment.response == (1, 0, 2) and assignment.cursor is None
    assignment.clear()
    assert assignment.values == [1, 0, None] and assignment.cursor == 2
    assignment.select(0)
    assignment.pick(2)
    assert assignment.values == [2, 0, None]
    hinted = Assignment(3)
    hinted.fill(0, 1)
    assert hinted.values == [1, None, None] and hinted.cursor == 1


# selection


def test_the_same_seed_gives_the_same_quiz_on_the_real_pack(real_pack: Pack) -> None:
    first = select_items(real_pack, QuizRequest(seed=42, count=12))
    again = select_items(real_pack, QuizRequest(seed=42, count=12))
    other = select_items(real_pack, QuizRequest(seed=43, count=12))
    assert first == again
    assert [i.key for i in first] != [i.key for i in other]
    assert len(first) == min(12, len(pool_keys(real_pack, random.Random(0))))
    assert len({i.key for i in first}) == len(first)


def test_the_real_pack_offers_every_kind_of_question(real_pack: Pack) -> None:
    pool = [item_for_key(real_pack, key, random.Random(0)) for key in pool_keys(real_pack, random.Random(0))]
    assert all(pool)
    assert {i.type for i in pool} == {"choice", "true_false", "match", "order", "typed"}
    assert {"written", "glossary"} <= {i.origin for i in pool}
    if len(real_pack.events) >= 3:
        assert "timeline" in {i.origin for i in pool}


def test_check_yourself_asks_only_about_that_section(real_pack: Pack) -> None:
    for section in real_pack.sections:
        items = select_items(real_pack, QuizRequest("section", section.id, seed=1))
        own = [q for q in real_pack.questions if q.section == section.id]
        assert len(items) == min(5, len(section_keys(real_pack, section.id, random.Random(1))))
        assert own and all(i.key in {q.id for q in own} for i in items[: len(own)])
        for generated in items:
            if generated.origin == "written":
                assert generated.section == section.id


def test_count_larger_than_the_pool_asks_everything_once(pack: Pack) -> None:
    items = select_items(pack, QuizRequest(seed=7, count=500))
    assert len(items) == len(pool_keys(pack, random.Random(0)))
    assert select_items(pack, QuizRequest("section", "no-such-section", seed=1)) == []


# sessions


def test_a_session_grades_saves_and_reports(pack: Pack, tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "data", "ann", pack_id=pack.id)
    now = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)
    session = QuizSession.start(
        pack, QuizRequest(seed=3, count=4), store, scheduler=ReviewScheduler(fuzzing=False), clock=lambda: now
    )
    assert session.total == 4 and session.request.seed == 3
    wrong_key = session.current.key
    session.answer(wrong_response(session.current))
    with pytest.raises(RuntimeError):
        session.answer(right_response(session.current))
    session.advance()
    while session.current is not None:
        session.answer(right_response(session.current))
        session.advance()
    results = session.results()
    assert (results.score, results.total) == (3, 4)
    assert store.mistakes() == [wrong_key]
    assert [(q.score, q.total, q.mode) for q in store.quizzes()] == [(3, 4, "full")]
    assert store.due(now.timestamp()) == []
    assert set(store.due((now + timedelta(days=1)).timestamp())) == {wrong_key}
    wrong_section = store.latest_answers()[wrong_key].section_id
    assert results.reread == ((wrong_section,) if wrong_section else ())
    assert all(r.mastery is not None for r in results.sections)


def test_review_modes_rebuild_items_from_the_store(pack: Pack, tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "data", "ann", pack_id=pack.id)
    start = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)
    first = QuizSession.start(pack, QuizRequest(seed=1, count=3), store, clock=lambda: start)
    keys = [i.key for i in first.items]
    for n, quiz_item in enumerate(first.items):
        first.answer(wrong_response(quiz_item) if n < 2 else right_response(quiz_item))
        first.advance()
    mistakes = QuizSession.start(pack, QuizRequest("mistakes", seed=2), store)
    assert sorted(i.key for i in mistakes.items) == sorted(keys[:2])
    later = start + timedelta(days=30)
    due = QuizSession.start(pack, QuizRequest("due", seed=2), store, clock=lambda: later)
    assert sorted(i.key for i in due.items) == sorted(keys)
    assert QuizSession.start(pack, QuizRequest("due"), store, clock=lambda: start).total == 0


def test_review_of_mistakes_never_shows_the_options_in_the_order_they_were_got_wrong_in(
    pack: Pack, tmp_path: Path
) -> None:
    """Review of mistakes showed the choices in the same order as before: the student recalls a place, not an
    answer. Every seed of the review that would repeat the order gets another one."""
    store = ProgressStore(tmp_path / "data", "ann", pack_id=pack.id)
    question = pack.question("meet-where")
    for seed in range(12):  # each quiz's order differs; the review never repeats the last one got wrong
        wrong = written_item(pack, question, random.Random(seed))
        session = QuizSession(pack, [wrong], QuizRequest("full", seed=seed), store=store)
        session.answer(wrong_response(wrong))
        session.advance()
        for review_seed in range(12):
            review = QuizSession.start(pack, QuizRequest("mistakes", seed=review_seed), store)
            again = next(i for i in review.items if i.key == "meet-where")
            assert again.options != wrong.options
            assert sorted(again.options) == sorted(wrong.options)
            assert again.options[again.solution[0]] == question.answer
            assert again.why[again.options.index("In Seoul")].startswith("Seoul comes up")

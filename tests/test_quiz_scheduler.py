"""Spaced review: graded from the answer (wrong Again, right Good, right after a hint Hard), fuzzing off."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fsrs import Rating
from quiz_pack import load_quiz_pack, right_response, wrong_response

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.scheduler import ReviewScheduler, rating_for
from explainer.quiz.selection import QuizRequest
from explainer.quiz.session import QuizSession

NOW = datetime(2025, 5, 1, 12, tzinfo=timezone.utc)


def test_the_answer_itself_is_the_rating() -> None:
    assert rating_for(correct=False, hinted=False) == Rating.Again
    assert rating_for(correct=False, hinted=True) == Rating.Again
    assert rating_for(correct=True, hinted=True) == Rating.Hard
    assert rating_for(correct=True, hinted=False) == Rating.Good


def test_without_fuzzing_the_schedule_is_exact_and_repeatable() -> None:
    one, two = ReviewScheduler(fuzzing=False), ReviewScheduler(fuzzing=False)
    assert one.review("q", None, True, False, NOW) == two.review("q", None, True, False, NOW)


def test_right_waits_longer_than_hard_and_hard_no_less_than_again() -> None:
    scheduler = ReviewScheduler(fuzzing=False)
    again = scheduler.review("q", None, False, False, NOW).due
    hard = scheduler.review("q", None, True, True, NOW).due
    good = scheduler.review("q", None, True, False, NOW).due
    assert NOW + timedelta(days=1) <= again <= hard < good


def test_every_next_review_is_at_least_a_day_away() -> None:
    scheduler = ReviewScheduler(fuzzing=False)
    for correct, hinted in ((False, False), (True, True), (True, False)):
        assert scheduler.review("q", None, correct, hinted, NOW).due >= NOW + timedelta(days=1)


def test_intervals_grow_with_each_right_answer_and_shrink_after_a_wrong_one() -> None:
    scheduler = ReviewScheduler(fuzzing=False)
    card, now, gaps = None, NOW, []
    for _ in range(4):
        review = scheduler.review("q", card, True, False, now)
        gaps.append(review.due - now)
        card, now = review.card, review.due
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0]
    lapse = scheduler.review("q", card, False, False, now)
    assert lapse.due - now < gaps[-1]


def test_cards_are_json_with_a_stable_id_and_a_broken_card_starts_again() -> None:
    scheduler = ReviewScheduler(fuzzing=False)
    first = scheduler.review("item-a", None, True, False, NOW)
    assert (
        json.loads(first.card)["card_id"]
        == json.loads(scheduler.review("item-a", None, True, False, NOW).card)["card_id"]
    )
    assert scheduler.review("item-a", "not json", True, False, NOW) == first


def test_a_session_schedules_from_the_answers(tmp_path: Path) -> None:
    pack: Pack = load_quiz_pack(tmp_path)
    store = ProgressStore(tmp_path / "data", "ann", pack_id=pack.id)
    scheduler = ReviewScheduler(fuzzing=False)
    session = QuizSession.start(pack, QuizRequest(seed=4, count=3), store, scheduler=scheduler, clock=lambda: NOW)
    wrong, hinted, right = session.items
    session.answer(wrong_response(wrong))
    session.advance()
    session.hint()
    session.answer(right_response(hinted))
    session.advance()
    session.answer(right_response(right))
    session.advance()
    expected = {
        wrong.key: scheduler.review(wrong.key, None, False, False, NOW),
        hinted.key: scheduler.review(hinted.key, None, True, True, NOW),
        right.key: scheduler.review(right.key, None, True, False, NOW),
    }
    for key, review in expected.items():
        assert store.card(key) == review.card
    first_due = store.due(expected[wrong.key].due.timestamp())
    assert wrong.key in first_due and right.key not in first_due
    assert session.outcomes[1].hinted and session.outcomes[1].correct

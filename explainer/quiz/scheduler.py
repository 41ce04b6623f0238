"""Spaced review with FSRS (the `fsrs` package), graded from the answer itself.

A student never rates themselves: a wrong answer is Again, a right one Good,
and a right one after a hint Hard. There are no same-day learning steps: a
quiz is a sitting, not a flashcard drill, so the next review is at least a day
away (mistakes can be practised at once in "review mistakes" mode).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

from fsrs import Card, Rating, Scheduler

from explainer.record import Record


def rating_for(correct: bool, hinted: bool) -> Rating:
    """The FSRS rating an answer earns."""
    if not correct:
        return Rating.Again
    return Rating.Hard if hinted else Rating.Good


def _card_id(item_id: str) -> int:
    """A stable card id per item (fsrs would otherwise use the clock, and sleep a millisecond)."""
    return int.from_bytes(hashlib.sha256(item_id.encode()).digest()[:6], "big")


class Review(Record):
    """An item's card after an answer: stored as JSON, due at `due`."""

    card: str
    due: datetime


class ReviewScheduler:
    """Wraps fsrs.Scheduler; `fuzzing=False` makes intervals exact, for tests."""

    def __init__(self, *, fuzzing: bool = True, desired_retention: float = 0.9) -> None:
        self._scheduler = Scheduler(
            desired_retention=desired_retention,
            learning_steps=(),
            relearning_steps=(),
            enable_fuzzing=fuzzing,
        )

    def review(
        self, item_id: str, card_json: str | None, correct: bool, hinted: bool, now: datetime | None = None
    ) -> Review:
        """Schedule an item after an answer; `card_json` is its card so far (None the first time)."""
        now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
        card = self._card(item_id, card_json, now)
        card, _ = self._scheduler.review_card(card, rating_for(correct, hinted), now)
        return Review(json.dumps(card.to_dict()), card.due)

    @staticmethod
    def _card(item_id: str, card_json: str | None, now: datetime) -> Card:
        if card_json:
            try:
                return Card.from_dict(json.loads(card_json))
            except (ValueError, KeyError, TypeError):
                pass  # an unreadable card starts again, like a new one
        return Card(card_id=_card_id(item_id), due=now)

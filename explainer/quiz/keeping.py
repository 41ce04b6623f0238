"""Keeping answers in a student's store: one way for a quiz and a live quiz.

An answer is saved with its next review (FSRS); a store that fails mid-quiz
becomes one line to tell the student, never a crash that loses the quiz.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime

from explainer.progress.store import ProgressStore
from explainer.quiz.grading import Response, given_for
from explainer.quiz.questions import QuizItem
from explainer.quiz.review_order import remember_order
from explainer.quiz.scheduler import ReviewScheduler


def keep_answer(
    store: ProgressStore,
    scheduler: ReviewScheduler,
    item: QuizItem,
    response: Response,
    correct: bool,
    *,
    mode: str,
    now: datetime,
    hinted: bool = False,
    seconds: float | None = None,
) -> None:
    """The answer, in the words the student saw, and when the item comes back for review."""
    review = scheduler.review(item.key, store.card(item.key), correct, hinted, now)
    store.record_answer(
        item.key,
        item.section,
        correct,
        mode=mode,
        given=given_for(item, response),
        seconds=seconds,
        hinted=hinted,
        schedule=(review.card, review.due.timestamp()),
        at=now.timestamp(),
    )
    if not correct:
        remember_order(store, item)  # review asks it with its options in another order


def saving_problem(store: ProgressStore | None, write: Callable[[ProgressStore], None]) -> str:
    """Write to the store (if any); what went wrong, in a line for the student, or "" if nothing did."""
    if store is None:
        return ""
    try:
        write(store)
    except sqlite3.Error as error:
        return f"progress could not be saved ({error})"
    return ""

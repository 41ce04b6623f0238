"""Review asks a mistake again with its options in a new order, so the student recalls the answer, not its place.

When an answer is wrong, the order its options were shown in is kept in the
store's `state` table; review (of mistakes, or spaced) builds the item again and,
if its options came out in that same order, shuffles them until they do not.
True or false keeps its order: True first is how a student reads it.
"""

from __future__ import annotations

import json
import random

from explainer.progress.store import ProgressStore
from explainer.quiz.questions import QuizItem
from explainer.record import replace


def _key(store: ProgressStore, item_key: str) -> str:
    return f"order:{store.pack_id}:{item_key}"


def _reorderable(item: QuizItem) -> bool:
    return item.type in ("choice", "match", "order") and len(set(item.options)) > 1


def remember_order(store: ProgressStore, item: QuizItem) -> None:
    """Keep the order `item`'s options were shown in (after a wrong answer)."""
    if _reorderable(item):
        store.put(_key(store, item.key), json.dumps(item.options))


def in_new_order(store: ProgressStore, item: QuizItem, rng: random.Random) -> QuizItem:
    """`item`, its options shuffled if they stand in the order the student last got it wrong in."""
    saved = store.get(_key(store, item.key))
    try:
        before = tuple(json.loads(saved)) if saved else ()
    except ValueError:
        before = ()
    if not _reorderable(item) or item.options != before:
        return item
    order = list(range(len(item.options)))
    while [item.options[i] for i in order] == list(before):
        rng.shuffle(order)
    return reordered(item, order)


def reordered(item: QuizItem, order: list[int]) -> QuizItem:
    """`item` with option `order[i]` shown i-th; its solution and reasons follow the options."""
    place = {old: new for new, old in enumerate(order)}
    return replace(
        item,
        options=tuple(item.options[i] for i in order),
        solution=tuple(place[i] for i in item.solution),
        why=tuple(item.why[i] for i in order) if item.why else (),
    )

"""Which questions a quiz asks, for each mode; the same seed always gives the same quiz."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.questions import QuizItem, glossary_keys, item_for_key, timeline_keys
from explainer.quiz.review_order import in_new_order
from explainer.record import Record

Mode = Literal["full", "section", "mistakes", "due"]
MODES: tuple[Mode, ...] = ("full", "section", "mistakes", "due")
DEFAULT_COUNT = 10
SECTION_COUNT = 5


class QuizRequest(Record):
    """What a student asked for: a mode, its section (check-yourself), how many, and a seed."""

    mode: Mode = "full"
    section: str = ""
    count: int | None = None
    seed: int | None = None

    def seeded(self) -> QuizRequest:
        """The same request with a seed, picked now if none was given, so the quiz can be repeated."""
        if self.seed is not None:
            return self
        return QuizRequest(self.mode, self.section, self.count, random.randrange(1, 10**6))


def mode_title(pack: Pack, request: QuizRequest) -> str:
    """How a quiz is named on screen."""
    if request.mode == "section" and (section := pack.section(request.section)):
        return f"Check yourself: {pack.section_number(section.id)}. {section.question}"
    return {"full": "Quiz", "mistakes": "Review of mistakes", "due": "Spaced review", "section": "Check yourself"}[
        request.mode
    ]


def select_items(
    pack: Pack, request: QuizRequest, store: ProgressStore | None = None, now: float | None = None
) -> list[QuizItem]:
    """The items of a quiz. Review modes need the store; an unseeded request gets a random quiz."""
    rng = random.Random(request.seed)
    if request.mode == "section":
        keys = section_keys(pack, request.section, rng)
        count = request.count or SECTION_COUNT
    elif request.mode == "full":
        keys = pool_keys(pack, rng)
        rng.shuffle(keys)
        count = request.count or DEFAULT_COUNT
    else:
        if store is None:
            return []
        keys = store.mistakes() if request.mode == "mistakes" else store.due(time.time() if now is None else now)
        rng.shuffle(keys)
        count = request.count or len(keys)
        return [in_new_order(store, item, rng) for item in _build(pack, keys, count, rng)]
    return _build(pack, keys, count, rng)


def pool_keys(pack: Pack, rng: random.Random) -> list[str]:
    """Every written question, and matching and ordering questions generated from glossary and timeline."""
    return [q.id for q in pack.questions] + glossary_keys(pack, rng) + timeline_keys(pack, rng)


def section_keys(pack: Pack, section_id: str, rng: random.Random) -> list[str]:
    """A section's own questions first (shuffled), then ones generated from its terms and events."""
    if pack.section(section_id) is None:
        return []
    written = [q.id for q in pack.questions if q.section == section_id]
    rng.shuffle(written)
    links = pack.links.section(section_id).links
    terms = list(dict.fromkeys(link.target for link in links if link.kind == "term"))
    events = list(
        dict.fromkeys(
            [e.id for e in pack.events if e.section == section_id]
            + [link.target for link in links if link.kind == "event"]
        )
    )
    generated = glossary_keys(pack, rng, terms) + timeline_keys(pack, rng, events)
    rng.shuffle(generated)
    return written + generated


def _build(pack: Pack, keys: Sequence[str], count: int, rng: random.Random) -> list[QuizItem]:
    items: list[QuizItem] = []
    for key in keys:
        if len(items) >= count:
            break
        item = item_for_key(pack, key, rng)
        if item is not None:
            items.append(item)
    return items


def has_section_quiz(pack: Pack, section_id: str) -> bool:
    """Whether a check-yourself quiz on this section would have anything to ask."""
    return bool(section_keys(pack, section_id, random.Random(0)))


def nothing_to_ask(pack: Pack, request: QuizRequest, next_due: float | None = None) -> str:
    """Why a quiz has no questions, in one line a student understands."""
    if request.mode == "mistakes":
        return "No mistakes to review: your last answer to each question was right."
    if request.mode == "due":
        when = f" The next review is due {datetime.fromtimestamp(next_due):%Y-%m-%d %H:%M}." if next_due else ""
        return f"Nothing is due for review.{when}"
    if request.mode == "section":
        return "This section has no quiz questions."
    return f"The pack '{pack.title}' has no quiz questions."

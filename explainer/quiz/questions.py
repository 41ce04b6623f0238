"""Quiz items: the pack's written questions, plus matching and ordering generated from it.

A `QuizItem` is a question ready to ask: options in the order they are shown,
and what the right response is. Every item has a `key` from which it can be
built again (review of mistakes, spaced review): a written question's id, or
`glossary:ID+ID+ID` / `timeline:ID+ID+ID` for generated ones.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from explainer.pack.model import Link, Pack, Question, QuestionType
from explainer.quiz.sentences import listed
from explainer.record import Record

Origin = Literal["written", "glossary", "timeline"]
GLOSSARY_PREFIX = "glossary:"
TIMELINE_PREFIX = "timeline:"
GROUP_SIZE = 4
MIN_GENERATED = 3

TYPE_LABELS: dict[str, str] = {
    "choice": "multiple choice",
    "true_false": "true or false",
    "match": "matching",
    "order": "put in order",
    "typed": "short answer",
}


class QuizItem(Record):
    """One question as it is asked.

    choice, true_false: `options` are the answers shown; `solution` is (the right one,).
    match: `left` is matched against `options`; `solution[i]` is the option for `left[i]`.
    order: `options` are the items, shuffled; `solution` lists them in the right order.
    typed: `accept` holds every accepted answer, the main one first.
    """

    key: str
    type: QuestionType
    prompt: str
    explanation: str
    section: str
    options: tuple[str, ...] = ()
    solution: tuple[int, ...] = ()
    left: tuple[str, ...] = ()
    why: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    origin: Origin = "written"

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]


def letter(index: int) -> str:
    """A, B, C ... for option 0, 1, 2 ..."""
    return chr(ord("A") + index)


def right_answer(item: QuizItem) -> str:
    """The right response in words, as feedback shows it."""
    if item.type in ("choice", "true_false"):
        index = item.solution[0]
        return f"{letter(index)}) {item.options[index]}"
    if item.type == "match":
        return "; ".join(
            f"{listed(left)} → {listed(item.options[option])}"
            for left, option in zip(item.left, item.solution, strict=True)
        )
    if item.type == "order":
        return " → ".join(listed(item.options[i]) for i in item.solution)
    return item.accept[0]


def _shuffled(rng: random.Random, values: Sequence[str], avoid_same: bool = False) -> list[str]:
    """A shuffled copy; with `avoid_same`, never the given order when another exists."""
    result = list(values)
    for _ in range(8):
        rng.shuffle(result)
        if not avoid_same or result != list(values) or len(set(values)) < 2:
            break
    return result


def written_item(pack: Pack, question: Question, rng: random.Random) -> QuizItem:
    """A question as its author wrote it, its options shuffled by `rng`."""
    links = (Link("section", question.section), *(Link("term", t) for t in question.terms))
    base: dict[str, Any] = dict(
        key=question.id,
        type=question.type,
        prompt=question.prompt,
        explanation=question.explanation,
        section=question.section,
        links=links,
    )
    if question.type == "choice":
        reasons = {question.answer: "", **{w.choice: w.why for w in question.wrong}}
        options = _shuffled(rng, list(reasons))
        return QuizItem(
            **base,
            options=tuple(options),
            solution=(options.index(question.answer),),
            why=tuple(reasons[o] for o in options),
        )
    if question.type == "true_false":
        return QuizItem(**base, options=("True", "False"), solution=(0 if question.answer == "true" else 1,))
    if question.type == "match":
        rights = [right for _, right in question.pairs]
        options = _shuffled(rng, rights, avoid_same=True)
        return QuizItem(
            **base,
            left=tuple(left for left, _ in question.pairs),
            options=tuple(options),
            solution=tuple(options.index(r) for r in rights),
        )
    if question.type == "order":
        options = _shuffled(rng, question.items, avoid_same=True)
        return QuizItem(**base, options=tuple(options), solution=_positions(options, question.items))
    return QuizItem(**base, accept=(question.answer, *question.accept))


def _positions(options: Sequence[str], in_order: Sequence[str]) -> tuple[int, ...]:
    """For each value of `in_order`, its index among `options` (repeated values each used once)."""
    free = list(range(len(options)))
    result = []
    for value in in_order:
        index = next(i for i in free if options[i] == value)
        free.remove(index)
        result.append(index)
    return tuple(result)


def _teaching_section(pack: Pack, candidates: Iterable[str]) -> str:
    """The section most of the candidates point to; on a tie, the earliest in reading order."""
    counts = Counter(c for c in candidates if pack.section(c))
    if not counts:
        return ""
    return min(counts, key=lambda s: (-counts[s], pack.section_position(s)))


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def glossary_item(pack: Pack, term_ids: Sequence[str], rng: random.Random) -> QuizItem | None:
    """Match terms to their definitions; None unless at least two of the terms exist."""
    terms = [t for t in (pack.term(i) for i in term_ids) if t is not None and t.definition]
    if len(terms) < 2:
        return None
    used = {t.id: [s.id for s in pack.links.used_in(t.id)] for t in terms}
    section = _teaching_section(pack, (s for t in terms for s in used[t.id]))
    sections = _unique([section, *(used[t.id][0] for t in terms if used[t.id])])
    definitions = [t.definition for t in terms]
    options = _shuffled(rng, definitions, avoid_same=True)
    return QuizItem(
        key=GLOSSARY_PREFIX + "+".join(sorted(t.id for t in terms)),
        type="match",
        prompt="Match each term to its definition.",
        explanation="\n".join(f"{t.term}: {t.definition}" for t in terms),
        section=section,
        left=tuple(t.term for t in terms),
        options=tuple(options),
        solution=_positions(options, definitions),
        links=(*(Link("section", s) for s in sections), *(Link("term", t.id) for t in terms)),
        origin="glossary",
    )


def timeline_item(pack: Pack, event_ids: Sequence[str], rng: random.Random) -> QuizItem | None:
    """Put events in order; None unless at least two exist, all dated (`Event.orderable`), on different dates."""
    found = [e for e in (pack.event(i) for i in event_ids) if e is not None]
    if not all(e.orderable for e in found):
        return None
    events = sorted(found, key=lambda e: e.sort or 0.0)
    if len(events) < 2 or len({e.sort for e in events}) < len(events):
        return None
    titles = [e.title for e in events]
    options = _shuffled(rng, titles, avoid_same=True)
    section = _teaching_section(pack, (e.section for e in events))
    return QuizItem(
        key=TIMELINE_PREFIX + "+".join(sorted(e.id for e in events)),
        type="order",
        prompt="Put these events in order, earliest first.",
        explanation="In order: " + "; ".join(f"{e.when}: {e.title}" for e in events) + ".",
        section=section,
        options=tuple(options),
        solution=_positions(options, titles),
        links=tuple(Link("section", s) for s in _unique([section, *(e.section for e in events)]) if pack.section(s)),
        origin="timeline",
    )


def item_for_key(pack: Pack, key: str, rng: random.Random) -> QuizItem | None:
    """Build an item again from its key; None when the pack no longer has it."""
    if key.startswith(GLOSSARY_PREFIX):
        return glossary_item(pack, key.removeprefix(GLOSSARY_PREFIX).split("+"), rng)
    if key.startswith(TIMELINE_PREFIX):
        return timeline_item(pack, key.removeprefix(TIMELINE_PREFIX).split("+"), rng)
    question = pack.question(key)
    return written_item(pack, question, rng) if question else None


def glossary_keys(pack: Pack, rng: random.Random, term_ids: Sequence[str] | None = None) -> list[str]:
    """Keys of matching questions covering the given terms (all by default) in groups of about four."""
    ids = [t.id for t in pack.terms if t.definition and t.quiz and (term_ids is None or t.id in term_ids)]
    rng.shuffle(ids)
    return [GLOSSARY_PREFIX + "+".join(sorted(group)) for group in _groups(ids, lambda a, b: True)]


def timeline_keys(pack: Pack, rng: random.Random, event_ids: Sequence[str] | None = None) -> list[str]:
    """Keys of ordering questions over the given dated events (all by default); no two in a group share a date.

    Undated, approximate and projected events are left out: the articles give them no firm place to quiz.
    """
    events = {e.id: e for e in pack.events if e.orderable and (event_ids is None or e.id in event_ids)}
    ids = list(events)
    rng.shuffle(ids)
    groups = _groups(ids, lambda a, b: events[a].sort != events[b].sort)
    return [TIMELINE_PREFIX + "+".join(sorted(group)) for group in groups]


def _groups(ids: list[str], compatible: Callable[[str, str], bool]) -> list[list[str]]:
    """Greedy groups of up to GROUP_SIZE compatible ids; groups too small to ask are dropped."""
    groups: list[list[str]] = []
    for value in ids:
        home = next((g for g in groups if len(g) < GROUP_SIZE and all(compatible(value, other) for other in g)), None)
        if home is None:
            groups.append([value])
        else:
            home.append(value)
    if len(groups) > 1 and len(groups[-1]) < MIN_GENERATED:
        # fold a short last group into earlier ones (one more each) where it fits
        for value in groups.pop():
            home = next((g for g in groups if len(g) <= GROUP_SIZE and all(compatible(value, o) for o in g)), None)
            if home is not None:
                home.append(value)
    return [g for g in groups if len(g) >= MIN_GENERATED]


def has_item(pack: Pack, key: str) -> bool:
    """Whether the pack can still build the item with this key."""
    return item_for_key(pack, key, random.Random(0)) is not None

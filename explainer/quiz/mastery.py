"""How well a student knows a pack: the one definition of mastery, and the items they keep getting wrong.

An item is mastered while its latest answer is right; a section's mastery is
the share of its answered items that are mastered. Only what the pack can
still ask counts, so a question removed from the pack (or another pack's)
never moves a student's figures. The student's screens and the teacher's
report both come here.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from explainer.pack.model import Pack
from explainer.progress.records import AnswerRecord, LatestAnswer
from explainer.progress.store import ProgressStore
from explainer.quiz.questions import has_item
from explainer.record import Record

# Anki calls a card a leech after 8 lapses; our quizzes are short, so four wrong answers say enough.
LEECH_WRONG = 4

Askable = Callable[[str], bool]


def askable_in(pack: Pack) -> Askable:
    """Whether the pack can still ask an item, remembered per key: a class report asks about the same keys for
    every student, and building an item to find out costs a shuffle."""
    known: dict[str, bool] = {}

    def askable(key: str) -> bool:
        if key not in known:
            known[key] = has_item(pack, key)
        return known[key]

    return askable


class Mastery(Record):
    """`mastered` of `answered` items."""

    mastered: int = 0
    answered: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.mastered / self.answered) if self.answered else 0

    def __str__(self) -> str:
        return f"{self.percent}% ({self.mastered}/{self.answered})" if self.answered else "not tried"


class QuizProgress(Record):
    """A student's standing over a whole pack: mastery overall and per section, and what is due."""

    overall: Mastery
    sections: dict[str, Mastery]
    due: int

    def summary(self) -> str:
        """One line for the home screen."""
        if not self.overall.answered:
            return "Quiz: not started yet"
        due = f"{self.due} due for review" if self.due else "nothing due for review"
        return f"Quiz mastery: {self.overall} · {due}"


class Leech(Record):
    """An item a student has got wrong `LEECH_WRONG` times or more: worth rereading its section."""

    item_id: str
    section_id: str
    wrong: int
    latest_correct: bool


def standing(
    pack: Pack, latest: Iterable[LatestAnswer], due: Iterable[str], askable: Askable | None = None
) -> QuizProgress:
    """Mastery per section (in the pack's order) and overall, and how many items are due, for what the pack asks."""
    askable = askable or askable_in(pack)
    per_section: dict[str, list[bool]] = {}
    for answer in latest:
        if pack.section(answer.section_id) and askable(answer.item_id):
            per_section.setdefault(answer.section_id, []).append(answer.correct)
    sections = {
        s.id: Mastery(sum(per_section[s.id]), len(per_section[s.id])) for s in pack.sections if s.id in per_section
    }
    overall = Mastery(sum(m.mastered for m in sections.values()), sum(m.answered for m in sections.values()))
    return QuizProgress(overall, sections, sum(1 for key in due if askable(key)))


def quiz_progress(pack: Pack, store: ProgressStore, now: float | None = None) -> QuizProgress:
    """A student's standing from their own store."""
    return standing(pack, store.latest_answers().values(), store.due(time.time() if now is None else now))


def leeches(pack: Pack, answers: Iterable[AnswerRecord], askable: Askable | None = None) -> list[Leech]:
    """Items the pack still asks that were answered wrongly `LEECH_WRONG` times or more, the most missed first."""
    askable = askable or askable_in(pack)
    wrong: dict[str, int] = {}
    latest: dict[str, AnswerRecord] = {}
    for answer in answers:
        latest[answer.item_id] = answer
        if not answer.correct:
            wrong[answer.item_id] = wrong.get(answer.item_id, 0) + 1
    found = [
        Leech(item, latest[item].section_id, count, latest[item].correct)
        for item, count in wrong.items()
        if count >= LEECH_WRONG and askable(item)
    ]
    return sorted(found, key=lambda leech: (-leech.wrong, leech.item_id))


def worth_rereading(pack: Pack, answers: Iterable[AnswerRecord]) -> list[tuple[str, int]]:
    """Sections (in reading order) with an item the student still gets wrong after many tries, and how many such items.

    A leech answered right since drops off: the student has caught up with it.
    """
    counts: dict[str, int] = {}
    for leech in leeches(pack, answers):
        if not leech.latest_correct and pack.section(leech.section_id):
            counts[leech.section_id] = counts.get(leech.section_id, 0) + 1
    return [(s.id, counts[s.id]) for s in pack.sections if s.id in counts]

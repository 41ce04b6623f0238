"""How well a student knows each section: from the most recent answer to each question.

An item is mastered while its latest answer is right; a section's mastery is
the share of its answered items that are mastered.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.questions import has_item


@dataclass(frozen=True)
class Mastery:
    """`mastered` of `answered` items."""

    mastered: int = 0
    answered: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.mastered / self.answered) if self.answered else 0

    def __str__(self) -> str:
        return f"{self.percent}% ({self.mastered}/{self.answered})" if self.answered else "not tried"


@dataclass(frozen=True)
class QuizProgress:
    """A student's standing over a whole pack: mastery overall and per section, and what is due."""

    overall: Mastery = Mastery()
    sections: dict[str, Mastery] = field(default_factory=dict)
    due: int = 0

    def summary(self) -> str:
        """One line for the home screen."""
        if not self.overall.answered:
            return "Quiz: not started yet"
        due = f"{self.due} due for review" if self.due else "nothing due for review"
        return f"Quiz mastery: {self.overall} · {due}"


def quiz_progress(pack: Pack, store: ProgressStore, now: float | None = None) -> QuizProgress:
    """Mastery and due items, counting only what this pack can still ask."""
    now = time.time() if now is None else now
    per_section: dict[str, list[bool]] = {}
    for answer in store.latest_answers().values():
        if pack.section(answer.section_id) and has_item(pack, answer.item_id):
            per_section.setdefault(answer.section_id, []).append(answer.correct)
    sections = {
        s.id: Mastery(sum(per_section[s.id]), len(per_section[s.id])) for s in pack.sections if s.id in per_section
    }
    overall = Mastery(sum(m.mastered for m in sections.values()), sum(m.answered for m in sections.values()))
    due = sum(1 for key in store.due(now) if has_item(pack, key))
    return QuizProgress(overall, sections, due)

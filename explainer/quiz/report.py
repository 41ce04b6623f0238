"""The teacher's report on one pack: per student, per question, per section, and one student's answers.

Pure functions over `StudentRecord`s (read from the data dir, or held by the
live class view) and the pack; mastery and leeches come from `quiz.mastery`,
so a student and their teacher see the same figures. The words and tables
are `plain/scores.py`'s.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence

from explainer.pack.model import Pack
from explainer.progress.records import AnswerRecord, StudentRecord
from explainer.quiz.grading import normalize, right_given
from explainer.quiz.mastery import Leech, Mastery, askable_in, leeches, standing
from explainer.quiz.questions import QuizItem, item_for_key
from explainer.record import Record


class StudentRow(Record):
    """One student on the pack. `score` is the share of all their answers that were right."""

    user: str
    sections_read: int
    sections: int
    quizzes: int
    answered: int
    right: int
    mastery: Mastery
    due: int
    leeches: tuple[Leech, ...]
    last_seen: float | None

    @property
    def score(self) -> int | None:
        return round(100 * self.right / self.answered) if self.answered else None


class QuestionRow(Record):
    """How the class did on one item; `leeches` counts the students who keep getting it wrong."""

    item_id: str
    prompt: str
    section_id: str
    asked: int
    right: int
    students: int
    common_wrong: str | None
    common_wrong_count: int
    median_seconds: float | None
    leeches: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.asked) if self.asked else 0


class GridRow(Record):
    """One student's mastery of each section they were asked about, and the sections they read."""

    user: str
    mastery: dict[str, Mastery]
    read: frozenset[str]


class SectionGrid(Record):
    """Every student against every section (in reading order)."""

    sections: tuple[str, ...]
    rows: tuple[GridRow, ...]

    def class_mastery(self, section_id: str) -> Mastery:
        """The whole class's mastery of one section."""
        cells = [row.mastery[section_id] for row in self.rows if section_id in row.mastery]
        return Mastery(sum(m.mastered for m in cells), sum(m.answered for m in cells))

    def weakest(self) -> list[tuple[str, Mastery]]:
        """Sections the class was asked about, the least mastered first."""
        tried = [(s, self.class_mastery(s)) for s in self.sections if self.class_mastery(s).answered]
        return sorted(tried, key=lambda pair: (pair[1].mastered / pair[1].answered, -pair[1].answered))


class AnswerRow(Record):
    """One answer a student gave, with the question and the right answer in words."""

    at: float
    item_id: str
    prompt: str
    section_id: str
    given: str | None  # None: saved before answers were kept
    correct: bool
    right_answer: str
    seconds: float | None
    hinted: bool
    mode: str


def readable(records: Iterable[StudentRecord]) -> list[StudentRecord]:
    """The records whose store could be read (the others name their problem, and count for nothing)."""
    return [r for r in records if not r.problem]


def student_rows(records: Sequence[StudentRecord], pack: Pack) -> list[StudentRow]:
    """One row per student whose store could be read, by name."""
    section_ids = {s.id for s in pack.sections}
    askable = askable_in(pack)
    rows = []
    for record in readable(records):
        progress = standing(pack, record.latest_answers().values(), record.due, askable)
        rows.append(
            StudentRow(
                user=record.user,
                sections_read=len(section_ids & record.sections_read.keys()),
                sections=len(section_ids),
                quizzes=len(record.quizzes),
                answered=len(record.answers),
                right=sum(a.correct for a in record.answers),
                mastery=progress.overall,
                due=progress.due,
                leeches=tuple(leeches(pack, record.answers, askable)),
                last_seen=record.last_seen,
            )
        )
    return sorted(rows, key=lambda row: row.user.casefold())


def question_rows(records: Sequence[StudentRecord], pack: Pack) -> list[QuestionRow]:
    """Every item the class answered that the pack still asks, the worst answered first."""
    by_item: dict[str, list[tuple[str, AnswerRecord]]] = {}
    leech_counts: Counter[str] = Counter()
    askable = askable_in(pack)
    for record in readable(records):
        for answer in record.answers:
            by_item.setdefault(answer.item_id, []).append((record.user, answer))
        leech_counts.update(leech.item_id for leech in leeches(pack, record.answers, askable))
    order = {s.id: n for n, s in enumerate(pack.sections)}
    rows = []
    for item_id, answered in by_item.items():
        item = _item(pack, item_id)
        if item is None:
            continue
        wrong, count = _most_common_wrong(item, [a for _, a in answered])
        times = [a.seconds for _, a in answered if a.seconds is not None]
        rows.append(
            QuestionRow(
                item_id=item_id,
                prompt=_label(item),
                section_id=item.section,
                asked=len(answered),
                right=sum(a.correct for _, a in answered),
                students=len({user for user, _ in answered}),
                common_wrong=wrong,
                common_wrong_count=count,
                median_seconds=statistics.median(times) if times else None,
                leeches=leech_counts[item_id],
            )
        )
    return sorted(rows, key=lambda r: (r.right / r.asked, -r.asked, order.get(r.section_id, len(order)), r.item_id))


def section_grid(records: Sequence[StudentRecord], pack: Pack) -> SectionGrid:
    """Each student's mastery of each section, by name."""
    askable = askable_in(pack)
    rows = [
        GridRow(
            record.user,
            standing(pack, record.latest_answers().values(), (), askable).sections,
            frozenset(record.sections_read),
        )
        for record in readable(records)
    ]
    return SectionGrid(tuple(s.id for s in pack.sections), tuple(sorted(rows, key=lambda r: r.user.casefold())))


def find_student(records: Iterable[StudentRecord], name: str) -> StudentRecord | None:
    """A student by the name the report shows, or their store's file name; any case."""
    wanted = name.casefold()
    for record in records:
        if wanted in (record.user.casefold(), record.path.stem.casefold()):
            return record
    return None


def student_answers(record: StudentRecord, pack: Pack) -> list[AnswerRow]:
    """A student's answers, newest first, with each question as the pack now has it."""
    rows = []
    for answer in reversed(record.answers):
        item = _item(pack, answer.item_id)
        rows.append(
            AnswerRow(
                at=answer.at,
                item_id=answer.item_id,
                prompt=question_label(pack, answer.item_id),
                section_id=answer.section_id,
                given=str(answer.given) if answer.given is not None else None,
                correct=answer.correct,
                right_answer=str(right_given(item)) if item else "",
                seconds=answer.seconds,
                hinted=answer.hinted,
                mode=answer.mode,
            )
        )
    return rows


def class_leeches(records: Sequence[StudentRecord], pack: Pack) -> list[tuple[str, Leech]]:
    """Every student's struggling items, by student."""
    return [(row.user, leech) for row in student_rows(records, pack) for leech in row.leeches]


def question_label(pack: Pack, item_id: str) -> str:
    """How the report names an item: its prompt, or its id once the pack no longer has it."""
    item = _item(pack, item_id)
    return _label(item) if item else f"{item_id} (no longer in the pack)"


def _item(pack: Pack, item_id: str) -> QuizItem | None:
    return item_for_key(pack, item_id, random.Random(0))


def _label(item: QuizItem) -> str:
    """A written question's prompt; a generated one also says which terms or events it covers."""
    if item.origin == "glossary":
        return f"{item.prompt} ({', '.join(item.left)})"
    if item.origin == "timeline":
        return f"{item.prompt} ({len(item.options)} events)"
    return item.prompt


def _most_common_wrong(item: QuizItem, answers: Sequence[AnswerRecord]) -> tuple[str | None, int]:
    """The wrong answer given most often and how many gave it; typed ones are grouped as grading compares them."""
    counts: Counter[str] = Counter()
    shown: dict[str, Counter[str]] = {}
    for answer in answers:
        if answer.correct or answer.given is None:
            continue
        text = str(answer.given)
        key = normalize(text) if item.type == "typed" else text
        counts[key] += 1
        shown.setdefault(key, Counter())[text] += 1
    if not counts:
        return None, 0
    key, count = min(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return shown[key].most_common(1)[0][0], count

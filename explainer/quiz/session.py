"""One quiz in progress: where the student is, what they answered, and the results.

Both faces drive the same class: the TUI's QuizScreen and the line-based
`explainer quiz --plain`. Every answer is saved (with its review schedule) the
moment it is given, so a quiz left half way loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.grading import Grade, Hint, Response, grade, hint_for
from explainer.quiz.keeping import keep_answer, saving_problem
from explainer.quiz.mastery import Mastery, quiz_progress
from explainer.quiz.questions import QuizItem
from explainer.quiz.scheduler import ReviewScheduler
from explainer.quiz.selection import QuizRequest, mode_title, select_items
from explainer.record import Record


class Outcome(Record):
    """An answered item: what was given, how it was graded, whether a hint came first, and how long it took."""

    item: QuizItem
    response: Response
    grade: Grade
    hinted: bool
    seconds: float | None = None

    @property
    def correct(self) -> bool:
        return self.grade.correct


class SectionResult(Record):
    """How a section fared in this quiz, and the student's mastery of it overall."""

    section_id: str
    right: int
    asked: int
    mastery: Mastery | None = None


class QuizResults(Record):
    """The end of a quiz: score, sections in reading order, and what to reread."""

    score: int
    total: int
    sections: tuple[SectionResult, ...]
    reread: tuple[str, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


class QuizSession:
    """A quiz of a fixed list of items, asked in order."""

    def __init__(
        self,
        pack: Pack,
        items: Sequence[QuizItem],
        request: QuizRequest = QuizRequest(),
        *,
        store: ProgressStore | None = None,
        scheduler: ReviewScheduler | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.pack = pack
        self.items = tuple(items)
        self.request = request
        self.title = mode_title(pack, request)
        self.store = store
        self.scheduler = scheduler or ReviewScheduler()
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.position = 0
        self.outcomes: list[Outcome] = []
        self.problem = ""  # set when progress could not be saved
        self._hints: dict[int, Hint] = {}
        self._recorded = False
        self._asked_at = self.clock()  # when the current item was first shown

    @classmethod
    def start(
        cls,
        pack: Pack,
        request: QuizRequest,
        store: ProgressStore | None = None,
        *,
        scheduler: ReviewScheduler | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> QuizSession:
        """A new quiz for a request, seeded (a seed is picked if none was given)."""
        request = request.seeded()
        now = clock().timestamp() if clock else None
        items = select_items(pack, request, store, now)
        return cls(pack, items, request, store=store, scheduler=scheduler, clock=clock)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def current(self) -> QuizItem | None:
        """The item being asked (or whose feedback is showing); None once the quiz is over."""
        return self.items[self.position] if self.position < self.total else None

    @property
    def outcome(self) -> Outcome | None:
        """The current item's outcome, once answered."""
        return self.outcomes[self.position] if self.position < len(self.outcomes) else None

    @property
    def finished(self) -> bool:
        return self.position >= self.total

    @property
    def answered(self) -> int:
        return len(self.outcomes)

    @property
    def score(self) -> int:
        return sum(o.correct for o in self.outcomes)

    @property
    def hinted(self) -> Hint | None:
        """The hint given for the current item, if one was asked for."""
        return self._hints.get(self.position)

    def hint(self) -> Hint:
        """A hint for the current item; a right answer after it is graded Hard rather than Good."""
        item = self._require_unanswered()
        if self.position not in self._hints:
            self._hints[self.position] = hint_for(item, self.pack)
        return self._hints[self.position]

    def answer(self, response: Response) -> Outcome:
        """Grade the current item, save the answer and its next review, and return the outcome."""
        item = self._require_unanswered()
        hinted = self.position in self._hints
        now = self.clock()
        seconds = max(0.0, (now - self._asked_at).total_seconds())
        outcome = Outcome(item, response, grade(item, response), hinted, seconds)
        self.outcomes.append(outcome)
        self._save(
            lambda store: keep_answer(
                store,
                self.scheduler,
                item,
                response,
                outcome.correct,
                mode=self.request.mode,
                now=now,
                hinted=hinted,
                seconds=seconds,
            )
        )
        return outcome

    def advance(self) -> QuizItem | None:
        """On to the next item after feedback; the quiz is recorded when the last one is done."""
        if self.outcome is None:
            raise RuntimeError("answer the current item before moving on")
        self.position += 1
        self._asked_at = self.clock()
        if self.finished and not self._recorded and self.store is not None and self.total:
            self._recorded = True
            at = self.clock().timestamp()
            self._save(lambda store: store.record_quiz(self.request.mode, self.score, self.total, at))
        return self.current

    def results(self) -> QuizResults:
        """Score so far, per-section results in reading order, and the sections to reread."""
        per_section: dict[str, list[bool]] = {}
        for outcome in self.outcomes:
            per_section.setdefault(outcome.item.section, []).append(outcome.correct)
        mastery = quiz_progress(self.pack, self.store).sections if self.store is not None else {}
        order = [s.id for s in self.pack.sections if s.id in per_section]
        sections = tuple(SectionResult(s, sum(per_section[s]), len(per_section[s]), mastery.get(s)) for s in order)
        reread = tuple(r.section_id for r in sections if r.right < r.asked)
        return QuizResults(self.score, self.answered, sections, reread)

    def _require_unanswered(self) -> QuizItem:
        item = self.current
        if item is None:
            raise RuntimeError("the quiz is over")
        if self.outcome is not None:
            raise RuntimeError("this item is already answered")
        return item

    def _save(self, write: Callable[[ProgressStore], None]) -> None:
        if problem := saving_problem(self.store, write):
            self.problem = problem

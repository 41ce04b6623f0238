"""The live quiz as both sides keep it, without Textual: the questions, the split, each one's results.

A question travels as a key and a seed: `live_item` builds the same item
(options in the same order) in the teacher's session and in every student's,
all forked from one fork server with one pack. The hub relays and counts; what
is right is decided here, on each side, by the quiz's own grading.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from explainer.classroom.protocol import Message
from explainer.classroom.teams import TeamScore, team_names
from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.grading import Grade, Response, grade
from explainer.quiz.keeping import keep_answer, saving_problem
from explainer.quiz.questions import QuizItem, item_for_key, letter, right_answer
from explainer.quiz.scheduler import ReviewScheduler
from explainer.quiz.selection import QuizRequest, select_items

LIVE_MODE = "live"  # how live answers are marked in a student's store and in `explainer scores`
DEFAULT_COUNT = 5


def live_item(pack: Pack, key: str, seed: int) -> QuizItem | None:
    """The item a live question asks, the same in every session; None if this pack cannot build it."""
    return item_for_key(pack, key, random.Random(seed))


def plan(pack: Pack, section: str = "", count: int = DEFAULT_COUNT, seed: int | None = None) -> list[str]:
    """The keys of a live quiz: from the whole pack or one section, as the quiz picks them."""
    request = QuizRequest("section" if section else "full", section, count, seed)
    return [item.key for item in select_items(pack, request.seeded())]


def response_from(value: object) -> Response | None:
    """A response as it comes back from the hub (JSON: lists for tuples)."""
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, int))
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return value
    return None


def response_label(item: QuizItem, response: Response | None) -> str:
    """A response as a bar of the split shows it: the option, the letters in their slots, or the text."""
    if response is None:
        return "other answers"
    if isinstance(response, int):
        return f"{letter(response)}) {item.options[response]}" if 0 <= response < len(item.options) else "?"
    if isinstance(response, tuple):
        return " ".join(letter(i) for i in response)
    return f"“{response}”"


def right_label(item: QuizItem) -> str:
    """The right answer as the reveal says it: matching and ordering by letters, the explanation says the rest."""
    if item.type in ("match", "order"):
        return response_label(item, item.solution)
    return right_answer(item)


@dataclass(frozen=True)
class SplitRow:
    """One bar of the split: an answer, how many gave it, whether it is right."""

    label: str
    count: int
    right: bool


def split_rows(item: QuizItem, split: Sequence[dict]) -> list[SplitRow]:
    """The hub's split in words; for choices every option has a bar, in the order shown, even at zero."""
    given = [(response_from(entry.get("response")), int(entry.get("count", 0))) for entry in split]
    if item.type in ("choice", "true_false"):
        counts = {r: n for r, n in given if isinstance(r, int)}
        return [
            SplitRow(response_label(item, i), counts.get(i, 0), i == item.solution[0]) for i in range(len(item.options))
        ]
    return [SplitRow(response_label(item, r), n, r is not None and grade(item, r).correct) for r, n in given if n]


@dataclass(frozen=True)
class LiveOutcome:
    """One student's answer to one live question, graded."""

    item: QuizItem
    response: Response | None
    grade: Grade | None  # None: not answered in time
    seconds: float | None = None  # from the question to the last answer sent

    @property
    def correct(self) -> bool:
        return self.grade is not None and self.grade.correct


@dataclass
class StudentLiveQuiz:
    """A student's own live quiz: each question's outcome, saved in their store as it is revealed."""

    pack: Pack
    store: ProgressStore | None
    quiz: int
    outcomes: list[LiveOutcome] = field(default_factory=list)
    problem: str = ""
    scheduler: ReviewScheduler = field(default_factory=ReviewScheduler)

    def revealed(self, item: QuizItem, response: Response | None, seconds: float | None = None) -> LiveOutcome:
        """The teacher revealed the answer: grade what this student gave (in `seconds` from the question)."""
        outcome = LiveOutcome(item, response, grade(item, response) if response is not None else None, seconds)
        self.outcomes.append(outcome)
        return outcome

    def save(self, outcome: LiveOutcome) -> None:
        """Keep a revealed answer with its next review, like any answer (unanswered keeps nothing); apart from
        `revealed`, so that the reveal is on screen before the disk is written to."""
        response = outcome.response
        if response is not None:
            now = datetime.now(timezone.utc)
            self._save(
                lambda store: keep_answer(
                    store,
                    self.scheduler,
                    outcome.item,
                    response,
                    outcome.correct,
                    mode=LIVE_MODE,
                    now=now,
                    seconds=outcome.seconds,
                )
            )

    def finished(self) -> None:
        """The teacher ended the quiz: it counts as one quiz taken, over the questions this student saw."""
        if self.outcomes:
            self._save(lambda store: store.record_quiz(LIVE_MODE, self.score, len(self.outcomes)))

    @property
    def score(self) -> int:
        return sum(o.correct for o in self.outcomes)

    def reread(self) -> list[str]:
        """Sections of the questions missed or left unanswered, in reading order."""
        missed = {o.item.section for o in self.outcomes if not o.correct}
        return [s.id for s in self.pack.sections if s.id in missed]

    def _save(self, write: Callable[[ProgressStore], None]) -> None:
        if problem := saving_problem(self.store, write):
            self.problem = problem


@dataclass(frozen=True)
class QuestionResult:
    """How the class did on one live question: for the teacher's summary at the end."""

    item: QuizItem
    answered: int
    present: int
    right: int

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0


def question_result(item: QuizItem, rows: Sequence[SplitRow], answered: int, present: int) -> QuestionResult:
    return QuestionResult(item, answered, present, right_count(rows))


def right_count(rows: Sequence[SplitRow]) -> int:
    return sum(r.count for r in rows if r.right)


def team_result(item: QuizItem, entry: object) -> TeamScore | None:
    """One team's answers to this question, graded from its split (the hub's `teams` on reveal)."""
    if not isinstance(entry, dict):
        return None
    team, given = entry.get("team"), entry.get("split")
    if not isinstance(team, str) or not isinstance(given, list):
        return None
    split = [e for e in given if isinstance(e, dict)]
    return TeamScore(team, right_count(split_rows(item, split)), sum(int(e.get("count", 0)) for e in split))


@dataclass(frozen=True)
class LivePlan:
    """What the teacher chose to ask: a title for every screen, and the questions' keys in order."""

    title: str
    keys: tuple[str, ...]
    teams: int = 0  # how many teams the class is split into; 0: none


def question_choice(pack: Pack, key: str) -> str:
    """A question as the teacher picks it from a list."""
    item = live_item(pack, key, 0)
    if item is None:
        return key
    if item.origin == "glossary":
        return f"Match terms: {', '.join(item.left)}"
    if item.origin == "timeline":
        return f"Put in order: {'; '.join(item.options)}"
    return item.prompt


@dataclass
class LiveRun:
    """The teacher's side of one live quiz, without a screen: what is asked now, how many have answered, how the
    class did. The question goes to the hub from here, so no student waits for the teacher's screen to be made;
    the teacher's screen only shows this."""

    pack: Pack
    plan: LivePlan
    seeds: random.Random = field(default_factory=random.Random)
    position: int = -1  # in the plan
    q: int = 0  # the hub's number for the question now asked (questions the pack cannot build are skipped)
    item: QuizItem | None = None
    revealed: bool = False
    over: bool = False
    answered: int = 0
    present: int = 0
    rows: list[SplitRow] = field(default_factory=list)  # the split, once revealed
    results: list[QuestionResult] = field(default_factory=list)
    teams: dict[str, TeamScore] = field(init=False)  # each team's score over the questions revealed so far
    team_now: dict[str, TeamScore] = field(default_factory=dict)  # and on the question just revealed

    def __post_init__(self) -> None:
        self.teams = {name: TeamScore(name) for name in team_names(self.plan.teams)}

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def total(self) -> int:
        return len(self.plan.keys)

    @property
    def last(self) -> bool:
        return self.number >= self.total

    def next_ask(self) -> Message | None:
        """The next question as the hub's `ask`; None when the plan has no more (then the quiz is to end)."""
        while self.position + 1 < self.total:
            self.position += 1
            key, seed = self.plan.keys[self.position], self.seeds.randrange(1, 10**6)
            item = live_item(self.pack, key, seed)
            if item is None:
                continue
            self.item, self.q, self.revealed, self.rows = item, self.q + 1, False, []
            self.answered = self.present = 0
            return {
                "t": "ask", "q": self.q, "key": key, "seed": seed, "number": self.number, "total": self.total,
                "title": self.plan.title, "teams": self.plan.teams,
            }  # fmt: skip
        return None

    def heard(self, payload: Message) -> bool:
        """What the hub said about this quiz: True if it changed what the teacher sees."""
        kind = payload["t"]
        if payload.get("q") != self.q or self.item is None or self.revealed:
            return False
        if kind not in ("answered", "reveal"):
            return False
        self.answered, self.present = int(payload.get("answered", 0)), int(payload.get("present", 0))
        if kind == "reveal":
            self.revealed = True
            self.rows = split_rows(self.item, payload.get("split") or [])
            self.results.append(question_result(self.item, self.rows, self.answered, self.present))
            self._count_teams(payload.get("teams"))
        return True

    def _count_teams(self, entries: object) -> None:
        assert self.item is not None
        now = [team_result(self.item, entry) for entry in (entries if isinstance(entries, list) else [])]
        self.team_now = {score.team: score for score in now if score is not None and score.team in self.teams}
        for name, score in self.team_now.items():
            self.teams[name] = self.teams[name].plus(score)

    def end_message(self) -> Message:
        """The hub's `end`, with each team's score for every student's screen when there are teams."""
        if not self.teams:
            return {"t": "end"}
        return {"t": "end", "teams": [score.as_message() for score in self.teams.values()]}

"""Teams in the live quiz: which team each student is in, and how each team did — no Textual here.

Points are for being right, never for being fast. A team's score is the share
of its members' answers that were right, so neither a bigger team nor one a
student left is helped or hurt by its size. Names come from a fixed list, in
order, so a teacher can call them out; who is in which is shuffled by the hub.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from explainer.classroom.protocol import Message

TEAM_NAMES = ("Foxes", "Owls", "Bears", "Hares", "Wolves", "Seals")  # distinct first letters, easy to call out
TEAM_COUNTS = (0, 2, 3, 4, 5, 6)  # what the teacher's `t` steps through: no teams, or two to six


def team_count(value: object) -> int:
    """How many teams a teacher asked for, if it is a count they may ask for; else none."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value in TEAM_COUNTS else 0


def team_names(count: int) -> tuple[str, ...]:
    return TEAM_NAMES[: team_count(count)]


def next_count(count: int) -> int:
    """The teacher's `t`: the next number of teams, round to none again."""
    counts = TEAM_COUNTS
    return counts[(counts.index(team_count(count)) + 1) % len(counts)]


def deal(order: Sequence[str], names: Sequence[str]) -> dict[str, str]:
    """Students, in the (shuffled) order given, dealt round the teams: sizes differ by one at most."""
    return {member: names[index % len(names)] for index, member in enumerate(order)} if names else {}


def smallest(teams: Mapping[str, str], names: Sequence[str]) -> str:
    """The team a student joining now goes to: the one with fewest members, the first of those on a tie."""
    sizes = {name: 0 for name in names}
    for name in teams.values():
        if name in sizes:
            sizes[name] += 1
    return min(names, key=lambda name: sizes[name])


@dataclass(frozen=True)
class TeamScore:
    """One team's right answers out of the answers its members gave."""

    team: str
    right: int = 0
    answered: int = 0

    def plus(self, other: TeamScore) -> TeamScore:
        return TeamScore(self.team, self.right + other.right, self.answered + other.answered)

    @property
    def share(self) -> Fraction | None:
        """Exact, so that 2 of 4 and 1 of 2 are a tie."""
        return Fraction(self.right, self.answered) if self.answered else None

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0

    @property
    def said(self) -> str:
        """'5 of 8 right (63%)'; 'no answers' for a team none of whose members answered."""
        return f"{self.right} of {self.answered} right ({self.percent}%)" if self.answered else "no answers"

    def as_message(self) -> Message:
        return {"team": self.team, "right": self.right, "answered": self.answered}


def scores_from(value: object, names: Sequence[str] = TEAM_NAMES) -> list[TeamScore]:
    """Team scores as they travel (`as_message`): only teams of these names, counts that can be, each once."""
    scores: dict[str, TeamScore] = {}
    for entry in value if isinstance(value, list) else []:
        if not isinstance(entry, dict):
            continue
        team, right, answered = entry.get("team"), _whole(entry.get("right")), _whole(entry.get("answered"))
        if not isinstance(team, str) or team not in names or team in scores or right is None or answered is None:
            continue
        if right <= answered:
            scores[team] = TeamScore(team, right, answered)
    return list(scores.values())


def _whole(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**6 else None


@dataclass(frozen=True)
class Standing:
    """A team's place: teams with the same share share the place; a team with no answers has none (0)."""

    place: int
    tied: bool
    score: TeamScore

    @property
    def place_said(self) -> str:
        """'1st', 'joint 2nd', or '—' for a team with no answers."""
        if not self.place:
            return "—"
        return f"{'joint ' if self.tied else ''}{ordinal(self.place)}"


def standings(scores: Iterable[TeamScore]) -> list[Standing]:
    """Best share first; equal shares tie (1st, joint 2nd, joint 2nd, 4th); teams without answers last."""
    scored = sorted(scores, key=lambda s: (s.share is None, -(s.share or 0)))
    shares = [s.share for s in scored]
    placed = []
    for score in scored:
        if score.share is None:
            placed.append(Standing(0, False, score))
        else:
            placed.append(Standing(shares.index(score.share) + 1, shares.count(score.share) > 1, score))
    return placed


def ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"

"""The hub: in the server process, the one place that knows the whole class.

Every session has a link to it (`protocol.JsonLines` over a socket pair the
server makes). What each side may learn is decided here, by the role the
server gave the link when it authenticated the connection:

- a student's link only ever carries the live quiz to it: that one is about
  to start (a teacher is choosing; or, cancelled, that it is not), the
  question, the answer it gave as recorded, the anonymous split on reveal, the
  end. With teams, also its own team's name, and at the end each team's
  score (counts, never members). Nothing
  about another student reaches a student; what a student sends beyond its own
  status and answers is ignored;
- a teacher's link gets the class (who is connected, where, idle for how long)
  every SNAPSHOT_SECONDS and soon after a change, and runs the live quiz.

The hub grades nothing and knows no pack: a question is a key and a seed that
every session (all forked from one fork server, with one pack) builds the same
way, and the split groups the answers as given.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import random
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from explainer.classroom.protocol import JsonLines, Message, encode
from explainer.classroom.teams import deal, scores_from, smallest, team_count, team_names
from explainer.quiz.grading import normalize

Role = Literal["student", "teacher"]
SNAPSHOT_SECONDS = 2.0  # the class view is never older than this
CHANGE_DELAY = 0.2  # a change reaches the teacher this soon, many changes at once in one snapshot
MAX_TEXT = 200
MAX_SPLIT = 12  # bars in a split; the rest are counted together

log = logging.getLogger("explainer.serve")


@dataclass(eq=False)
class Member:
    """One session on the hub: a student or a teacher, and what a student last said about itself."""

    id: int
    role: Role
    name: str
    link: JsonLines
    connected_at: float
    idle: Callable[[], float] | None = None  # seconds since the last key, from the SSH session
    where: str = ""
    read: int = 0
    score: str = ""


@dataclass
class LiveQuestion:
    """The question on every screen now, and the answers given to it so far."""

    quiz: int
    q: int
    owner: Member
    asked: set[int]  # the students it was put to
    answers: dict[int, object] = field(default_factory=dict)
    revealed: bool = False


class ClassHub:
    """Members by link; the class for teachers; the live quiz between one teacher and every student."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, rng: random.Random | None = None) -> None:
        self.clock = clock
        self.rng = rng or random.Random()  # who is in which team
        self.members: dict[int, Member] = {}
        self.live: LiveQuestion | None = None
        self._ids = itertools.count(1)
        self._quizzes = itertools.count(1)
        self._quiz: int | None = None
        self._quiz_owner: Member | None = None
        self._preparing: Member | None = None  # the teacher choosing a live quiz, before its first question
        self._team_names: tuple[str, ...] = ()  # the teams of the live quiz being chosen or run; () for none
        self._teams: dict[str, str] = {}  # each student's team in it, by name: kept by one who reconnects
        self._order: list[str] = []  # students' names, shuffled once per quiz: dealt round the teams in this order
        self._soon: asyncio.TimerHandle | None = None
        self._ticker: asyncio.TimerHandle | None = None
        self._local: asyncio.AbstractServer | None = None
        self._local_path: Path | None = None

    # Members come and go.

    async def open_link(self, role: Role, name: str, idle: Callable[[], float] | None = None) -> int:
        """A socket for a new session: the hub keeps one end; the fd returned is the session's, to close once sent."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        member = self.attach(role, name, idle)
        await asyncio.get_running_loop().create_unix_connection(lambda: member.link, sock=ours)
        return theirs.detach()

    def attach(self, role: Role, name: str, idle: Callable[[], float] | None = None) -> Member:
        """A member whose link is not connected yet (`open_link` and the local listener connect it)."""
        member_id = next(self._ids)
        link = JsonLines(lambda message: self.received(member, message), lambda: self.detach(member))
        member = Member(member_id, role, name, link, self.clock(), idle)
        self.members[member_id] = member
        self._changed()
        return member

    def detach(self, member: Member) -> None:
        if self.members.pop(member.id, None) is None:
            return
        live = self.live
        if member is self._preparing:
            self._cancel(member)
        if member is self._quiz_owner:
            self._end_quiz()  # nobody is left to reveal or go on
        elif live is not None and member.id in live.asked:
            live.asked.discard(member.id)
            live.answers.pop(member.id, None)  # it will never be saved in their store: not in the split either
            self._tell_answered()
        self._changed()

    @property
    def students(self) -> list[Member]:
        return [m for m in self.members.values() if m.role == "student"]

    @property
    def teachers(self) -> list[Member]:
        return [m for m in self.members.values() if m.role == "teacher"]

    # What members send.

    def received(self, member: Member, message: Message) -> None:
        kind = message["t"]
        if member.role == "student":
            if kind == "status":
                self._status(member, message)
            elif kind == "answer":
                self._answer(member, message)
        elif kind == "prepare":
            self._prepare(member, message)
        elif kind == "cancel":
            self._cancel(member)
        elif kind == "ask":
            self._ask(member, message)
        elif kind == "reveal":
            self._reveal(member)
        elif kind == "end" and member is self._quiz_owner:
            self._end_quiz(message.get("teams"))

    def _status(self, member: Member, message: Message) -> None:
        where, read, score = _text(message.get("where")), message.get("read"), _text(message.get("score"))
        read = read if isinstance(read, int) and 0 <= read < 10**6 else member.read
        if (where, read, score) != (member.where, member.read, member.score):
            member.where, member.read, member.score = where, read, score
            self._changed()

    # The class, for teachers.

    def snapshot(self) -> Message:
        """Every connected student as the class view shows them; seconds are as of now."""
        now = self.clock()
        students = [
            {
                "id": m.id,
                "name": m.name,
                "connected": round(now - m.connected_at),
                "idle": round(m.idle()) if m.idle else None,
                "where": m.where,
                "read": m.read,
                "score": m.score,
                "team": self._teams.get(m.name, ""),
            }
            for m in self.students
        ]
        return {"t": "class", "students": students, "live": self._live_summary()}

    def _changed(self) -> None:
        """Something teachers see has changed: tell them soon, once for many changes."""
        if self._soon is None and self.teachers:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            self._soon = loop.call_later(CHANGE_DELAY, self._send_snapshot)

    def _send_snapshot(self) -> None:
        self._soon = None
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        teachers = self.teachers
        if not teachers:
            return
        line = encode(self.snapshot())
        for teacher in teachers:
            teacher.link.send_encoded(line)
        self._ticker = asyncio.get_running_loop().call_later(SNAPSHOT_SECONDS, self._send_snapshot)

    # The live quiz.

    def _prepare(self, teacher: Member, message: Message) -> None:
        """A teacher is choosing a live quiz: every student's screen says it is about to start (and is ready
        when the first question comes), with their team if the teacher chose teams (said again each time the
        teacher changes how many). Not while a quiz runs, nor while another teacher is choosing."""
        if self._quiz is None and self._preparing in (None, teacher):
            if self._preparing is None:
                self._order = []  # a new quiz: shuffled afresh
            self._preparing = teacher
            self._form_teams(team_count(message.get("teams")))
            self._to_students({"t": "prepare"}, self.students)

    def _cancel(self, teacher: Member) -> None:
        """The teacher chose nothing after all (or left): the students are back to what they were doing."""
        if teacher is self._preparing:
            self._preparing = None
            if self._quiz is None:
                self._form_teams(0)
                self._to_students({"t": "cancel"}, self.students)

    def _form_teams(self, count: int) -> None:
        """Deal the students here into `count` teams (none for 0), balanced, in an order shuffled once per quiz:
        not by name nor by when they connected, so friends who log in together need not land together; going
        from 2 teams to 3 and back gives the same 2 again. A name is dealt once, however many sessions it has."""
        here = list(dict.fromkeys(s.name for s in self.students))
        newcomers = [name for name in here if name not in self._order]
        self.rng.shuffle(newcomers)
        self._order = [name for name in self._order if name in here] + newcomers
        self._team_names = team_names(count)
        self._teams = deal(self._order, self._team_names)
        self._changed()

    def _to_students(self, message: Message, students: list[Member]) -> None:
        """The same message to each student, with their own team's name when there are teams (and nothing
        else of any team); encoded once per team, not once per student."""
        lines: dict[str, bytes] = {}
        for student in students:
            team = self._teams.get(student.name, "")
            line = lines.get(team)
            if line is None:
                line = lines[team] = encode({**message, "team": team} if team else message)
            student.link.send_encoded(line)

    def _ask(self, teacher: Member, message: Message) -> None:
        if self._quiz_owner is not None and self._quiz_owner is not teacher:
            teacher.link.send(
                {"t": "refused", "why": f"{self._quiz_owner.name or 'another teacher'} is running a live quiz"}
            )
            return
        q, key, seed = message.get("q"), message.get("key"), message.get("seed")
        if not (isinstance(q, int) and isinstance(key, str) and isinstance(seed, int) and 0 < len(key) <= MAX_TEXT):
            return
        if self._quiz is None:
            if self._preparing is not teacher or len(self._team_names) != team_count(message.get("teams")):
                self._order = []  # not what was dealt while the teacher chose (if anything was): a fresh deal
                self._form_teams(team_count(message.get("teams")))
            self._quiz, self._quiz_owner, self._preparing = next(self._quizzes), teacher, None
        students = self.students
        for student in students:  # joined since the teams were dealt: to the smallest team, one by one
            if self._team_names and student.name not in self._teams:
                self._teams[student.name] = smallest(self._teams_here(), self._team_names)
        self.live = LiveQuestion(self._quiz, q, teacher, {s.id for s in students})
        ask = {
            "t": "ask",
            "quiz": self._quiz,
            "q": q,
            "key": key,
            "seed": seed,
            "number": _count(message.get("number")),
            "total": _count(message.get("total")),
            "title": _text(message.get("title")),
        }
        self._to_students(ask, students)
        self._tell_answered()
        self._changed()

    def _teams_here(self) -> dict[str, str]:
        """The teams of the students connected now: one who left is not counted in the team they will have
        again if they come back, so a newcomer may take their place meanwhile."""
        here = {s.name for s in self.students}
        return {name: team for name, team in self._teams.items() if name in here}

    def _answer(self, student: Member, message: Message) -> None:
        live = self.live
        if live is None or live.revealed or message.get("q") != live.q or student.id not in live.asked:
            return
        response = _response(message.get("response"))
        if response is None:
            return
        live.answers[student.id] = response
        student.link.send({"t": "recorded", "q": live.q, "response": response})
        self._tell_answered()

    def _tell_answered(self) -> None:
        live = self.live
        if live is not None and not live.revealed:
            live.owner.link.send({"t": "answered", "q": live.q, **self._counts(live)})

    def _reveal(self, teacher: Member) -> None:
        live = self.live
        if live is None or live.owner is not teacher or live.revealed:
            return
        live.revealed = True
        split = _split(live.answers.values())
        for student_id in live.asked:
            student = self.members.get(student_id)
            if student is not None:
                student.link.send({"t": "reveal", "q": live.q, "split": split, "yours": live.answers.get(student_id)})
        reveal = {"t": "reveal", "q": live.q, "split": split, **self._counts(live)}
        if self._team_names:
            reveal["teams"] = self._team_splits(live)
        teacher.link.send(reveal)
        self._changed()

    def _team_splits(self, live: LiveQuestion) -> list[Message]:
        """For the teacher, who grades: each team's members asked and still here (a name once, however many
        sessions it has open), and how their answers split."""
        team_of = {m: self._teams.get(self.members[m].name) for m in live.asked}
        return [
            {
                "team": name,
                "members": len({self.members[m].name for m, team in team_of.items() if team == name}),
                "split": _split(r for m, r in live.answers.items() if team_of[m] == name),
            }
            for name in self._team_names
        ]

    def _end_quiz(self, teams: object = None) -> None:
        """The quiz is over for everyone; with the teams' scores as the teacher's screen counted them, if the
        teacher sent them (not when the teacher left)."""
        if self._quiz is None:
            return
        end: Message = {"t": "end", "quiz": self._quiz}
        if self._team_names:
            end["teams"] = [score.as_message() for score in scores_from(teams, self._team_names)]
        self._to_students(end, self.students)
        owner = self._quiz_owner
        if owner is not None and owner.id in self.members:
            owner.link.send(end)
        self._quiz = self._quiz_owner = self.live = None
        self._form_teams(0)
        self._changed()

    def _counts(self, live: LiveQuestion) -> dict[str, int]:
        return {"answered": len(live.answers), "present": len(live.asked)}

    def _live_summary(self) -> Message | None:
        live = self.live
        if live is None:
            return None
        return {"q": live.q, "revealed": live.revealed, "owner": live.owner.name, **self._counts(live)}

    # Teachers on the server machine: `explainer class --data-dir DIR`.

    async def listen_locally(self, path: Path) -> str | None:
        """Serve the class view on a Unix socket only this user may open; a problem comes back as one line."""
        if _in_use(path):
            return f"{path} is in use by another server on this data dir: 'explainer class' will show that one"
        try:
            path.unlink(missing_ok=True)
            old = os.umask(0o177)
            try:
                self._local = await asyncio.get_running_loop().create_unix_server(
                    lambda: self.attach("teacher", "on the server").link, path
                )
            finally:
                os.umask(old)
        except OSError as error:
            return f"no local class view: cannot listen on {path} ({error.strerror or error})"
        self._local_path = path
        return None

    def close(self) -> None:
        for handle in (self._soon, self._ticker):
            if handle is not None:
                handle.cancel()
        if self._local is not None:
            self._local.close()
            if self._local_path is not None:
                self._local_path.unlink(missing_ok=True)
        for member in list(self.members.values()):
            member.link.close()


def _split(answers: Iterable[object]) -> list[dict[str, object]]:
    """How the answers split, most given first: one response standing for each group, and how many gave it."""
    groups: dict[str, list] = {}
    for response in answers:
        group = groups.setdefault(_group(response), [response, 0])
        group[1] += 1
    ranked = sorted(groups.values(), key=lambda g: -g[1])
    split: list[dict[str, object]] = [{"response": r, "count": n} for r, n in ranked[:MAX_SPLIT]]
    if len(ranked) > MAX_SPLIT:
        split.append({"response": None, "count": sum(n for _, n in ranked[MAX_SPLIT:])})
    return split


def _in_use(path: Path) -> bool:
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False  # left by a server that is gone
    return True


def _text(value: object) -> str:
    """A client's text made safe to show: printable, bounded."""
    if not isinstance(value, str):
        return ""
    return "".join(ch for ch in value if ch.isprintable())[:MAX_TEXT]


def _count(value: object) -> int:
    return value if isinstance(value, int) and 0 <= value < 10**4 else 0


def _response(value: object) -> object | None:
    """An answer of a shape some question takes: an option, options in slots, or typed text; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 100 else None
    if isinstance(value, list):
        ok = 0 < len(value) <= 20 and all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 100 for v in value
        )
        return value if ok else None
    if isinstance(value, str):
        text = _text(value).strip()
        return text or None
    return None


def _group(response: object) -> str:
    """Answers that mean the same fall together: typed ones as the grader compares them."""
    if isinstance(response, str):
        return "text:" + normalize(response)
    return repr(response)

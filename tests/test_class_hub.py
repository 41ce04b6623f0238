"""The class hub over real socket pairs: who learns what, and the live quiz's steps.

Each session end is a real link (`connect_fd` on the fd the hub hands out),
as a served session's is; messages are awaited, never slept for.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter
from dataclasses import dataclass, field

from explainer.classroom.hub import ClassHub, Role
from explainer.classroom.link import connect_fd
from explainer.classroom.protocol import JsonLines


@dataclass
class Session:
    """What one session has heard from the hub, in order."""

    heard: list[dict] = field(default_factory=list)
    link: JsonLines | None = None
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def received(self, message: dict) -> None:
        self.heard.append(message)
        self.arrived.set()

    def send(self, **message) -> None:
        assert self.link is not None
        self.link.send(message)

    async def next(self, kind: str, timeout: float = 5) -> dict:
        """The first message of this kind not yet taken."""
        async with asyncio.timeout(timeout):
            while True:
                for index, message in enumerate(self.heard):
                    if message["t"] == kind:
                        return self.heard.pop(index)
                self.arrived.clear()
                await self.arrived.wait()


async def join(hub: ClassHub, role: Role, name: str, idle: float = 0.0) -> Session:
    session = Session()
    fd = await hub.open_link(role, name, lambda: idle)
    session.link = await connect_fd(fd, session.received, lambda: None)
    return session


async def class_seen(teacher: Session, shown) -> list[dict]:
    """The students of the first class snapshot the teacher is sent in which `shown(students)` holds."""
    while not shown(students := (await teacher.next("class"))["students"]):
        pass
    return students


async def asked(hub: ClassHub, *names: str, key: str) -> tuple[Session, list[Session]]:
    """A teacher and students in the class, and question 1 of 2 asked of them: each student has it."""
    teacher = await join(hub, "teacher", "t")
    students = [await join(hub, "student", name) for name in names]
    teacher.send(t="ask", q=1, key=key, seed=1, number=1, total=2, title="Live quiz")
    for student in students:
        await student.next("ask")
    return teacher, students


async def first_heard_is_the_teachers(teacher: Session, *students: Session) -> None:
    """Each student's first message is a question the teacher asks now: nothing else reached them before."""
    teacher.send(t="ask", q=99, key="fence", seed=1, number=1, total=1, title="from the teacher")
    for student in students:
        await student.arrived.wait()
        first = student.heard[0]
        assert (first["t"], first["key"]) == ("ask", "fence"), student.heard


async def test_a_teacher_sees_each_students_status_and_students_see_nothing_of_each_other() -> None:
    hub = ClassHub()
    teacher = await join(hub, "teacher", "ms-teacher")
    ada, bob = await join(hub, "student", "ada", idle=3), await join(hub, "student", "bob", idle=70)
    ada.send(t="status", where="2. Why is Trump meeting Putin?", read=2, score="")
    bob.send(t="status", where="glossary", read=5, score="7/10")
    seen = await class_seen(teacher, lambda shown: {(s["name"], s["read"]) for s in shown} == {("ada", 2), ("bob", 5)})
    students = {s["name"]: s for s in seen}
    assert students["ada"]["where"] == "2. Why is Trump meeting Putin?" and students["ada"]["idle"] == 3
    assert students["bob"]["score"] == "7/10" and students["bob"]["idle"] == 70
    await first_heard_is_the_teachers(teacher, ada, bob)  # nothing about the class, nor each other, reached them
    hub.close()


async def test_a_student_cannot_act_as_a_teacher() -> None:
    hub = ClassHub()
    teacher = await join(hub, "teacher", "ms-teacher")
    mallory, ada = await join(hub, "student", "mallory"), await join(hub, "student", "ada")
    mallory.send(t="ask", q=1, key="q-1", seed=1, number=1, total=1, title="fake")
    mallory.send(t="reveal", q=1)
    mallory.send(t="prepare")
    mallory.send(t="class")
    mallory.send(t="status", where="done", read=1, score="")  # after the rest: once seen, the rest was handled
    await class_seen(teacher, lambda shown: any(s["where"] == "done" for s in shown))
    assert hub.live is None
    await first_heard_is_the_teachers(teacher, ada, mallory)
    hub.close()


async def test_a_teacher_choosing_a_live_quiz_tells_every_student_it_is_about_to_start_or_cancelled() -> None:
    hub = ClassHub()
    teacher, other = await join(hub, "teacher", "ms-teacher"), await join(hub, "teacher", "mr-other")
    ada, bo = await join(hub, "student", "ada"), await join(hub, "student", "bo")
    teacher.send(t="prepare")
    other.send(t="prepare")  # not while another teacher is choosing
    other.send(t="cancel")  # nor can another teacher cancel it
    for student in (ada, bo):
        assert await student.next("prepare") == {"t": "prepare"}
    teacher.send(t="cancel")
    for student in (ada, bo):
        assert await student.next("cancel") == {"t": "cancel"}
        assert not any(m["t"] in ("prepare", "cancel") for m in student.heard)  # once each, from ms-teacher only
    other.send(t="prepare")
    await ada.next("prepare")
    other.link.close()  # the teacher choosing leaves: nothing is about to start any more
    assert await ada.next("cancel") == {"t": "cancel"}
    assert hub.live is None
    hub.close()


async def test_a_student_status_is_made_safe_to_show() -> None:
    hub = ClassHub()
    teacher = await join(hub, "teacher", "t")
    ada = await join(hub, "student", "ada")
    ada.send(t="status", where="\x1b[2Jx" + "y" * 1000, read="lots", score=7)
    students = await class_seen(teacher, lambda shown: shown and shown[0]["where"])
    assert students[0]["where"].startswith("[2Jx") and len(students[0]["where"]) == 200
    assert students[0]["read"] == 0 and students[0]["score"] == ""
    hub.close()


async def test_a_session_that_leaves_is_gone_from_the_class() -> None:
    hub = ClassHub()
    teacher = await join(hub, "teacher", "t")
    ada = await join(hub, "student", "ada")
    await class_seen(teacher, bool)
    assert ada.link is not None
    ada.link.close()
    await class_seen(teacher, lambda shown: not shown)
    assert [m.name for m in hub.members.values()] == ["t"]
    hub.close()


async def test_a_live_question_goes_to_every_student_and_the_split_is_anonymous() -> None:
    hub = ClassHub()
    teacher = await join(hub, "teacher", "ms-teacher")
    ada, bob, cy = [await join(hub, "student", name) for name in ("ada", "bob", "cy")]
    teacher.send(t="ask", q=1, key="q-putin", seed=7, number=1, total=3, title="Live quiz")
    asks = [await s.next("ask") for s in (ada, bob, cy)]
    assert {(a["key"], a["seed"], a["number"], a["total"]) for a in asks} == {("q-putin", 7, 1, 3)}
    assert (await teacher.next("answered"))["present"] == 3

    ada.send(t="answer", q=1, response=0)
    bob.send(t="answer", q=1, response=2)
    bob.send(t="answer", q=1, response=0)  # changed before the reveal: only the last counts
    cy.send(t="answer", q=1, response=1)
    assert (await bob.next("recorded"))["response"] == 2
    assert (await bob.next("recorded"))["response"] == 0
    await ada.next("recorded"), await cy.next("recorded")
    while (await teacher.next("answered"))["answered"] < 3:
        pass

    teacher.send(t="reveal", q=1)
    split = [{"response": 0, "count": 2}, {"response": 1, "count": 1}]
    teachers_reveal = await teacher.next("reveal")
    assert teachers_reveal["split"] == split and "teams" not in teachers_reveal  # no teams chosen: none
    for student, yours in ((ada, 0), (bob, 0), (cy, 1)):
        reveal = await student.next("reveal")
        assert reveal["split"] == split and reveal["yours"] == yours
        assert set(reveal) == {"t", "q", "split", "yours"}  # counts only: never who gave which
    cy.send(t="answer", q=1, response=0)  # too late: the reveal froze the answers
    teacher.send(t="end")
    for session in (ada, bob, cy, teacher):
        assert await session.next("end") == {"t": "end", "quiz": 1}
    assert not any(m["t"] == "recorded" for m in cy.heard)
    hub.close()


async def test_typed_answers_that_mean_the_same_are_one_bar_and_a_late_joiner_waits_for_the_next() -> None:
    hub = ClassHub()
    teacher, (ada, bob) = await asked(hub, "ada", "bob", key="q-capital")
    late = await join(hub, "student", "late")
    ada.send(t="answer", q=1, response="Pyongyang")
    bob.send(t="answer", q=1, response="  pyongyang!")
    late.send(t="answer", q=1, response="Seoul")  # not asked this one: not counted
    await ada.next("recorded"), await bob.next("recorded")
    teacher.send(t="reveal", q=1)
    reveal = await teacher.next("reveal")
    assert reveal["split"] == [{"response": "Pyongyang", "count": 2}] and reveal["present"] == 2
    teacher.send(t="ask", q=2, key="q-next", seed=2, number=2, total=2, title="Live quiz")
    first = await late.next("ask")
    assert first["q"] == 2 and not any(m["t"] in ("reveal", "recorded") for m in late.heard)
    hub.close()


async def test_a_student_who_leaves_holds_nothing_up_and_the_teacher_leaving_ends_the_quiz() -> None:
    hub = ClassHub()
    teacher, (ada, bob) = await asked(hub, "ada", "bob", key="q-1")
    ada.send(t="answer", q=1, response=1)
    await ada.next("recorded")
    assert ada.link is not None
    ada.link.close()
    while (counts := await teacher.next("answered"))["present"] != 1:
        pass
    assert counts["answered"] == 0  # a student gone takes their answer with them: it is saved nowhere
    assert teacher.link is not None
    teacher.link.close()
    assert (await bob.next("end"))["t"] == "end"
    assert hub.live is None
    hub.close()


async def test_teams_are_dealt_balanced_and_shuffled_and_stay_for_the_quiz_a_joiner_going_to_the_smallest() -> None:
    hub = ClassHub(rng=random.Random(5))
    teacher = await join(hub, "teacher", "t")
    names = [f"s{n:02d}" for n in range(7)]
    students = {name: await join(hub, "student", name) for name in names}
    teacher.send(t="prepare", teams=3)
    teacher.send(t="prepare", teams=2)  # the teacher steps through the counts: the last one is what is dealt
    for student in students.values():
        await student.next("prepare")
    dealt = {name: (await s.next("prepare"))["team"] for name, s in students.items()}
    assert sorted(Counter(dealt.values()).values()) == [3, 4]  # balanced
    in_order = {name: ("Foxes", "Owls")[n % 2] for n, name in enumerate(names)}  # by connection, and by name
    assert dealt != in_order and dealt != {n: ("Owls", "Foxes")[i % 2] for i, n in enumerate(names)}
    teacher.send(t="prepare", teams=3)
    teacher.send(t="prepare", teams=2)  # back to two teams: the same two as before
    for student in students.values():
        await student.next("prepare")
    assert {name: (await s.next("prepare"))["team"] for name, s in students.items()} == dealt

    teacher.send(t="ask", q=1, key="q-1", seed=1, number=1, total=2, title="Live quiz", teams=2)
    assert {name: (await s.next("ask"))["team"] for name, s in students.items()} == dealt  # as announced
    smaller = min(("Foxes", "Owls"), key=list(dealt.values()).count)
    late = await join(hub, "student", "late")
    leaving = next(s for name, s in students.items() if dealt[name] == smaller)  # 4 and 2 now
    assert leaving.link is not None
    leaving.link.close()
    await class_seen(teacher, lambda shown: len(shown) == 7 and all(s["team"] or s["name"] == "late" for s in shown))
    teacher.send(t="ask", q=2, key="q-2", seed=2, number=2, total=2, title="Live quiz", teams=2)
    assert (await late.next("ask"))["team"] == smaller  # the smallest team then: now 4 and 3 again
    for name, student in students.items():
        if student is not leaving:
            assert (await student.next("ask"))["team"] == dealt[name]  # nobody else moved
    shown = await class_seen(teacher, lambda shown: any(s["name"] == "late" and s["team"] for s in shown))
    assert sorted(Counter(s["team"] for s in shown).values()) == [3, 4]  # the teacher sees who is in which
    hub.close()


async def test_a_student_who_reconnects_mid_quiz_is_back_in_their_team_not_the_smallest() -> None:
    hub = ClassHub(rng=random.Random(3))
    teacher = await join(hub, "teacher", "t")
    students = {name: await join(hub, "student", name) for name in ("s0", "s1", "s2", "s3", "s4")}
    teacher.send(t="ask", q=1, key="q-1", seed=1, number=1, total=3, title="Live quiz", teams=2)
    dealt = {name: (await s.next("ask"))["team"] for name, s in students.items()}
    bigger = max(("Foxes", "Owls"), key=list(dealt.values()).count)  # 3 and 2
    ada = next(name for name in dealt if dealt[name] == bigger)
    bo = next(name for name in dealt if dealt[name] != bigger)
    for name in (ada, bo):  # both drop; only ada comes back: her team is then the bigger one again, 3 and 1
        link = students.pop(name).link
        assert link is not None
        link.close()
    await class_seen(teacher, lambda shown: len(shown) == 3)
    again = await join(hub, "student", ada)
    teacher.send(t="ask", q=2, key="q-2", seed=2, number=2, total=3, title="Live quiz", teams=2)
    assert (await again.next("ask"))["team"] == bigger  # told it as any member is
    for name, student in students.items():
        assert (await student.next("ask"))["team"] == dealt[name]
    teacher.send(t="reveal", q=2)
    members = {e["team"]: e["members"] for e in (await teacher.next("reveal"))["teams"]}
    assert members == {bigger: 3, dealt[bo]: 1}
    shown = await class_seen(teacher, lambda shown: len(shown) == 4)
    assert {s["name"]: s["team"] for s in shown} == {**{name: dealt[name] for name in students}, ada: bigger}

    teacher.send(t="end")
    await again.next("end")
    teacher.send(t="ask", q=1, key="q-1", seed=1, number=1, total=2, title="Live quiz", teams=2)
    fresh = {name: (await s.next("ask"))["team"] for name, s in {**students, ada: again}.items()}
    assert sorted(Counter(fresh.values()).values()) == [2, 2]  # a new quiz: the four here dealt afresh
    late = await join(hub, "student", bo)  # left during the last quiz, back during this one: nothing was kept
    teacher.send(t="ask", q=2, key="q-2", seed=2, number=2, total=2, title="Live quiz", teams=2)
    assert dealt[bo] == "Owls" and (await late.next("ask"))["team"] == "Foxes"  # the smallest: the first, on a tie
    hub.close()


async def test_two_sessions_under_one_name_are_in_one_team_and_one_member_of_it() -> None:
    hub = ClassHub(rng=random.Random(2))
    teacher = await join(hub, "teacher", "t")
    students = [await join(hub, "student", name) for name in ("ada", "bob", "cy", "di")]
    teacher.send(t="prepare", teams=2)
    teams = [(await s.next("prepare"))["team"] for s in students]
    other_ada = await join(hub, "student", "ada")  # a second terminal, possible with --auth none
    teacher.send(t="ask", q=1, key="q-1", seed=1, number=1, total=1, title="Live quiz", teams=2)
    for student, team in zip(students, teams, strict=True):
        assert (await student.next("ask"))["team"] == team
    assert (await other_ada.next("ask"))["team"] == teams[0]
    for student in (students[0], other_ada):
        student.send(t="answer", q=1, response=1)
        await student.next("recorded")
    teacher.send(t="reveal", q=1)
    got = {e["team"]: (e["members"], e["split"]) for e in (await teacher.next("reveal"))["teams"]}
    assert got[teams[0]] == (2, [{"response": 1, "count": 2}])  # ada once a member; each session's answer counts
    hub.close()


async def test_with_teams_the_teacher_gets_each_teams_split_and_students_only_their_team_and_the_totals() -> None:
    hub = ClassHub(rng=random.Random(1))
    teacher = await join(hub, "teacher", "t")
    students = [await join(hub, "student", name) for name in ("ada", "bob", "cy", "di")]
    teacher.send(t="prepare", teams=2)
    teams = [(await s.next("prepare"))["team"] for s in students]
    teacher.send(t="ask", q=1, key="q-1", seed=1, number=1, total=1, title="Live quiz", teams=2)
    for student, response in zip(students, (0, 1, 0, 2), strict=True):
        ask = await student.next("ask")
        assert set(ask) == {"t", "quiz", "q", "key", "seed", "number", "total", "title", "team"}
        student.send(t="answer", q=1, response=response)
        await student.next("recorded")
    teacher.send(t="reveal", q=1)
    reveal = await teacher.next("reveal")
    expected = {}
    for name in ("Foxes", "Owls"):
        given = Counter(r for team, r in zip(teams, (0, 1, 0, 2), strict=True) if team == name)
        expected[name] = (2, sorted(given.items()))
    got = {e["team"]: (e["members"], sorted((s["response"], s["count"]) for s in e["split"])) for e in reveal["teams"]}
    assert got == expected
    for student in students:
        assert set(await student.next("reveal")) == {"t", "q", "split", "yours"}  # no team's split, no team
    scores = [
        {"team": "Foxes", "right": 1, "answered": 2},
        {"team": "Owls", "right": 0, "answered": 2},
        {"team": "Spies", "right": 9, "answered": 9},  # not a team of this quiz
        {"team": "Owls", "right": 2, "answered": 2},  # said twice: the first counts
    ]
    teacher.send(t="end", teams=scores)
    for student, team in zip(students, teams, strict=True):
        end = await student.next("end")
        assert end["team"] == team and end["teams"] == scores[:2]
    assert (await teacher.next("end"))["teams"] == scores[:2]
    everything = json.dumps([m for s in students for m in s.heard])
    assert not any(f'"{name}"' in everything for name in ("ada", "bob", "cy", "di"))  # no student's name, ever
    hub.close()

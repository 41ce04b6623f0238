"""A tiny pack with one quiz question of every type, built in a test's tmp_path.

The starter pack (sections, glossary, timeline) plus a quiz.toml written here,
so quiz tests never depend on the real quiz bank.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import STARTER

from explainer.pack.load import load_pack
from explainer.pack.model import Pack
from explainer.quiz.grading import Response
from explainer.quiz.questions import QuizItem

QUIZ = """
[[question]]
id = "meet-where"
type = "choice"
prompt = "Where will Trump and Putin meet, according to article 000?"
section = "why-meet"
answer = "At the APEC summit in Vietnam"
explanation = "Article 000 says they meet during the APEC summit in Vietnam."
terms = ["apec"]
[[question.wrong]]
choice = "At a G7 summit"
why = "The G7 is another group of countries; the article names APEC."
[[question.wrong]]
choice = "In Seoul"
why = "Seoul comes up as a worried neighbour, not as the meeting place."

[[question]]
id = "trip-asia"
type = "true_false"
prompt = "The trip the articles describe takes Trump to Asia."
section = "overview"
answer = true
explanation = "Both articles place the meeting on an Asian trip."

[[question]]
id = "names-match"
type = "match"
prompt = "Match each name to what it is."
section = "call-agreement"
pairs = [
    ["New START", "a U.S.-Russian nuclear arms treaty"],
    ["G7", "a group of seven large economies"],
    ["APEC", "a forum of Pacific Rim economies"],
]
explanation = "New START is a treaty, the G7 a club of economies, APEC a Pacific forum."
terms = ["new-start", "g7"]

[[question]]
id = "call-order"
type = "order"
prompt = "Put these in the order the article tells them."
section = "call-agreement"
items = ["Putin suspends New START", "Trump and Putin talk by phone", "They plan to meet"]
explanation = "The suspension came in 2023; the call was recent; the meeting is still ahead."

[[question]]
id = "think-tank"
type = "typed"
prompt = "Which think tank does article 004 quote? (name or initials)"
section = "overview"
answer = "Council on Foreign Relations"
accept = ["CFR"]
explanation = "Article 004 quotes an expert of the Council on Foreign Relations."
"""


def make_quiz_pack(tmp_path: Path) -> Path:
    """A copy of the starter pack with a quiz of every type; returns its directory."""
    directory = Path(shutil.copytree(STARTER, tmp_path / "quiz-pack"))
    (directory / "quiz.toml").write_text(QUIZ, encoding="utf-8")
    return directory


def load_quiz_pack(tmp_path: Path) -> Pack:
    return load_pack(make_quiz_pack(tmp_path))


def right_response(item: QuizItem) -> Response:
    """The right response to an item, in the shape `QuizSession.answer` takes."""
    if item.type in ("choice", "true_false"):
        return item.solution[0]
    if item.type in ("match", "order"):
        return item.solution
    return item.accept[0]


def wrong_response(item: QuizItem) -> Response:
    """A wrong response of the right shape."""
    if item.type in ("choice", "true_false"):
        return next(i for i in range(len(item.options)) if i != item.solution[0])
    if item.type in ("match", "order"):
        return tuple(reversed(item.solution))
    return "something else entirely"


def plain_answer(item: QuizItem, right: bool = True) -> str:
    """What a student types in `quiz --plain` for the right (or a wrong) answer."""
    response = right_response(item) if right else wrong_response(item)
    if isinstance(response, int):
        return "ABCDEFGHI"[response]
    if isinstance(response, tuple):
        return " ".join("ABCDEFGHI"[i] for i in response)
    return response

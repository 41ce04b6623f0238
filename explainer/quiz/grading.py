"""Grading a response to a quiz item, and the hints a student may ask for.

Typed answers are matched forgivingly: case, punctuation, accents, a leading
"the" and a few typos (counted by rapidfuzz's Levenshtein distance) do not
matter; numbers must be exactly right, since "2017" for "2018" is no typo.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz.distance import Levenshtein

from explainer.pack.model import Pack
from explainer.progress.records import Given
from explainer.quiz.questions import QuizItem, letter
from explainer.record import Record

# choice / true_false: the option's index; match / order: option indices; typed: the text
Response = int | tuple[int, ...] | str

_ARTICLES = re.compile(r"^(?:the|a|an) ")
_DIGITS = re.compile(r"\d+")


class Grade(Record):
    """How a response fared. `parts` marks each pair or place of a match or order item."""

    correct: bool
    parts: tuple[bool, ...] = ()
    why_wrong: str = ""
    forgiven: bool = False


def normalize(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces, no leading article."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        " " if unicodedata.category(ch)[0] in "PSZ" else ch for ch in decomposed if not unicodedata.combining(ch)
    )
    words = " ".join(kept.casefold().split())
    return _ARTICLES.sub("", words)


def typo_allowance(length: int) -> int:
    """How many single-letter slips an answer of this length may have."""
    if length <= 3:
        return 0
    if length <= 7:
        return 1
    if length <= 14:
        return 2
    return 3


def typed_match(response: str, accepted: tuple[str, ...]) -> tuple[bool, bool]:
    """(right, forgiven): right when it matches an accepted answer up to case, punctuation and small typos."""
    given = normalize(response)
    if not given:
        return False, False
    wanted = [normalize(a) for a in accepted]
    if given in wanted or given.replace(" ", "") in (w.replace(" ", "") for w in wanted):
        return True, False
    for target in wanted:
        if _DIGITS.findall(given) != _DIGITS.findall(target):
            continue
        allowed = typo_allowance(len(target))
        if allowed and Levenshtein.distance(given, target, score_cutoff=allowed) <= allowed:
            return True, True
    return False, False


def grade(item: QuizItem, response: Response) -> Grade:
    """Grade a response; a response of the wrong shape is simply wrong."""
    if item.type in ("choice", "true_false"):
        if not isinstance(response, int) or not 0 <= response < len(item.options):
            return Grade(False)
        right = response == item.solution[0]
        return Grade(right, why_wrong="" if right or not item.why else item.why[response])
    if item.type in ("match", "order"):
        given = tuple(response) if isinstance(response, (tuple, list)) else ()
        wanted = item.solution
        # compare texts, so two options that read the same are interchangeable
        parts = tuple(
            i < len(given) and 0 <= given[i] < len(item.options) and item.options[given[i]] == item.options[wanted[i]]
            for i in range(len(wanted))
        )
        return Grade(all(parts) and len(given) == len(wanted), parts=parts)
    if not isinstance(response, str):
        return Grade(False)
    right, forgiven = typed_match(response, item.accept)
    return Grade(right, forgiven=forgiven)


def given_for(item: QuizItem, response: Response) -> Given:
    """What a response says, in the words the student saw, to keep with the answer."""
    if isinstance(response, str):
        return Given(text=response)
    if isinstance(response, int):
        return Given(option=item.options[response] if 0 <= response < len(item.options) else str(response))
    named = [item.options[i] if 0 <= i < len(item.options) else "?" for i in response]
    if item.type == "match":
        return Given(pairs=tuple(zip(item.left, named, strict=False)))
    return Given(order=tuple(named))


def right_given(item: QuizItem) -> Given:
    """The right answer, in the same words as `given_for` keeps a student's."""
    if item.type == "typed":
        return Given(text=item.accept[0])
    if item.type in ("choice", "true_false"):
        return given_for(item, item.solution[0])
    return given_for(item, item.solution)


class Hint(Record):
    """A nudge towards the answer; `ruled_out` lists options it eliminates, `given` slots it fills."""

    text: str
    ruled_out: tuple[int, ...] = ()
    given: tuple[int, ...] = ()


def hint_for(item: QuizItem, pack: Pack) -> Hint:
    """A hint that helps without giving the answer away (answering after it counts as Hard)."""
    if item.type == "choice":
        wrong = [i for i in range(len(item.options)) if i != item.solution[0]]
        ruled_out = tuple(wrong[: max(1, len(wrong) // 2)]) if len(wrong) > 1 else ()
        if ruled_out:
            names = ", ".join(letter(i) for i in ruled_out)
            return Hint(f"It is not {names}.", ruled_out=ruled_out)
    if item.type == "typed":
        answer = item.accept[0]
        words = len(answer.split())
        return Hint(
            f"It starts with “{answer[0]}” and has {words} word{'s' if words != 1 else ''}, {len(answer)} characters."
        )
    if item.type == "match":
        option = item.solution[0]
        return Hint(f"{item.left[0]} goes with {letter(option)}) {item.options[option]}", given=(0,))  # in words
    if item.type == "order":
        first = item.solution[0]
        return Hint(f"The first is {letter(first)}) {item.options[first]}", given=(0,))
    section = pack.section(item.section)
    if section is None:
        return Hint("Think back to what you read.")
    position = pack.section_number(section.id)
    return Hint(f"Section {position}, “{section.question}”, answers this.")

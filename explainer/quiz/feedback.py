"""What the quiz says, per question type: how to answer, and what an answer got right or wrong.

Written once for both faces: the TUI's quiz screen and `explainer quiz --plain`
render it, each in its own way (marks and colour on screen, words on a line),
from the same sentences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from explainer.quiz.questions import QuizItem, letter, right_answer
from explainer.quiz.responses import letter_range
from explainer.quiz.sentences import ended
from explainer.record import Record

if TYPE_CHECKING:
    from explainer.quiz.session import Outcome

ORDINALS = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th")


def slot_label(item: QuizItem, slot: int, *, short: bool = False) -> str:
    """A matching item as '2. G7' (just '2' when short); a place in an ordering as '2nd'."""
    if item.type == "match":
        return str(slot + 1) if short else f"{slot + 1}. {item.left[slot]}"
    return ORDINALS[slot] if slot < len(ORDINALS) else f"#{slot + 1}"


def option_label(item: QuizItem, index: int) -> str:
    """'B) a forum of Pacific Rim economies'."""
    return f"{letter(index)}) {item.options[index]}"


def how_to_answer(item: QuizItem, *, keys: bool, hints: bool = True) -> str:
    """How to answer this item: by pressing keys (`keys`, the TUI) or by typing a line (--plain); with the hint
    key where there are hints (not in a live quiz)."""
    count = len(item.options)
    letters = letter_range(count)
    hint = " i: a hint." if hints else ""
    if item.type == "choice":
        return (
            f"Press {letters} or 1–{count} (or pick with ↑↓ and Enter).{hint}"
            if keys
            else f"Your answer ({letters}, or 1–{count}):"
        )
    if item.type == "true_false":
        return f"Press T or F (or A/B, 1/2).{hint}" if keys else "Your answer (A for true, B for false; or T or F):"
    if item.type == "match":
        if keys:
            return (
                f"For each numbered item, press the letter of its match ({letters}). A number picks the item to "
                f"change; u undoes.{hint}"
            )
        example = " ".join(letter(i) for i in range(len(item.left)))
        return f"Your answer: a letter for each numbered item, in order (like {example}), or pairs like 1=A 2=B:"
    if item.type == "order":
        if keys:
            return (
                f"Press the letters from first to last ({letters}). A number picks the place to change; u undoes.{hint}"
            )
        example = " ".join(letter(i) for i in range(count))
        return f"Your answer: the letters from first to last (like {example}), or their numbers:"
    if keys:
        return "Type your answer and press Enter; spelling slips are forgiven." + (" F2: a hint." if hints else "")
    return "Type your answer:"


class SlotResult(Record):
    """One numbered item (matching) or place (ordering) of an answer."""

    name: str  # "2. G7" or "2nd"
    given: str  # the option put there
    right: bool
    wanted: str  # the option that belongs there

    def line(self, between: str) -> str:
        """'2nd → B) The talks' and, if that is wrong, what belongs there: in sentences that read well whatever
        the options end with. `between`: `slot_joint`'s arrow or words."""
        placed = f"{self.name}{between}{self.given}"
        return placed if self.right else f"{ended(placed)} Should be {ended(self.wanted)}"


def slot_joint(item: QuizItem, *, drawn: bool) -> str:
    """What joins a slot to the option put there: an arrow where it is seen, words where it would be read out
    (the plain face, screen-reader mode): "1. G7 goes with B) …", "2nd is B) …"."""
    if drawn:
        return " → "
    return " goes with " if item.type == "match" else " is "


class Feedback(Record):
    """What to tell the student about an answer."""

    correct: bool
    verdict: str  # "Right" or "Not quite", with how much for matching and ordering
    notes: tuple[str, ...]  # beside the verdict: "close enough: mind the spelling", "after a hint"
    lines: tuple[str, ...]  # what was answered, why not, the answer
    slots: tuple[SlotResult, ...]  # matching and ordering: each item or place
    answer: str  # the right answer, in words


def feedback(outcome: Outcome) -> Feedback:
    item, grade = outcome.item, outcome.grade
    notes = (*(("close enough: mind the spelling",) if grade.forgiven else ()), *(("after a hint",) * outcome.hinted))
    lines: tuple[str, ...] = ()
    slots: tuple[SlotResult, ...] = ()
    verdict = "Right" if grade.correct else "Not quite"
    response = outcome.response
    if item.type in ("choice", "true_false") and isinstance(response, int) and not grade.correct:
        why = (f"Why not: {grade.why_wrong}",) if grade.why_wrong else ()
        lines = (ended(f"You chose {option_label(item, response)}"), *why, ended(f"The answer: {right_answer(item)}"))
    elif item.type in ("match", "order") and isinstance(response, tuple):
        slots = tuple(
            SlotResult(slot_label(item, slot), option_label(item, given), right, option_label(item, wanted))
            for slot, (given, wanted, right) in enumerate(zip(response, item.solution, grade.parts, strict=True))
        )
        if not grade.correct:
            verdict += (
                f": {sum(grade.parts)} of {len(grade.parts)} {'pairs' if item.type == 'match' else 'places'} right"
            )
    elif isinstance(response, str):
        if grade.forgiven:
            lines = (f"You wrote “{response}”; it is spelt “{right_answer(item)}”.",)
        elif not grade.correct:
            lines = (f"You wrote “{response}”.", ended(f"The answer: {right_answer(item)}"))
    return Feedback(grade.correct, verdict, notes, lines, slots, right_answer(item))

"""`explainer quiz --plain`: the quiz as lines on stdin and stdout.

For pipes and screen readers: every question, option and verdict is a line of
words (no colour, no symbols that carry meaning alone). Answers are a number
or a letter; anything else is asked again with a hint of what would do. End of
input ends the quiz cleanly with the score so far; the last line always holds
`Score: k/N`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.grading import Response
from explainer.quiz.questions import QuizItem, letter, right_answer
from explainer.quiz.responses import letter_range, parse_choice, parse_sequence
from explainer.quiz.selection import QuizRequest, nothing_to_ask
from explainer.quiz.session import Outcome, QuizSession

HINT_WORDS = {"?", "hint"}


class _EndOfInput(Exception):
    """stdin is exhausted: the quiz ends here, cleanly."""


def run_quiz(
    pack: Pack,
    request: QuizRequest,
    store: ProgressStore | None,
    inp: TextIO,
    out: TextIO,
    *,
    err: TextIO | None = None,
    clock: Callable[[], datetime] | None = None,
    command: str | None = "explainer",
) -> int:
    """Ask a whole quiz on `inp`/`out`; 0 when it ran (finished or not), 1 when there was nothing to ask.

    `command` starts the commands suggested to the student ('explainer --content DIR' for another pack);
    None where the student has no command line (the plain menu), so no command is suggested.
    """
    err = err or sys.stderr
    if store is not None and store.warning:
        print(f"explainer: warning: {store.warning}", file=err)
    session = QuizSession.start(pack, request, store, clock=clock)
    if not session.total:
        print(nothing_to_ask(pack, session.request, store.next_due() if store is not None else None), file=out)
        print("Score: 0/0", file=out)  # the promised last line, for scripts
        return 0 if session.request.mode in ("mistakes", "due") else 1
    write = _Writer(out)
    write(
        f"{session.title}: {session.total} question{'s' if session.total != 1 else ''} (seed {session.request.seed})."
    )
    write("Answer each with a letter or a number. Type ? for a hint.")
    write("End the input (Ctrl-D) to stop; your answers so far are kept.")
    lines = _lines(inp)
    try:
        while (item := session.current) is not None:
            write()
            _ask(write, session, item)
            outcome = session.answer(_read_response(write, lines, session, item))
            _feedback(write, pack, outcome, command)
            session.advance()
    except _EndOfInput:
        write()
        write(f"End of input: stopping after {session.answered} of {session.total} questions. Your answers are saved.")
    if session.problem:
        print(f"explainer: warning: {session.problem}", file=err)
    _results(write, pack, session, command)
    return 0


class _Writer:
    """Lines to `out`, flushed so a program on the other end of a pipe sees each question at once."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def __call__(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()


def _lines(inp: TextIO):
    while True:
        line = inp.readline()
        if not line:
            return
        yield line.rstrip("\r\n")


def _ask(write: _Writer, session: QuizSession, item: QuizItem) -> None:
    write(f"Question {session.position + 1} of {session.total} ({item.type_label})")
    write(item.prompt)
    if item.type == "match":
        for number, left in enumerate(item.left, start=1):
            write(f"  {number}. {left}")
        write("Match with:")
    for index, option in enumerate(item.options):
        write(f"  {letter(index)}) {option}")
    write(_how_to_answer(item))


def _how_to_answer(item: QuizItem) -> str:
    count = len(item.options)
    if item.type == "choice":
        return f"Your answer ({letter_range(count)}, or 1–{count}):"
    if item.type == "true_false":
        return "Your answer (A for true, B for false; or T or F):"
    if item.type == "match":
        example = " ".join(letter(i) for i in range(len(item.left)))
        return f"Your answer: a letter for each numbered item, in order (like {example}), or pairs like 1=A 2=B:"
    if item.type == "order":
        return (
            f"Your answer: the letters from first to last (like {' '.join(letter(i) for i in range(count))}), or "
            "their numbers:"
        )
    return "Type your answer:"


def _read_response(write: _Writer, lines, session: QuizSession, item: QuizItem) -> Response:
    while True:
        line = next(lines, None)
        if line is None:
            raise _EndOfInput
        typed = line.strip()
        if typed.casefold() in HINT_WORDS:
            write(f"Hint: {session.hint().text}")
            write(_how_to_answer(item))
            continue
        response = _parse(item, typed)
        if response is not None:
            return response
        write(_try_again(item, typed))


def _parse(item: QuizItem, typed: str) -> Response | None:
    if item.type in ("choice", "true_false"):
        return parse_choice(item, typed)
    if item.type in ("match", "order"):
        return parse_sequence(item, typed)
    return typed or None


def _try_again(item: QuizItem, typed: str) -> str:
    said = f"“{typed}” is not an answer here. " if typed else ""
    count = len(item.options)
    if item.type == "choice":
        return f"{said}Please answer with one letter, {letter_range(count)}, or a number, 1–{count} (? for a hint):"
    if item.type == "true_false":
        return f"{said}Please answer A (true) or B (false); T and F work too (? for a hint):"
    if item.type in ("match", "order"):
        slots = len(item.solution)
        what = "numbered item" if item.type == "match" else "place, first to last"
        return (
            f"{said}Please give {slots} different letters, {letter_range(count)}, one for each {what} (? for a hint):"
        )
    return "Please type an answer (? for a hint):"


def _feedback(write: _Writer, pack: Pack, outcome: Outcome, command: str | None) -> None:
    item, grade = outcome.item, outcome.grade
    if grade.correct:
        answer = f": {right_answer(item)}" if item.type in ("choice", "true_false", "typed") else ""
        write(f"Right{answer}." + (" (Close enough; mind the spelling.)" if grade.forgiven else ""))
    elif item.type in ("choice", "true_false"):
        chosen = outcome.response
        write(f"Not quite. You answered {letter(chosen)}) {item.options[chosen]}.")  # type: ignore[arg-type,index]
        if grade.why_wrong:
            write(f"Why not: {grade.why_wrong}")
        write(f"The answer is {right_answer(item)}.")
    elif item.type in ("match", "order"):
        right = sum(grade.parts)
        write(f"Not quite: {right} of {len(grade.parts)} {'pairs' if item.type == 'match' else 'places'} right.")
        given: tuple[int, ...] = outcome.response  # type: ignore[assignment]
        for slot, wanted in enumerate(item.solution):
            name = f"{slot + 1}. {item.left[slot]}" if item.type == "match" else f"{slot + 1}."
            verdict = "right" if grade.parts[slot] else f"wrong, it is {letter(wanted)}) {item.options[wanted]}"
            write(f"  {name} → {letter(given[slot])}) {item.options[given[slot]]}: {verdict}")
    else:
        write(f"Not quite. You wrote “{outcome.response}”; the answer is “{right_answer(item)}”.")
    write(item.explanation)
    for link in item.links:
        if link.kind == "section" and (section := pack.section(link.target)):
            number = pack.section_position(section.id) + 1
            write(f"Read more: section {number}, “{section.question}”{_read_command(command, number)}")


def _results(write: _Writer, pack: Pack, session: QuizSession, command: str | None) -> None:
    results = session.results()
    if results.sections:
        write()
        write("Results by section (this quiz; overall mastery):")
        for result in results.sections:
            section = pack.section(result.section_id)
            number = pack.section_position(result.section_id) + 1
            mastery = f"; mastery {result.mastery}" if result.mastery else ""
            write(f"  {number}. {section.question}: {result.right} of {result.asked} right{mastery}")  # type: ignore[union-attr]
    if results.reread:
        write("Worth rereading:")
        for section_id in results.reread:
            number = pack.section_position(section_id) + 1
            write(f"  section {number}, “{pack.section(section_id).question}”{_read_command(command, number)}")  # type: ignore[union-attr]
    write(f"Score: {results.score}/{results.total}" + (f" ({results.percent}%)" if results.total else ""))


def _read_command(command: str | None, number: int) -> str:
    """' (explainer --content DIR read 3)': the command that shows the section, for a student with a shell."""
    return f" ({command} read {number})" if command else ""

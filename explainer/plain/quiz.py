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
from typing import Protocol, TextIO

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.feedback import feedback, how_to_answer, slot_joint
from explainer.quiz.grading import Response
from explainer.quiz.questions import QuizItem, letter
from explainer.quiz.responses import letter_range, parse_choice, parse_sequence
from explainer.quiz.selection import QuizRequest, nothing_to_ask
from explainer.quiz.sentences import ended
from explainer.quiz.session import Outcome, QuizSession

HINT_WORDS = {"?", "hint"}


class Lines(Protocol):
    """Where answers are read from: stdin, or the plain menu's input (which notes where it ended)."""

    def readline(self) -> str: ...


class _EndOfInput(Exception):
    """stdin is exhausted: the quiz ends here, cleanly."""


def run_quiz(
    pack: Pack,
    request: QuizRequest,
    store: ProgressStore | None,
    inp: Lines,
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
        f"{session.title} — {session.total} question{'s' if session.total != 1 else ''} (seed {session.request.seed})."
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


def _lines(inp: Lines):
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
    write(how_to_answer(item, keys=False))


def _read_response(write: _Writer, lines, session: QuizSession, item: QuizItem) -> Response:
    while True:
        line = next(lines, None)
        if line is None:
            raise _EndOfInput
        typed = line.strip()
        if typed.casefold() in HINT_WORDS:
            write(f"Hint: {session.hint().text}")
            write(how_to_answer(item, keys=False))
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
    item, said = outcome.item, feedback(outcome)
    answer = f": {said.answer}" if said.correct and item.type in ("choice", "true_false", "typed") else ""
    write(ended(f"{said.verdict}{answer}") + "".join(f" ({note})" for note in said.notes))
    for line in said.lines:
        write(line)
    for slot in said.slots if not said.correct else ():
        write(f"  {'Right' if slot.right else 'Wrong'}: {slot.line(slot_joint(item, drawn=False))}")
    write(item.explanation)
    for link in item.links:
        if link.kind == "section" and (section := pack.section(link.target)):
            number = pack.section_number(section.id)
            write(f"Read more: section {number}, “{section.question}”{_read_command(command, number)}")


def _results(write: _Writer, pack: Pack, session: QuizSession, command: str | None) -> None:
    results = session.results()
    if results.sections:
        write()
        write("Results by section (this quiz; overall mastery):")
        for result in results.sections:
            question = section.question if (section := pack.section(result.section_id)) else result.section_id
            number = pack.section_number(result.section_id)
            mastery = f"; mastery {result.mastery}" if result.mastery else ""
            write(f"  {number}. {question} — {result.right} of {result.asked} right{mastery}")
    if results.reread:
        write("Worth rereading:")
        for section_id in results.reread:
            if (section := pack.section(section_id)) is not None:
                number = pack.section_number(section_id)
                write(f"  section {number}, “{section.question}”{_read_command(command, number)}")
    write(f"Score: {results.score}/{results.total}" + (f" ({results.percent}%)" if results.total else ""))


def _read_command(command: str | None, number: int) -> str:
    """' (explainer --content DIR read 3)': the command that shows the section, for a student with a shell."""
    return f" ({command} read {number})" if command else ""

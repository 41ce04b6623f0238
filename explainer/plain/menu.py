"""`explainer plain`: the whole explainer as numbered menus of plain lines.

For screen readers, braille displays and pipes, locally or over `ssh -T`: every
screen is lines of words, every prompt is one line that ends in what to type,
and every choice is a number or a letter. Sections and glossary entries are
the pages `read` and `glossary` print, and quizzes are `quiz --plain` itself:
one face, reached three ways. End of input ends the session cleanly; progress
is saved as it is made, in the same store as the full-screen app's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

from rich.console import RenderableType

from explainer.pack.model import Pack
from explainer.plain.console import emit, make_console
from explainer.plain.errors import UsageError
from explainer.plain.glossary import term_entry
from explainer.plain.labels import glossary_order
from explainer.plain.lookup import find_section, find_term
from explainer.plain.quiz import run_quiz
from explainer.plain.read import pack_intro, section_page
from explainer.progress.store import ProgressStore
from explainer.quiz.mastery import quiz_progress
from explainer.quiz.questions import has_item
from explainer.quiz.selection import QuizRequest

QUIT_WORDS = {"q", "quit", "exit", "bye"}


class EndOfInput(Exception):
    """stdin is exhausted: the session ends here, its progress already saved."""


class LineInput:
    """The student's input, remembering when it ended: `quiz --plain` stops quietly there, and so must the menu."""

    def __init__(self, inp: TextIO) -> None:
        self.inp = inp
        self.ended = False

    def readline(self) -> str:
        line = "" if self.ended else self.inp.readline()
        self.ended = not line
        return line


@dataclass(frozen=True)
class Choice:
    """One line of the main menu: its number, its letter, and what it does."""

    letter: str
    label: str
    run: Callable[[PlainMenu], None]


class PlainMenu:
    """One student's line-based session over one pack: the main menu and everything under it."""

    def __init__(self, pack: Pack, store: ProgressStore, inp: TextIO, out: TextIO, farewell: str = "Goodbye.") -> None:
        self.pack, self.store, self.inp, self.out = pack, store, LineInput(inp), out
        self.farewell = farewell
        self.console = make_console(out, plain=True)

    # Lines out and in.

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def show(self, renderables: Iterable[RenderableType]) -> None:
        """Rich pages (a section, a glossary entry) as plain lines, a blank line after each block."""
        for renderable in renderables:
            emit(self.console, renderable)
            self.say()

    def ask(self, prompt: str) -> str:
        """One answer, stripped; raises EndOfInput when there is no more input."""
        self.say(prompt)
        line = self.inp.readline()
        if not line:
            raise EndOfInput
        return line.strip()

    # The main menu.

    def run(self) -> int:
        """The menu until the student quits or the input ends; 0 either way."""
        if self.store.warning:
            self.say(f"explainer: warning: {self.store.warning}")
        self.say(f"{self.pack.title}: the explainer, line by line.")
        self.say("Answer each question with a number or a letter, then Enter. Type q to quit.")
        try:
            while True:
                choices = self.choices()
                self.say()
                self.say("Main menu:")
                for number, choice in enumerate(choices, start=1):
                    self.say(f"  {number}. {choice.label} ({choice.letter})")
                typed = self.ask(f"Your choice (1-{len(choices)}, or a letter):").casefold()
                chosen = self._chosen(choices, typed)
                if chosen is None:
                    self.say(f"“{typed}” is not on the menu. Type a number from 1 to {len(choices)}, or its letter.")
                elif chosen.letter == "q":
                    break
                else:
                    chosen.run(self)
        except EndOfInput:
            self.say()
        self.say(f"{self.farewell or 'Goodbye.'} Your progress is saved.")
        return 0

    def choices(self) -> list[Choice]:
        """The menu as it stands now: where the walkthrough resumes, how many mistakes and reviews wait."""
        count = len(self.pack.sections)
        read = len(self.store.sections_read() & {s.id for s in self.pack.sections})
        resume = self._resume_index()
        where = f"from section {resume + 1} of {count}" if read else f"{count} sections"
        mistakes = sum(1 for key in self.store.mistakes() if has_item(self.pack, key))
        due = quiz_progress(self.pack, self.store).due
        return [
            Choice("w", f"Walkthrough: read the sections in order, {where}; {read} of {count} read", PlainMenu.walk),
            Choice("s", "Read one section, chosen by number", PlainMenu.pick_section),
            Choice("g", "Look up a glossary term", PlainMenu.glossary),
            Choice("z", "Quiz on the whole pack", lambda menu: menu.quiz(QuizRequest("full"))),
            Choice("m", f"Review your mistakes: {_count(mistakes, 'question')}", PlainMenu.review_mistakes),
            Choice("r", f"Spaced review: {due} due now", lambda menu: menu.quiz(QuizRequest("due"))),
            Choice("q", "Back to the full-screen explainer" if self.farewell else "Quit", lambda menu: None),
        ]

    @staticmethod
    def _chosen(choices: list[Choice], typed: str) -> Choice | None:
        if typed.isdigit() and 1 <= int(typed) <= len(choices):
            return choices[int(typed) - 1]
        if typed in QUIT_WORDS:
            return choices[-1]
        return next((c for c in choices if c.letter == typed), None)

    # Reading.

    def _resume_index(self) -> int:
        last = self.store.last_section()
        return self.pack.section_position(last) if last and self.pack.section(last) else 0

    def walk(self, start: int | None = None) -> None:
        """Section after section from `start` (where the student left off): next, previous, check yourself, menu."""
        sections = self.pack.sections
        index = self._resume_index() if start is None else start
        if start is None and not self.store.sections_read():
            self.show(pack_intro(self.pack))
        while True:
            section = sections[index]
            self.show(section_page(self.pack, section))
            self.store.mark_read(section.id)
            last = index == len(sections) - 1
            previous = "p: previous section; " if index > 0 else ""
            if last:
                prompt = f"That was the last section. Enter or m: the menu; {previous}c: check yourself on it."
            else:
                prompt = (
                    f"End of section {index + 1} of {len(sections)}. Enter or n: next section; {previous}"
                    "c: check yourself on this section; m: the menu."
                )
            while True:
                typed = self.ask(prompt).casefold()
                if typed in ("", "n") and not last:
                    index += 1
                    break
                if typed == "p" and index > 0:
                    index -= 1
                    break
                if typed == "c":
                    self.quiz(QuizRequest("section", section.id))
                    continue
                if typed in ("", "m") or typed in QUIT_WORDS:
                    return
                self.say(f"“{typed}” is not one of the choices here.")

    def pick_section(self) -> None:
        """The sections by number, each said read or not read; the one chosen opens the walkthrough there."""
        read = self.store.sections_read()
        self.say()
        self.say("Sections:")
        for number, section in enumerate(self.pack.sections, start=1):
            self.say(f"  {number}. {section.question} ({'read' if section.id in read else 'not read'})")
        count = len(self.pack.sections)
        while True:
            typed = self.ask(f"Section number (1-{count}), or Enter for the menu:")
            if not typed or typed.casefold() in ("m", *QUIT_WORDS):
                return
            try:
                section = find_section(self.pack, typed)
            except UsageError as error:
                self.say(_sentence(str(error)))
                continue
            self.walk(self.pack.section_position(section.id))
            return

    def glossary(self) -> None:
        """Look terms up by name or alias until an empty line; `list` names every term."""
        while True:
            typed = self.ask("Term to look up (its name), list for every term, or Enter for the menu:")
            if not typed or typed.casefold() == "m":
                return
            if typed.casefold() == "list":
                self.say("Terms: " + "; ".join(term.term for term in glossary_order(self.pack)) + ".")
                continue
            try:
                term = find_term(self.pack, typed)
            except UsageError as error:
                # The command line's way to the list is not this menu's.
                self.say(_sentence(str(error).replace("run 'explainer glossary' to list", "type list for")))
                continue
            self.say()
            self.show(term_entry(self.pack, term))

    # Quizzes: `quiz --plain` on the same lines.

    def quiz(self, request: QuizRequest) -> None:
        self.say()
        run_quiz(self.pack, request, self.store, self.inp, self.out, err=self.out, command=None)
        if self.inp.ended:
            raise EndOfInput

    def review_mistakes(self) -> None:
        self.quiz(QuizRequest("mistakes"))


def _sentence(text: str) -> str:
    """A lookup's one-line error, as a sentence of its own."""
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def run_menu(pack: Pack, store: ProgressStore, inp: TextIO, out: TextIO, *, farewell: str = "") -> int:
    """The plain explainer on `inp`/`out` until the student quits or the input ends; `farewell`, when quitting
    leads back to the full-screen app, says so."""
    return PlainMenu(pack, store, inp, out, farewell).run()

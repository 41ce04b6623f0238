"""What is wrong with a pack, said as `file: where: what`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Literal

from explainer.record import Record

Severity = Literal["error", "warning"]


class Problem(Record):
    """One thing wrong with a pack, located as precisely as we can.

    An error stops the pack being used; a warning (a term no section uses, a
    section nothing links to) is for the author and blocks nothing but `check --strict`.
    """

    file: str
    where: str
    what: str
    severity: Severity = "error"

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        what = f"warning: {self.what}" if self.is_warning else self.what
        return f"{self.file}: {self.where}: {what}" if self.where else f"{self.file}: {what}"


def warning(file: str, where: str, what: str) -> Problem:
    return Problem(file, where, what, "warning")


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that stop a pack being used."""
    return [p for p in problems if not p.is_warning]


def plural(count: int, noun: str) -> str:
    """'1 section', '2 sections', '1 query'."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else f"{count} {noun}s"


class PackError(Exception):
    """A pack that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = str(problems[0]) if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


def did_you_mean(value: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' when a close candidate exists, else ''."""
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""

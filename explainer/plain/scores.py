"""`explainer scores`: the teacher's report on one pack, as a table, CSV (for a spreadsheet) or JSON (for scripts).

Stores are opened read only, so looking never moves or changes a student's
file; one that cannot be read is listed with the reason. The figures come
from `quiz/report.py`; this module only puts them into words and cells.
"""

from __future__ import annotations

import csv
import difflib
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, TextIO

from rich import box
from rich.measure import Measurement
from rich.table import Table

from explainer.pack.model import Pack
from explainer.plain.console import emit, make_console, wants_plain
from explainer.progress.records import StudentRecord, pack_ids, read_class
from explainer.quiz.mastery import LEECH_WRONG, Mastery
from explainer.quiz.report import (
    SectionGrid,
    class_leeches,
    find_student,
    question_label,
    question_rows,
    readable,
    section_grid,
    student_answers,
    student_rows,
)

View = Literal["students", "questions", "sections", "student"]
Format = Literal["table", "csv", "json"]
Cell = str | int | float | bool | None | list[str] | datetime


@dataclass(frozen=True)
class Column:
    """A column: its heading, its key in a CSV/JSON row, and how the table writes a row's cell."""

    title: str
    key: str
    text: Callable[[dict[str, Cell]], str]
    right: bool = False
    whole: bool = False  # never wrapped: a name, a time


@dataclass(frozen=True)
class Sheet:
    """One view of the report: rows of plain values, and the columns a table shows them in."""

    title: str
    columns: tuple[Column, ...]
    rows: list[dict[str, Cell]]
    notes: tuple[str, ...] = ()  # lines under the table


def run_scores(
    data_dir: Path,
    pack: Pack,
    out: TextIO,
    *,
    view: View = "students",
    student: str = "",
    fmt: Format = "table",
    since: float | None = None,
    plain: bool = False,
    err: TextIO | None = None,
) -> int:
    """Print one view of the report: 0 even when there is nobody yet (that is an answer too), 2 for no such student."""
    records = read_class(data_dir, pack.id)
    if since is not None:
        records = [r.since(since) for r in records]
    problems = [f"{r.path.name}: {r.problem}" for r in records if r.problem]
    others = {p: n for p, n in pack_ids(data_dir).items() if p != pack.id}
    if view == "student":
        record = find_student(readable(records), student)
        if record is None:
            names = [r.user for r in readable(records)]
            close = difflib.get_close_matches(student, names, n=1)
            hint = (
                f" (did you mean {close[0]}?)" if close else f" (students: {', '.join(sorted(names))})" if names else ""
            )
            print(f"explainer scores: no student '{student}' in {data_dir}{hint}", file=err or sys.stderr)
            return 2
        sheet = _answers_sheet(record, pack)
    elif view == "questions":
        sheet = _questions_sheet(records, pack)
    elif view == "sections":
        sheet = _sections_sheet(section_grid(records, pack), pack)
    else:
        sheet = _students_sheet(records, pack)
    if fmt == "json":
        _write_json(out, sheet, pack, view, since, problems, others)
    elif fmt == "csv":
        _write_csv(out, sheet, pack)
    else:
        _write_table(out, sheet, pack, since, problems, others, plain=plain, nobody=not records, data_dir=data_dir)
    return 0


# the four views


def _students_sheet(records: Sequence[StudentRecord], pack: Pack) -> Sheet:
    rows: list[dict[str, Cell]] = []
    for s in student_rows(records, pack):
        rows.append(
            {
                "student": s.user,
                "sections_read": s.sections_read,
                "sections": s.sections,
                "quizzes": s.quizzes,
                "answers": s.answered,
                "right": s.right,
                "score_percent": s.score,
                "mastery_percent": s.mastery.percent if s.mastery.answered else None,
                "mastered": s.mastery.mastered,
                "tried": s.mastery.answered,
                "due": s.due,
                "struggling": len(s.leeches),
                "struggling_items": [leech.item_id for leech in s.leeches],
                "last_seen": _stamp(s.last_seen),
            }
        )
    columns = (
        Column("Student", "student", lambda r: str(r["student"]), whole=True),
        Column("Read", "sections_read", lambda r: f"{r['sections_read']}/{r['sections']}", right=True),
        Column("Quizzes", "quizzes", lambda r: str(r["quizzes"]), right=True),
        Column("Score", "score_percent", lambda r: _share(r["score_percent"], r["right"], r["answers"]), right=True),
        Column("Mastery", "mastery_percent", lambda r: str(Mastery(_int(r["mastered"]), _int(r["tried"]))), right=True),
        Column("Due", "due", lambda r: str(r["due"]), right=True),
        Column("Struggling", "struggling", lambda r: str(r["struggling"] or "-"), right=True),
        Column("Last seen", "last_seen", lambda r: _when(r["last_seen"]), whole=True),
    )
    notes = tuple(
        f"{user}: {question_label(pack, leech.item_id)} — wrong {leech.wrong} times"
        + (" (right the last time)" if leech.latest_correct else "")
        + f", {_section(pack, leech.section_id)}"
        for user, leech in class_leeches(records, pack)
    )
    if notes:
        notes = (f"Struggling (wrong {LEECH_WRONG} or more times):", *(f"  {n}" for n in notes))
    return Sheet("Students", columns, rows, notes)


def _questions_sheet(records: Sequence[StudentRecord], pack: Pack) -> Sheet:
    rows: list[dict[str, Cell]] = [
        {
            "question": q.item_id,
            "prompt": q.prompt,
            "section": _section_number(pack, q.section_id),
            "section_id": q.section_id,
            "asked": q.asked,
            "students": q.students,
            "right": q.right,
            "right_percent": q.percent,
            "common_wrong_answer": q.common_wrong,
            "common_wrong_count": q.common_wrong_count,
            "median_seconds": round(q.median_seconds, 1) if q.median_seconds is not None else None,
            "struggling": q.leeches,
        }
        for q in question_rows(records, pack)
    ]
    columns = (
        Column("Question", "prompt", lambda r: str(r["prompt"])),
        Column("Section", "section", lambda r: str(r["section"]), right=True),
        Column("Asked", "asked", lambda r: str(r["asked"]), right=True),
        Column("Right", "right_percent", lambda r: f"{r['right_percent']}%", right=True),
        Column("Most common wrong answer", "common_wrong_answer", _common_wrong),
        Column("Median time", "median_seconds", lambda r: _duration(r["median_seconds"]), right=True),
        Column("Struggling", "struggling", lambda r: str(r["struggling"] or "-"), right=True),
    )
    return Sheet("By question, worst answered first", columns, rows)


def _sections_sheet(grid: SectionGrid, pack: Pack) -> Sheet:
    numbers = {s: _section_number(pack, s) for s in grid.sections}
    rows: list[dict[str, Cell]] = []
    for row in grid.rows:
        cells: dict[str, Cell] = {"student": row.user}
        for section in grid.sections:
            m = row.mastery.get(section)
            cells[section] = m.percent if m else None
            cells[f"{section}:read"] = section in row.read
        rows.append(cells)
    if grid.rows:
        whole: dict[str, Cell] = {"student": "Class"}
        for section in grid.sections:
            m = grid.class_mastery(section)
            whole[section] = m.percent if m.answered else None
            whole[f"{section}:read"] = any(section in row.read for row in grid.rows)
        rows.append(whole)

    def cell(section: str) -> Callable[[dict[str, Cell]], str]:
        return lambda r: f"{r[section]}%" if r[section] is not None else "read" if r[f"{section}:read"] else "-"

    columns = (
        Column("Student", "student", lambda r: str(r["student"]), whole=True),
        *(Column(str(numbers[s]), s, cell(s), right=True) for s in grid.sections),
    )
    legend = tuple(f"  {numbers[s]}. {found.question}" for s in grid.sections if (found := pack.section(s)))
    notes = ("Mastery of each section (“read”: read, not yet asked; -: neither):", *legend)
    return Sheet("By section", columns, rows, notes)


def _answers_sheet(record: StudentRecord, pack: Pack) -> Sheet:
    rows: list[dict[str, Cell]] = [
        {
            "when": _stamp(a.at),
            "question": a.item_id,
            "prompt": a.prompt,
            "section": _section_number(pack, a.section_id),
            "given": a.given,
            "correct": a.correct,
            "right_answer": a.right_answer,
            "seconds": round(a.seconds, 1) if a.seconds is not None else None,
            "hint": a.hinted,
            "mode": a.mode,
        }
        for a in student_answers(record, pack)
    ]
    columns = (
        Column("When", "when", lambda r: _when(r["when"]), whole=True),
        Column("Question", "prompt", lambda r: str(r["prompt"])),
        Column("Answer given", "given", lambda r: _cut(r["given"]) if r["given"] is not None else "(not kept)"),
        Column("Right?", "correct", lambda r: "right" if r["correct"] else "wrong"),
        Column("Right answer", "right_answer", lambda r: "" if r["correct"] else _cut(r["right_answer"])),
        Column("Time", "seconds", lambda r: _duration(r["seconds"]), right=True),
        Column("Hint", "hint", lambda r: "hint" if r["hint"] else ""),
        Column("Mode", "mode", lambda r: str(r["mode"])),
    )
    return Sheet(f"{record.user}'s answers, newest first", columns, rows)


# the three formats


def _write_table(
    out: TextIO,
    sheet: Sheet,
    pack: Pack,
    since: float | None,
    problems: list[str],
    others: dict[str, int],
    *,
    plain: bool,
    nobody: bool,
    data_dir: Path,
) -> None:
    plain = wants_plain(plain, out)
    console = make_console(out, plain)

    def say(text: str) -> None:
        """A line of words: wrapped at words on a terminal, whole in a file or a pipe."""
        console.print(_printable(text), markup=False, soft_wrap=not console.is_terminal)

    heading = f"{sheet.title} — “{pack.title}” (pack {pack.id})"
    if since is not None:
        heading += f", since {_when(_stamp(since))}"
    if nobody:
        say(f"No quiz results yet in {data_dir}.")
    else:
        say(heading)
        # plain text has no vertical rules, so a screen reader reads cells, not lines
        table = Table(box=box.SIMPLE if plain else box.ROUNDED)
        for column in sheet.columns:
            table.add_column(column.title, justify="right" if column.right else "left", no_wrap=column.whole)
        for row in sheet.rows:
            table.add_row(*(_printable(column.text(row)) for column in sheet.columns))
        if not console.is_terminal:  # a file or a pipe: whole lines, however wide, rather than wrapped cells
            console.width = max(
                console.width, Measurement.get(console, console.options.update_width(1000), table).maximum
            )
        emit(console, table)
        if not sheet.rows:
            say("Nothing yet for this pack.")
        for note in sheet.notes:
            say(note)
    for problem in problems:
        say(problem)
    for other, count in sorted(others.items()):
        say(
            f"Also in this data dir: pack '{other}' ({count} student{'s' if count != 1 else ''}); "
            "see it with explainer scores --content DIR, DIR being that pack."
        )


def _write_csv(out: TextIO, sheet: Sheet, pack: Pack) -> None:
    """A header and one line per row, the pack first so sheets from several packs can be put together."""
    writer = csv.writer(out, lineterminator="\n")
    keys = [key for key in sheet.rows[0] if not key.endswith(":read")] if sheet.rows else [c.key for c in sheet.columns]
    headers = [_csv_header(pack, key) for key in keys]
    writer.writerow(["pack", *headers])
    for row in sheet.rows:
        writer.writerow([pack.id, *(_csv_cell(row[key]) for key in keys)])


def _write_json(
    out: TextIO,
    sheet: Sheet,
    pack: Pack,
    view: View,
    since: float | None,
    problems: list[str],
    others: dict[str, int],
) -> None:
    document = {
        "pack": {"id": pack.id, "title": pack.title},
        "view": view,
        "since": _stamp(since),
        "rows": sheet.rows,
        "problems": problems,
        "other_packs": others,
    }
    json.dump(document, out, ensure_ascii=False, indent=2, default=lambda at: at.isoformat(timespec="seconds"))
    out.write("\n")


# how values read


def _stamp(at: float | None) -> datetime | None:
    """A time in local time, with its offset (JSON writes it in ISO 8601)."""
    return datetime.fromtimestamp(at).astimezone() if at is not None else None


def _when(stamp: Cell) -> str:
    """A time as tables and spreadsheets read it: 2026-12-01 21:40."""
    return f"{stamp:%Y-%m-%d %H:%M}" if isinstance(stamp, datetime) else "-"


def _duration(seconds: Cell) -> str:
    if not isinstance(seconds, (int, float)):
        return "-"
    if seconds < 60:
        return f"{seconds:.0f} s"
    return f"{int(seconds // 60)} min {seconds % 60:.0f} s"


def _cut(text: Cell, width: int = 90) -> str:
    """A long answer (a matching's definitions) cut short in a table; CSV and JSON keep it whole."""
    words = str(text)
    return words if len(words) <= width else words[: width - 1].rstrip() + "…"


def _share(percent: Cell, part: Cell, whole: Cell) -> str:
    return f"{percent}% ({part}/{whole})" if percent is not None else "-"


def _common_wrong(row: dict[str, Cell]) -> str:
    answer, count = row["common_wrong_answer"], row["common_wrong_count"]
    if answer is None:
        return "-"
    return f"“{_cut(answer)}” ({'once' if count == 1 else f'{count} times'})"


def _int(value: Cell) -> int:
    return value if isinstance(value, int) else 0


# A cell a spreadsheet would run as a formula (OWASP's "CSV injection"): students type names and answers.
_FORMULA_START = ("=", "+", "-", "@")
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return _text_cell("; ".join(value))
    if isinstance(value, datetime):
        return _when(value)
    if isinstance(value, str):
        return _text_cell(value)
    return str(value)


def _text_cell(text: str) -> str:
    """Text as a spreadsheet shows it, never as a formula it runs: a leading quote keeps it text."""
    text = _printable(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _printable(text: str) -> str:
    """Text with no control character (an escape sequence typed as a name or an answer would reach the
    teacher's terminal) and no bidirectional override (it would reorder what the teacher reads)."""
    return "".join("\ufffd" if unicodedata.category(ch) == "Cc" or ch in _BIDI else ch for ch in text)


def _csv_header(pack: Pack, key: str) -> str:
    """Section columns of the grid are headed by the section's number and question; the rest by their key."""
    section = pack.section(key)
    return f"{pack.section_number(key)}. {section.question}" if section else key


def _section_number(pack: Pack, section_id: str) -> int | str:
    return pack.section_number(section_id) if pack.section(section_id) else section_id


def _section(pack: Pack, section_id: str) -> str:
    section = pack.section(section_id)
    return f"section {pack.section_number(section_id)}, “{section.question}”" if section else section_id

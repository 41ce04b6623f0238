"""TOML files → a `Pack`, with every problem reported as `file: where: what`.

The loader never raises on bad input: `read_pack` returns what it could build
and the list of problems; `load_pack` is the strict door the app uses.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from explainer.pack.model import (
    QUESTION_TYPES,
    Event,
    Pack,
    Question,
    Section,
    Source,
    Term,
    Topic,
    View,
    WrongChoice,
)
from explainer.pack.problems import PackError, Problem, did_you_mean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PACK_FILE = "pack.toml"
SECTIONS_DIR = "sections"
GLOSSARY_FILE = "glossary.toml"
QUIZ_FILE = "quiz.toml"
TIMELINE_FILE = "timeline.toml"
PERSPECTIVES_FILE = "perspectives.toml"
SECTION_FILE_NAME = re.compile(r"^\d+-(?P<id>[a-z0-9][a-z0-9-]*)\.toml$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Fields:
    """Typed access to one TOML table that records, not raises, what is wrong."""

    def __init__(self, data: dict[str, Any], file: str, where: str, problems: list[Problem]) -> None:
        self.data, self.file, self.where, self.problems = data, file, where, problems
        self.ok = True

    def problem(self, field: str, what: str) -> None:
        self.ok = False
        where = f"{self.where}.{field}" if self.where and field else self.where or field
        self.problems.append(Problem(self.file, where, what))

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing field")
            return ""
        if not isinstance(value, str):
            self.problem(key, f"should be text, not {_kind(value)}")
            return ""
        if required and not value.strip():
            self.problem(key, "is empty")
        return value.strip()

    def id(self, key: str = "id") -> str:
        value = self.text(key)
        if value and not ID_PATTERN.match(value):
            self.problem(key, f"'{value}' is not a valid id (use lower-case letters, digits and '-')")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, "should be a list of text")
            return ()
        return tuple(v.strip() for v in value)

    def number(self, key: str, *, required: bool = True) -> float | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.problem(key, "missing field" if value is None else f"should be a number, not {_kind(value)}")
            return None
        if not math.isfinite(value):
            self.problem(key, f"should be a number, not {value} (leave the field out for an undated event)")
            return None
        return float(value)

    def flag(self, key: str) -> bool:
        """An optional true/false field, false when absent."""
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f"should be true or false, not {_kind(value)}")
            return False
        return value

    def tables(self, key: str, *, required: bool = False) -> list[dict[str, Any]]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, f"missing: add at least one [[{key}]] table")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(key, f"should be an array of tables ([[{key}]])")
            return []
        return value

    def only(self, *known: str) -> None:
        """Report keys this table should not have (usually typos)."""
        for key in self.data:
            if key not in known:
                self.problem(key, f"unknown field{did_you_mean(key, known)}")


def _kind(value: object) -> str:
    return {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def _read_toml(path: Path, name: str, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse one file; a missing, binary or malformed file becomes one problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(name, "", "file is missing"))
        return None
    except OSError as error:
        problems.append(Problem(name, "", f"cannot be read ({error.strerror})"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(name, f"byte {error.start}", "not a UTF-8 text file"))
        return None
    if "\x00" in text:
        problems.append(Problem(name, f"byte {text.index(chr(0))}", "not a text file (contains NUL bytes)"))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = re.search(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)", message)
        if at is None:
            where, what = "", message
        else:  # "end of document": an unclosed string or table runs to the end of the file
            where = f"line {at[1]}, column {at[2]}" if at[1] else f"end of file (line {len(text.splitlines()) or 1})"
            what = message[: at.start()] + message[at.end() :]
        problems.append(Problem(name, where, f"invalid TOML: {what}"))
        return None


def _where(kind: str, index: int, table: dict[str, Any]) -> str:
    ident = table.get("id")
    return f"{kind} '{ident}'" if isinstance(ident, str) and ident else f"{kind}[{index}]"


def _read_sources(fields: Fields) -> tuple[Source, ...]:
    sources = []
    for i, table in enumerate(fields.tables("source", required=True)):
        f = Fields(table, fields.file, _where("source", i, table), fields.problems)
        f.only("id", "title", "short", "outlet", "note")
        source = Source(
            f.id(), f.text("title"), f.text("outlet"), f.text("note", required=False), f.text("short", required=False)
        )
        if f.ok:
            sources.append(source)
    return tuple(sources)


def _read_section(path: Path, name: str, problems: list[Problem]) -> Section | None:
    data = _read_toml(path, name, problems)
    if data is None:
        return None
    f = Fields(data, name, "", problems)
    f.only("id", "question", "source", "short_answer", "body", "key_points", "related", "critical_note")
    section = Section(
        id=f.id(),
        question=f.text("question"),
        source=f.text("source"),
        short_answer=f.text("short_answer"),
        body=f.text("body"),
        key_points=f.texts("key_points"),
        related=f.texts("related"),
        critical_note=f.text("critical_note", required=False),
        file=name,
    )
    named = SECTION_FILE_NAME.match(path.name)
    if not named:
        f.problem("", "file name should be NN-id.toml (for example 03-us-goals.toml)")
    elif section.id and named["id"] != section.id:
        f.problem("id", f"'{section.id}' differs from the file name's '{named['id']}'")
    return section if f.ok else None


def _read_term(table: dict[str, Any], index: int, problems: list[Problem]) -> Term | None:
    f = Fields(table, GLOSSARY_FILE, _where("term", index, table), problems)
    f.only("id", "term", "aliases", "category", "definition", "background", "example", "source", "see_also")
    term = Term(
        id=f.id(),
        term=f.text("term"),
        definition=f.text("definition"),
        category=f.text("category", required=False),
        aliases=f.texts("aliases"),
        example=f.text("example", required=False),
        source=f.text("source", required=False),
        see_also=f.texts("see_also"),
        background=f.flag("background"),
    )
    return term if f.ok else None


def _read_question(table: dict[str, Any], index: int, problems: list[Problem]) -> Question | None:
    f = Fields(table, QUIZ_FILE, _where("question", index, table), problems)
    f.only(
        "id",
        "type",
        "prompt",
        "section",
        "explanation",
        "answer",
        "wrong",
        "pairs",
        "items",
        "accept",
        "terms",
        "events",
    )
    kind = f.text("type")
    if kind and kind not in QUESTION_TYPES:
        f.problem(
            "type", f"unknown type '{kind}'{did_you_mean(kind, QUESTION_TYPES)}; one of {', '.join(QUESTION_TYPES)}"
        )
    answer = table.get("answer", "")
    if isinstance(answer, bool):
        answer = "true" if answer else "false"
        table = {**table, "answer": answer}
        f.data = table
    wrong = []
    for i, choice in enumerate(f.tables("wrong")):
        w = Fields(choice, QUIZ_FILE, f"{f.where}.wrong[{i}]", problems)
        w.only("choice", "why")
        wrong.append(WrongChoice(w.text("choice"), w.text("why")))
        f.ok = f.ok and w.ok
    pairs_raw = table.get("pairs", [])
    pairs: list[tuple[str, str]] = []
    if not isinstance(pairs_raw, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in pairs_raw
    ):
        f.problem("pairs", 'should be a list of ["left", "right"] pairs')
    else:
        pairs = [(a.strip(), b.strip()) for a, b in pairs_raw]
    question = Question(
        id=f.id(),
        type=kind,  # type: ignore[arg-type]  # an unknown type is reported above and the question then dropped
        prompt=f.text("prompt"),
        section=f.text("section"),
        explanation=f.text("explanation"),
        answer=f.text("answer", required=kind in ("choice", "true_false", "typed")),
        wrong=tuple(wrong),
        pairs=tuple(pairs),
        items=f.texts("items"),
        accept=f.texts("accept"),
        terms=f.texts("terms"),
        events=f.texts("events"),
    )
    _check_question_shape(question, f)
    return question if f.ok else None


def _check_question_shape(q: Question, f: Fields) -> None:
    """The fields each question type needs, and answers that cannot be right."""
    if q.type == "choice":
        if not q.wrong:
            f.problem("wrong", "a choice question needs at least one [[question.wrong]] option")
        for i, w in enumerate(q.wrong):
            if w.choice and w.choice.casefold() == q.answer.casefold():
                f.problem(f"wrong[{i}].choice", "the answer is also listed as a wrong choice")
    elif q.type == "true_false" and q.answer and q.answer not in ("true", "false"):
        f.problem("answer", f"'{q.answer}' should be true or false")
    elif q.type == "match" and len(q.pairs) < 2:
        f.problem("pairs", "a match question needs at least two pairs")
    elif q.type == "order" and len(q.items) < 2:
        f.problem("items", "an order question needs at least two items")
    if q.events and q.type != "order":
        f.problem("events", "only an order question names events (its items in time order)")
    elif q.events and len(q.events) != len(q.items):
        f.problem("events", f"names {len(q.events)} events for {len(q.items)} items: give one event per item")


def _read_event(table: dict[str, Any], index: int, problems: list[Problem]) -> Event | None:
    f = Fields(table, TIMELINE_FILE, _where("event", index, table), problems)
    f.only("id", "when", "sort", "approximate", "projected", "title", "detail", "source", "section")
    event = Event(
        id=f.id(),
        when=f.text("when"),
        title=f.text("title"),
        detail=f.text("detail"),
        source=f.text("source"),
        section=f.text("section"),
        sort=f.number("sort", required=False),
        approximate=f.flag("approximate"),
        projected=f.flag("projected"),
    )
    for marked in ("approximate", "projected"):
        if getattr(event, marked) and event.sort is None:
            f.problem(marked, f"an undated event (no sort) cannot be {marked}: give a sort, or leave {marked} out")
    return event if f.ok else None


def _read_topic(table: dict[str, Any], index: int, problems: list[Problem]) -> Topic | None:
    f = Fields(table, PERSPECTIVES_FILE, _where("topic", index, table), problems)
    f.only("id", "title", "question", "note", "view")
    views = []
    for i, raw in enumerate(f.tables("view", required=True)):
        v = Fields(raw, PERSPECTIVES_FILE, f"{f.where}.view[{i}]", problems)
        v.only("who", "role", "claim", "basis", "source", "section")
        views.append(
            View(
                v.text("who"),
                v.text("role"),
                v.text("claim"),
                v.text("source"),
                v.text("section"),
                v.text("basis", required=False),
            )
        )
        f.ok = f.ok and v.ok
    topic = Topic(f.id(), f.text("title"), f.text("question"), tuple(views), f.text("note", required=False))
    return topic if f.ok else None


_Item = TypeVar("_Item")


def _read_list(
    directory: Path,
    name: str,
    key: str,
    reader: Callable[[dict[str, Any], int, list[Problem]], _Item | None],
    problems: list[Problem],
) -> tuple[_Item, ...]:
    """An optional file of [[key]] tables, each read by `reader`."""
    path = directory / name
    if not path.exists():
        return ()
    data = _read_toml(path, name, problems)
    if data is None:
        return ()
    top = Fields(data, name, "", problems)
    top.only(key)
    items = (reader(table, i, problems) for i, table in enumerate(top.tables(key, required=True)))
    return tuple(item for item in items if item is not None)


_Identified = TypeVar("_Identified", Source, Section, Term, Question, Event, Topic)


def _no_duplicates(
    items: Iterable[_Identified], file_of: Callable[[_Identified], str], kind: str, problems: list[Problem]
) -> None:
    seen: dict[str, str] = {}
    for item in items:
        if item.id in seen:
            problems.append(
                Problem(file_of(item), f"{kind} '{item.id}'", f"duplicate id (first defined in {seen[item.id]})")
            )
        else:
            seen[item.id] = file_of(item)


def read_pack(directory: str | Path) -> tuple[Pack | None, list[Problem]]:
    """Build a pack from a directory, collecting every problem on the way."""
    from explainer.pack.check import check_references

    directory = Path(directory)
    label = str(directory)
    problems: list[Problem] = []
    if not directory.exists():
        return None, [Problem(label, "", "no such directory")]
    if not directory.is_dir():
        return None, [Problem(label, "", "not a directory")]
    if not (directory / PACK_FILE).exists() and not (directory / SECTIONS_DIR).exists():
        return None, [Problem(label, "", f"not a content pack (no {PACK_FILE} and no {SECTIONS_DIR}/)")]

    meta = _read_toml(directory / PACK_FILE, PACK_FILE, problems) or {}
    f = Fields(meta, PACK_FILE, "", problems)
    if meta:
        f.only("id", "title", "summary", "source")
    pack_id, title, summary = (f.id(), f.text("title"), f.text("summary")) if meta else ("", "", "")
    sources = _read_sources(f) if meta else ()

    section_files = sorted((directory / SECTIONS_DIR).glob("*.toml")) if (directory / SECTIONS_DIR).is_dir() else []
    if not section_files:
        problems.append(Problem(SECTIONS_DIR, "", "no sections: add files named NN-id.toml"))
    sections = [s for p in section_files if (s := _read_section(p, f"{SECTIONS_DIR}/{p.name}", problems))]
    terms = _read_list(directory, GLOSSARY_FILE, "term", _read_term, problems)
    questions = _read_list(directory, QUIZ_FILE, "question", _read_question, problems)
    events = _read_list(directory, TIMELINE_FILE, "event", _read_event, problems)
    topics = _read_list(directory, PERSPECTIVES_FILE, "topic", _read_topic, problems)

    _no_duplicates(sources, lambda _: PACK_FILE, "source", problems)
    _no_duplicates(sections, lambda s: s.file, "section", problems)
    _no_duplicates(terms, lambda _: GLOSSARY_FILE, "term", problems)
    _no_duplicates(questions, lambda _: QUIZ_FILE, "question", problems)
    _no_duplicates(events, lambda _: TIMELINE_FILE, "event", problems)
    _no_duplicates(topics, lambda _: PERSPECTIVES_FILE, "topic", problems)

    if not sections:
        return None, problems
    pack = Pack(pack_id, title, summary, sources, tuple(sections), terms, questions, events, topics)
    problems += check_references(pack, incomplete=_incomplete_kinds(problems))
    return pack, problems


def _incomplete_kinds(problems: list[Problem]) -> set[str]:
    """Kinds whose files had problems: their ids may exist in the broken part, so don't cascade."""
    files = {p.file for p in problems}
    kinds = set()
    if PACK_FILE in files:
        kinds.add("source")
    if any(f.startswith(SECTIONS_DIR) for f in files):
        kinds.add("section")
    if GLOSSARY_FILE in files:
        kinds.add("term")
    if TIMELINE_FILE in files:
        kinds.add("event")
    return kinds


def load_pack(directory: str | Path) -> Pack:
    """The pack in `directory`, or PackError listing every problem."""
    pack, problems = read_pack(directory)
    if pack is None or problems:
        raise PackError(problems)
    return pack

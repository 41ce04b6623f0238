"""TOML files → a `Pack`, with every problem reported as `file: where: what`.

The loader never raises on bad input: `read_pack` returns what it could build
and the list of problems; `load_pack` is the strict door the app uses.
"""

from __future__ import annotations

import difflib
import math
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from explainer.pack.layout import (
    GLOSSARY_FILE,
    NOT_AUTHORED,
    PACK_FILE,
    PACK_FILES,
    PERSPECTIVES_FILE,
    QUIZ_FILE,
    SECTION_FILE_NAME,
    SECTIONS_DIR,
    TIMELINE_FILE,
)
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
from explainer.pack.problems import PackError, Problem, did_you_mean, errors, warning
from explainer.record import replace

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

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
            quote = (
                f' (put it in quotes: {key} = "{_toml_value(value)}")' if isinstance(value, (bool, int, float)) else ""
            )
            self.problem(key, f"should be text, not {_kind(value)}{quote}")
            return ""
        if required and not value.strip():
            self.problem(key, "is empty")
        return value.strip()

    def id(self, key: str = "id") -> str:
        value = self.text(key)
        if value and not ID_PATTERN.match(value):
            self.problem(key, f"'{value}' is not a valid id (use lower-case letters, digits and '-')")
        return value

    def sources(self, *, required: bool = True) -> tuple[str, ...]:
        """`source`: one source's id, or a list of them where a text draws on several."""
        value = self.data.get("source")
        if isinstance(value, str) or value is None:
            one = self.text("source", required=required)
            return (one,) if one else ()
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem("source", 'should be a source\'s id, or a list of them: source = ["asia-trip", "korea-times"]')
            return ()
        ids = tuple(v.strip() for v in value)
        if len(set(ids)) < len(ids):
            self.problem("source", f"names a source twice: {', '.join(ids)}")
        return ids

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, "should be a list of text")
            return ()
        return tuple(v.strip() for v in value)

    def flag(self, key: str, default: bool = False) -> bool:
        """An optional true/false field; a quoted "true" is a common slip, named as such."""
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            quoted = isinstance(value, str) and value.strip().casefold() in ("true", "false")
            hint = f": write {key} = {value.strip().casefold()}, without quotes" if quoted else ""
            self.problem(key, f"should be true or false, not {_kind(value)}{hint}")
            return default
        return value

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


def _toml_value(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _kind(value: object) -> str:
    return {str: "text", bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def _read_toml(path: Path, name: str, problems: list[Problem]) -> dict[str, Any] | None:
    """Parse one file; a missing, binary or malformed file becomes one problem.

    A UTF-8 byte-order mark (some Windows editors write one) is skipped.
    """
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
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        opened = _unclosed_string(text)
        if opened is not None:
            line, quotes = opened
            what = f"invalid TOML: the {quotes} string opened here is never closed (end it with {quotes})"
            problems.append(Problem(name, f"line {line}", what))
            return None
        message = str(error)
        at = re.search(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)", message)
        if at is None:
            where, what = "", message
        else:  # "end of document": an unclosed string or table runs to the end of the file
            where = f"line {at[1]}, column {at[2]}" if at[1] else f"end of file (line {len(text.splitlines()) or 1})"
            what = message[: at.start()] + message[at.end() :]
        problems.append(Problem(name, where, f"invalid TOML: {what}"))
        return None


_STRING_QUOTES = re.compile(r"\"\"\"|'''")
_STATEMENT = re.compile(r"^\s*(?:[A-Za-z0-9_.\"-]+\s*=|\[\[?\s*[A-Za-z0-9_.-]+\s*\]\]?\s*(?:#.*)?$)")


def _unclosed_string(text: str) -> tuple[int, str] | None:
    """(line, quotes) of a multi-line string that runs off the end or over the next `key =` line.

    TOML itself reports such a string where it gives up (often the end of the
    file); the author needs the line where it opens.
    """
    opened: tuple[int, str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if opened is None and line.lstrip().startswith("#"):
            continue
        if opened is not None and opened[1] not in line and _STATEMENT.match(line):
            return opened
        position = 0
        while True:
            if opened is None:
                match = _STRING_QUOTES.search(line, position)
                if match is None:
                    break
                opened, position = (number, match[0]), match.end()
            else:
                end = line.find(opened[1], position)
                if end < 0:
                    break
                opened, position = None, end + 3
    return opened


def _where(kind: str, index: int, table: dict[str, Any]) -> str:
    ident = table.get("id")
    return f"{kind} '{ident}'" if isinstance(ident, str) and ident else f"{kind}[{index}]"


def _hoist(
    table: dict[str, Any],
    child: str,
    own: Iterable[str],
    child_own: Iterable[str],
    file: str,
    where: str,
    problems: list[Problem],
) -> dict[str, Any]:
    """Keys that TOML gave to the last `[[child]]` table because they were written after it.

    In TOML every key below `[[question.wrong]]` belongs to that wrong choice, so a
    question's `explanation` written last is read as the choice's. One error says
    so, and the key is put back where the author meant it, so nothing else is reported.
    """
    children = table.get(child)
    if not isinstance(children, list) or not children or not isinstance(children[-1], dict):
        return table
    last = dict(children[-1])
    misplaced = [key for key in last if key not in child_own and key in own and key not in table]
    if not misplaced:
        return table
    header = f"[[{where.split(' ')[0].split('[')[0]}.{child}]]" if where else f"[[{child}]]"
    for key in misplaced:
        problems.append(
            Problem(
                file,
                f"{where}.{key}" if where else key,
                f"'{key}' is written after {header}, so TOML reads it as part of that table: "
                f"move it above the first {header}",
            )
        )
    hoisted = {key: last.pop(key) for key in misplaced}
    return {**table, **hoisted, child: [*children[:-1], last]}


_SOURCE_FIELDS = ("id", "title", "short", "outlet", "note")
_PACK_FIELDS = ("id", "title", "summary", "source")


def _read_sources(fields: Fields) -> tuple[Source, ...]:
    sources = []
    for i, table in enumerate(fields.tables("source", required=True)):
        f = Fields(table, fields.file, _where("source", i, table), fields.problems)
        f.only(*_SOURCE_FIELDS)
        source = Source(
            f.id(), f.text("title"), f.text("outlet"), f.text("note", required=False), f.text("short", required=False)
        )
        if f.ok:
            sources.append(source)
    return tuple(sources)


_SECTION_FIELDS = (
    "id",
    "question",
    "source",
    "short_answer",
    "body",
    "key_points",
    "related",
    "critical_note",
    "draft",
)


def _read_section(path: Path, name: str, problems: list[Problem]) -> Section | None:
    data = _read_toml(path, name, problems)
    if data is None:
        return None
    f = Fields(data, name, "", problems)
    f.only(*_SECTION_FIELDS)
    section = Section(
        id=f.id(),
        question=f.text("question"),
        sources=f.sources(),
        short_answer=f.text("short_answer"),
        body=f.text("body"),
        key_points=f.texts("key_points"),
        related=f.texts("related"),
        critical_note=f.text("critical_note", required=False),
        file=name,
        draft=f.flag("draft", False),
    )
    named = SECTION_FILE_NAME.match(path.name)
    if not named:
        f.problem("", "file name should be NN-id.toml (for example 03-us-goals.toml)")
    elif section.id and named["id"] != section.id:
        f.problem("id", f"'{section.id}' differs from the file name's '{named['id']}'")
    return section if f.ok else None


def _read_term(table: dict[str, Any], index: int, problems: list[Problem]) -> Term | None:
    f = Fields(table, GLOSSARY_FILE, _where("term", index, table), problems)
    f.only("id", "term", "aliases", "category", "definition", "background", "example", "source", "see_also", "quiz")
    term = Term(
        id=f.id(),
        term=f.text("term"),
        definition=f.text("definition"),
        category=f.text("category", required=False),
        aliases=f.texts("aliases"),
        example=f.text("example", required=False),
        sources=f.sources(required=False),
        see_also=f.texts("see_also"),
        background=f.flag("background"),
        quiz=f.flag("quiz", True),
    )
    return term if f.ok else None


_QUESTION_FIELDS = (
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


def _read_question(table: dict[str, Any], index: int, problems: list[Problem]) -> Question | None:
    where = _where("question", index, table)
    table = _hoist(table, "wrong", _QUESTION_FIELDS, ("choice", "why"), QUIZ_FILE, where, problems)
    f = Fields(table, QUIZ_FILE, where, problems)
    f.only(*_QUESTION_FIELDS)
    kind = f.text("type")
    if kind and kind not in QUESTION_TYPES:
        f.problem(
            "type", f"unknown type '{kind}'{did_you_mean(kind, QUESTION_TYPES)}; one of {', '.join(QUESTION_TYPES)}"
        )
    reported = len(problems)
    if kind == "true_false":
        table = _true_false_answer(table, f)
        f.data = table
    answer_reported = len(problems) > reported and not problems[-1].is_warning
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
        answer=f.text("answer", required=kind in ("choice", "true_false", "typed") and not answer_reported),
        wrong=tuple(wrong),
        pairs=tuple(pairs),
        items=f.texts("items"),
        accept=f.texts("accept"),
        terms=f.texts("terms"),
        events=f.texts("events"),
    )
    _check_question_shape(question, f)
    return question if f.ok else None


def _true_false_answer(table: dict[str, Any], f: Fields) -> dict[str, Any]:
    """`answer = false` as the text "false" the question model keeps; anything else said plainly."""
    answer = table.get("answer")
    if isinstance(answer, bool):
        return {**table, "answer": "true" if answer else "false"}
    if isinstance(answer, str) and answer.strip().casefold() in ("true", "false"):
        value = answer.strip().casefold()
        f.problems.append(
            warning(f.file, f"{f.where}.answer", f'"{answer}" is text: write answer = {value} (without quotes)')
        )
        return {**table, "answer": value}
    if answer is not None:
        given = f"'{answer}'" if isinstance(answer, str) else _kind(answer)
        f.problem("answer", f"should be true or false (answer = true or answer = false, without quotes), not {given}")
        return {**table, "answer": ""}
    return table


def _check_question_shape(q: Question, f: Fields) -> None:
    """The fields each question type needs, and answers that cannot be right."""
    if q.type == "choice":
        if not q.wrong:
            f.problem("wrong", "a choice question needs at least one [[question.wrong]] option")
        for i, w in enumerate(q.wrong):
            if w.choice and w.choice.casefold() == q.answer.casefold():
                f.problem(f"wrong[{i}].choice", "the answer is also listed as a wrong choice")
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
        sources=f.sources(),
        section=f.text("section"),
        sort=f.number("sort", required=False),
        approximate=f.flag("approximate"),
        projected=f.flag("projected"),
    )
    for marked in ("approximate", "projected"):
        if getattr(event, marked) and event.sort is None:
            f.problem(marked, f"an undated event (no sort) cannot be {marked}: give a sort, or leave {marked} out")
    return event if f.ok else None


_TOPIC_FIELDS = ("id", "title", "question", "note", "view")
_VIEW_FIELDS = ("who", "role", "claim", "basis", "source", "section")


def _read_topic(table: dict[str, Any], index: int, problems: list[Problem]) -> Topic | None:
    where = _where("topic", index, table)
    table = _hoist(table, "view", _TOPIC_FIELDS, _VIEW_FIELDS, PERSPECTIVES_FILE, where, problems)
    f = Fields(table, PERSPECTIVES_FILE, where, problems)
    f.only(*_TOPIC_FIELDS)
    views = []
    for i, raw in enumerate(f.tables("view", required=True)):
        v = Fields(raw, PERSPECTIVES_FILE, f"{f.where}.view[{i}]", problems)
        v.only(*_VIEW_FIELDS)
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


T = TypeVar("T")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_HasId)


def _read_list(
    directory: Path,
    name: str,
    key: str,
    reader: Callable[[dict[str, Any], int, list[Problem]], T | None],
    problems: list[Problem],
) -> tuple[T, ...]:
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


def _id_line(path: Path, ident: str, occurrence: int) -> str:
    """'line N' of the `occurrence`-th `id = "ident"` in a file, or '' when it cannot be found."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""
    pattern = re.compile(rf"""^\s*id\s*=\s*["']{re.escape(ident)}["']""", re.MULTILINE)
    found = list(pattern.finditer(text))
    if occurrence >= len(found):
        return ""
    return f"line {text.count(chr(10), 0, found[occurrence].start()) + 1}"


def _no_duplicates(
    directory: Path, items: Iterable[Item], file_of: Callable[[Item], str], kind: str, problems: list[Problem]
) -> None:
    """Each id once; a second one is named with the lines of both."""
    seen: dict[str, tuple[str, int]] = {}
    for item in items:
        file = file_of(item)
        if item.id not in seen:
            seen[item.id] = (file, 1)
            continue
        first_file, count = seen[item.id]
        seen[item.id] = (first_file, count + 1)
        first_line = _id_line(directory / first_file, item.id, 0)
        here = _id_line(directory / file, item.id, count if file == first_file else 0)
        first = f"{first_file}, {first_line}" if first_line else first_file
        where = f"{kind} '{item.id}'" + (f" ({here})" if here else "")
        problems.append(Problem(file, where, f"duplicate id (first defined in {first})"))


def _shared_names(terms: Iterable[Term], problems: list[Problem]) -> None:
    """Two terms answering to one name: a mention of it could mean either, so say which claims it."""
    owner: dict[str, Term] = {}
    for term in terms:
        for name in dict.fromkeys(" ".join(n.split()).casefold() for n in term.names if n.strip()):
            other = owner.setdefault(name, term)
            if other is not term:
                problems.append(
                    Problem(
                        GLOSSARY_FILE,
                        f"term '{term.id}'",
                        f"'{name}' is also a name of term '{other.id}': "
                        "a mention could mean either; keep it on one term",
                    )
                )


def _stray_files(directory: Path, problems: list[Problem]) -> set[str]:
    """Files a pack does not read, each named once; returns the kinds a misnamed file leaves missing.

    "glossery.toml" gets a did-you-mean and stops the knock-on "unknown term" errors
    its absence would cause; anything else the pack does not read is a warning.
    """
    missing: set[str] = set()
    for path in sorted(directory.iterdir()):
        name = path.name
        if NOT_AUTHORED.search(name) or name in PACK_FILES or name == SECTIONS_DIR:
            continue
        meant = _meant(name, [SECTIONS_DIR] if path.is_dir() else list(PACK_FILES))
        shown = f"{name}/" if path.is_dir() else name
        if meant and not (directory / meant).exists():
            missing.add(PACK_FILES.get(meant, "section"))
            problems.append(
                Problem(shown, "", f"not a pack file (did you mean {meant}{'/' if path.is_dir() else ''}?)")
            )
        else:
            problems.append(warning(shown, "", f"not part of the pack, ignored (a pack reads {_PACK_LAYOUT})"))
    sections = directory / SECTIONS_DIR
    if sections.is_dir():
        for path in sorted(sections.iterdir()):
            name = path.name
            if NOT_AUTHORED.search(name) or path.suffix == ".toml":
                continue
            shown = f"{SECTIONS_DIR}/{name}"
            stem = path.stem if path.is_file() else name
            if SECTION_FILE_NAME.match(f"{stem}.toml") or path.suffix.casefold() in (".toml", ".tml"):
                missing.add("section")
                problems.append(Problem(shown, "", f"not a section file (did you mean {stem}.toml?)"))
            else:
                problems.append(warning(shown, "", "not a section file, ignored (sections are NN-id.toml files)"))
    return missing


_PACK_LAYOUT = ", ".join([*PACK_FILES, f"{SECTIONS_DIR}/"])


def _meant(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name.casefold(), known, n=1, cutoff=0.75)
    return close[0] if close else ""


def read_pack(directory: str | Path, *, drafts: bool = True) -> tuple[Pack | None, list[Problem]]:
    """Build a pack from a directory, collecting every problem (errors and warnings) on the way.

    `drafts`: keep sections marked `draft = true` (the author's preview and `check`);
    without it they, and the questions on them, are left out, as students see the pack.
    """
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
    misnamed = _stray_files(directory, problems)

    meta = _read_toml(directory / PACK_FILE, PACK_FILE, problems) or {}
    meta = _hoist(meta, "source", _PACK_FIELDS, _SOURCE_FIELDS, PACK_FILE, "", problems)
    f = Fields(meta, PACK_FILE, "", problems)
    if meta:
        f.only(*_PACK_FIELDS)
    pack_id, title, summary = (f.id(), f.text("title"), f.text("summary")) if meta else ("", "", "")
    sources = _read_sources(f) if meta else ()

    section_files = sorted((directory / SECTIONS_DIR).glob("*.toml")) if (directory / SECTIONS_DIR).is_dir() else []
    if not section_files and "section" not in misnamed:
        problems.append(Problem(SECTIONS_DIR, "", "no sections: add files named NN-id.toml"))
    sections = [s for p in section_files if (s := _read_section(p, f"{SECTIONS_DIR}/{p.name}", problems))]
    terms = _read_list(directory, GLOSSARY_FILE, "term", _read_term, problems)
    questions = _read_list(directory, QUIZ_FILE, "question", _read_question, problems)
    events = _read_list(directory, TIMELINE_FILE, "event", _read_event, problems)
    topics = _read_list(directory, PERSPECTIVES_FILE, "topic", _read_topic, problems)

    _no_duplicates(directory, sources, lambda _: PACK_FILE, "source", problems)
    _no_duplicates(directory, sections, lambda s: s.file, "section", problems)
    _no_duplicates(directory, terms, lambda _: GLOSSARY_FILE, "term", problems)
    _no_duplicates(directory, questions, lambda _: QUIZ_FILE, "question", problems)
    _no_duplicates(directory, events, lambda _: TIMELINE_FILE, "event", problems)
    _no_duplicates(directory, topics, lambda _: PERSPECTIVES_FILE, "topic", problems)
    _shared_names(terms, problems)

    hidden = frozenset() if drafts else frozenset(s.id for s in sections if s.draft)
    if hidden:
        sections = [
            replace(s, related=tuple(r for r in s.related if r not in hidden)) for s in sections if s.id not in hidden
        ]
        questions = tuple(q for q in questions if q.section not in hidden)
    if not sections:
        return None, problems
    pack = Pack(pack_id, title, summary, sources, tuple(sections), terms, questions, events, topics)
    problems += check_references(pack, incomplete=_incomplete_kinds(problems) | misnamed, hidden=hidden)
    return pack, problems


def _incomplete_kinds(problems: list[Problem]) -> set[str]:
    """Kinds whose files had errors: their ids may exist in the broken part, so don't cascade."""
    files = {p.file for p in errors(problems)}
    kinds = {kind for name, kind in PACK_FILES.items() if name in files}
    if any(f.startswith(SECTIONS_DIR) for f in files):
        kinds.add("section")
    return kinds


def load_pack(directory: str | Path, *, drafts: bool = False) -> Pack:
    """The pack in `directory` as students see it (drafts only if asked), or PackError listing every error.

    Warnings never stop a pack: they are `check`'s to show.
    """
    pack, problems = read_pack(directory, drafts=drafts)
    if pack is None or errors(problems):
        raise PackError(errors(problems) or problems)
    return pack

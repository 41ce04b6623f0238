"""Reference checks: every id a pack mentions must exist, and everything be reachable."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from explainer.pack.layout import GLOSSARY_FILE, PERSPECTIVES_FILE, QUIZ_FILE, TIMELINE_FILE
from explainer.pack.links import TermMatcher, explicit_links, is_web_address
from explainer.pack.model import Pack, Question, Term
from explainer.pack.problems import Problem, did_you_mean, warning
from explainer.record import replace

LINK_FORMS = "term:ID, section:ID, event:ID, topic:ID or a web address (https://…)"


class _Refs:
    """Looks ids up in the pack and words the problem when one is missing."""

    def __init__(self, pack: Pack, incomplete: Collection[str], hidden: Collection[str]) -> None:
        self.incomplete = incomplete
        self.ids = {
            "source": [s.id for s in pack.sources],
            "section": [s.id for s in pack.sections],
            "term": [t.id for t in pack.terms],
            "event": [e.id for e in pack.events],
            "topic": [t.id for t in pack.topics],
        }
        self.known = {kind: set(ids) for kind, ids in self.ids.items()}  # lists are slow to search in a big pack
        self.known["section"] |= set(hidden)  # drafts left out of this reading: links to them are not wrong
        self.problems: list[Problem] = []

    def expect(self, kind: str, value: str, file: str, where: str) -> None:
        if value and kind not in self.incomplete and value not in self.known[kind]:
            self.problems.append(Problem(file, where, f"unknown {kind} '{value}'{did_you_mean(value, self.ids[kind])}"))

    def expect_all(self, kind: str, values: Iterable[str], file: str, where: str) -> None:
        for i, value in enumerate(values):
            self.expect(kind, value, file, f"{where}[{i}]")

    def expect_sources(self, values: tuple[str, ...], file: str, where: str) -> None:
        """`source`: one id, or a list of them (then each is named by its place: `source[1]`)."""
        if len(values) == 1:
            self.expect("source", values[0], file, where)
        else:
            self.expect_all("source", values, file, where)

    def markdown(self, text: str, file: str, where: str) -> None:
        for link, written in explicit_links(text):
            shown = text[written.start : written.end]
            if written.image:
                self.problems.append(Problem(file, where, f"{shown}: images are not supported (the app shows text)"))
            elif link is None and not is_web_address(written.href):
                self.problems.append(Problem(file, where, f"link {shown} is not {LINK_FORMS}"))
            elif link is not None:
                self.expect(link.kind, link.target, file, f"{where}: link [{written.text}]")


def check_references(pack: Pack, incomplete: Collection[str] = (), hidden: Collection[str] = ()) -> list[Problem]:
    """Unknown ids (errors); unused terms, sections no other section links to, giveaway definitions (warnings).

    Kinds in `incomplete` had files that failed to load: references to them,
    and usage checks that depend on every section, are left for the next run.
    `hidden` are draft sections left out of this reading of the pack.
    """
    refs = _Refs(pack, incomplete, hidden)
    for s in pack.sections:
        refs.expect_sources(s.sources, s.file, "source")
        refs.expect_all("section", s.related, s.file, "related")
        for field, text in [("short_answer", s.short_answer), ("body", s.body), ("critical_note", s.critical_note)]:
            refs.markdown(text, s.file, field)
        for i, point in enumerate(s.key_points):
            refs.markdown(point, s.file, f"key_points[{i}]")
    for t in pack.terms:
        where = f"term '{t.id}'"
        refs.problems += _aliases_defining_their_term(t)
        refs.expect_sources(t.sources, GLOSSARY_FILE, f"{where}.source")
        refs.expect_all("term", t.see_also, GLOSSARY_FILE, f"{where}.see_also")
        refs.markdown(t.example, GLOSSARY_FILE, f"{where}.example")
    for q in pack.questions:
        where = f"question '{q.id}'"
        refs.expect("section", q.section, QUIZ_FILE, f"{where}.section")
        refs.expect_all("term", q.terms, QUIZ_FILE, f"{where}.terms")
        refs.expect_all("event", q.events, QUIZ_FILE, f"{where}.events")
        if "event" not in incomplete:
            refs.problems += _order_over_unplaced_events(pack, q)
    for e in pack.events:
        where = f"event '{e.id}'"
        refs.expect_sources(e.sources, TIMELINE_FILE, f"{where}.source")
        refs.expect("section", e.section, TIMELINE_FILE, f"{where}.section")
        refs.markdown(e.detail, TIMELINE_FILE, f"{where}.detail")
    for topic in pack.topics:
        for i, v in enumerate(topic.views):
            where = f"topic '{topic.id}'.view[{i}]"
            refs.expect("source", v.source, PERSPECTIVES_FILE, f"{where}.source")
            refs.expect("section", v.section, PERSPECTIVES_FILE, f"{where}.section")

        for field, text in [("note", topic.note)]:
            refs.markdown(text, PERSPECTIVES_FILE, f"topic '{topic.id}'.{field}")
    refs.problems += [giveaway for t in pack.terms if (giveaway := _names_itself(t))]

    if "section" in incomplete:
        return refs.problems
    graph = pack.links
    for t in pack.terms:
        if not graph.used_in(t.id):
            refs.problems.append(warning(GLOSSARY_FILE, f"term '{t.id}'", "no section uses this term"))
    if len(pack.sections) > 1:
        for s in pack.sections:
            if not graph.linked_from(s.id) and not s.draft:
                refs.problems.append(
                    warning(s.file, "id", f"no other section links to '{s.id}' (add it to a section's related list)")
                )
    return refs.problems


QUOTED = re.compile("(?<!\\w)'[^']*'(?!\\w)|\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019")


def _aliases_defining_their_term(term: Term) -> list[Problem]:
    """An alias the definition uses (not names) to say what the term is: a link by that alias leads in a circle.

    `seoul` aliased "South Korea" and defined as "the capital of South Korea" sends a reader who
    looks up South Korea to a definition that needs South Korea. The definition may still name
    the alias: at its start ("The Group of Seven: ...") or in quotation marks ("'Beijing' means ...").
    """
    opening = re.compile(r"^(?:the |an? )?", re.IGNORECASE)
    quoted = [m.span() for m in QUOTED.finditer(term.definition)]
    problems = []
    for alias in term.aliases:
        for found in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", term.definition, re.IGNORECASE):
            at_start = opening.fullmatch(term.definition[: found.start()]) is not None
            named = any(start < found.start() and found.end() < end for start, end in quoted)
            if not at_start and not named:
                problems.append(
                    Problem(
                        GLOSSARY_FILE,
                        f"term '{term.id}'.aliases",
                        f"'{alias}' is used in this term's own definition, so a link from '{alias}' leads back to a "
                        f"definition that needs it (drop the alias, or quote it where the definition only names it)",
                    )
                )
                break
    return problems


def _order_over_unplaced_events(pack: Pack, question: Question) -> list[Problem]:
    """An order question may only ask about events the articles date; and its items must be in their time order.

    The events are those the question names in `events`, and any whose title is one of its items word for word.
    """
    if question.type != "order":
        return []
    where = f"question '{question.id}'"
    by_title = {e.title.casefold(): e for e in pack.events}
    named = [pack.event(i) for i in question.events]
    named += [by_title[item.casefold()] for item in question.items if item.casefold() in by_title]
    problems, reported = [], set()
    for event in named:
        if event is None or event.orderable or event.id in reported:
            continue
        reported.add(event.id)
        why = {
            "undated": "the articles give it no date",
            "approximate": "its place in time is only an estimate",
            "projected": "it has not happened yet",
        }[event.status]
        problems.append(
            Problem(QUIZ_FILE, f"{where}.items", f"asks the order of {event.status} event '{event.id}' ({why})")
        )
    dated = [e for e in (pack.event(i) for i in question.events) if e is not None and e.orderable]
    if len(dated) == len(question.events) and [e.sort for e in dated] != sorted(e.sort or 0.0 for e in dated):
        problems.append(Problem(QUIZ_FILE, f"{where}.events", "the items are not in the events' time order"))
    return problems


def _names_itself(term: Term) -> Problem | None:
    """A definition that says its term's name gives the answer away in a generated matching question."""
    if not term.quiz or not any(TermMatcher([replace(term, aliases=())]).mentions(term.definition)):
        return None
    return warning(
        GLOSSARY_FILE,
        f"term '{term.id}'.definition",
        f"says '{term.term}', which gives the answer away in matching questions: "
        "reword it, or add quiz = false to leave the term out of them",
    )

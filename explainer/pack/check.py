"""Reference checks: every id a pack mentions must exist, and everything be reachable."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from explainer.pack.links import explicit_links
from explainer.pack.load import GLOSSARY_FILE, PERSPECTIVES_FILE, QUIZ_FILE, TIMELINE_FILE
from explainer.pack.model import Pack
from explainer.pack.problems import Problem, did_you_mean


class _Refs:
    """Looks ids up in the pack and words the problem when one is missing."""

    def __init__(self, pack: Pack, incomplete: AbstractSet[str]) -> None:
        self.incomplete = incomplete
        self.ids = {
            "source": [s.id for s in pack.sources],
            "section": [s.id for s in pack.sections],
            "term": [t.id for t in pack.terms],
            "event": [e.id for e in pack.events],
        }
        self.known = {kind: set(ids) for kind, ids in self.ids.items()}  # lists are slow to search in a big pack
        self.problems: list[Problem] = []

    def expect(self, kind: str, value: str, file: str, where: str) -> None:
        if value and kind not in self.incomplete and value not in self.known[kind]:
            self.problems.append(Problem(file, where, f"unknown {kind} '{value}'{did_you_mean(value, self.ids[kind])}"))

    def expect_all(self, kind: str, values: Iterable[str], file: str, where: str) -> None:
        for i, value in enumerate(values):
            self.expect(kind, value, file, f"{where}[{i}]")

    def markdown(self, text: str, file: str, where: str) -> None:
        for link, label, href in explicit_links(text):
            if link is None:
                self.problems.append(
                    Problem(file, where, f"link [{label}]({href}) is not term:ID, section:ID or event:ID")
                )
            else:
                self.expect(link.kind, link.target, file, f"{where}: link [{label}]")


def check_references(pack: Pack, incomplete: AbstractSet[str] = frozenset()) -> list[Problem]:
    """Unknown ids, unused terms and sections no other section links to.

    Kinds in `incomplete` had files that failed to load: references to them,
    and usage checks that depend on every section, are left for the next run.
    """
    refs = _Refs(pack, incomplete)
    for s in pack.sections:
        refs.expect("source", s.source, s.file, "source")
        refs.expect_all("section", s.related, s.file, "related")
        for field, text in [("short_answer", s.short_answer), ("body", s.body), ("critical_note", s.critical_note)]:
            refs.markdown(text, s.file, field)
        for i, point in enumerate(s.key_points):
            refs.markdown(point, s.file, f"key_points[{i}]")
    for t in pack.terms:
        where = f"term '{t.id}'"
        refs.expect("source", t.source, GLOSSARY_FILE, f"{where}.source")
        refs.expect_all("term", t.see_also, GLOSSARY_FILE, f"{where}.see_also")
        refs.markdown(t.example, GLOSSARY_FILE, f"{where}.example")
    for q in pack.questions:
        where = f"question '{q.id}'"
        refs.expect("section", q.section, QUIZ_FILE, f"{where}.section")
        refs.expect_all("term", q.terms, QUIZ_FILE, f"{where}.terms")
    for e in pack.events:
        where = f"event '{e.id}'"
        refs.expect("source", e.source, TIMELINE_FILE, f"{where}.source")
        refs.expect("section", e.section, TIMELINE_FILE, f"{where}.section")
        refs.markdown(e.detail, TIMELINE_FILE, f"{where}.detail")
    for topic in pack.topics:
        for i, v in enumerate(topic.views):
            where = f"topic '{topic.id}'.view[{i}]"
            refs.expect("source", v.source, PERSPECTIVES_FILE, f"{where}.source")
            refs.expect("section", v.section, PERSPECTIVES_FILE, f"{where}.section")

    if "section" in incomplete:
        return refs.problems
    graph = pack.links
    for t in pack.terms:
        if not graph.used_in(t.id):
            refs.problems.append(Problem(GLOSSARY_FILE, f"term '{t.id}'", "no section uses this term"))
    if len(pack.sections) > 1:
        for s in pack.sections:
            if not graph.linked_from(s.id):
                refs.problems.append(
                    Problem(s.file, "id", f"no other section links to '{s.id}' (add it to a section's related list)")
                )
    return refs.problems

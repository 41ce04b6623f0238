"""The content model: what a pack is, as plain frozen data.

Nothing here knows about files or Textual; `load.py` builds these from TOML,
and the TUI, the plain output and the quiz all read the same objects.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Literal

from explainer.record import Record

if TYPE_CHECKING:
    from explainer.pack.links import LinkGraph

LinkKind = Literal["section", "term", "event", "topic"]
QuestionType = Literal["choice", "true_false", "match", "order", "typed"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("choice", "true_false", "match", "order", "typed")


class Source(Record):
    """One article the pack is built from."""

    id: str
    title: str
    outlet: str
    note: str = ""
    short: str = ""

    @property
    def name(self) -> str:
        """What text calls the source ("the Korea Times report"); the title when no short name is given."""
        return self.short or self.title


class Section(Record):
    """One question of the walkthrough, answered from the sources it cites (one, or more where it draws on
    several: its text says which statement comes from which)."""

    id: str
    question: str
    sources: tuple[str, ...]
    short_answer: str
    body: str
    key_points: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    critical_note: str = ""
    file: str = ""
    draft: bool = False  # shown only to its author (`--drafts`), never to students


BACKGROUND_MARK = "Background (general knowledge, not from the articles):"


class Term(Record):
    """A glossary entry; `example` says how the articles use it.

    `background` marks a definition that gives facts the articles do not: allowed,
    so a student has a plain definition of NATO, but always shown as such.
    """

    id: str
    term: str
    definition: str
    category: str = ""
    aliases: tuple[str, ...] = ()
    example: str = ""
    sources: tuple[str, ...] = ()  # what the example draws on
    see_also: tuple[str, ...] = ()
    background: bool = False
    quiz: bool = True  # false: never in a generated matching question

    @property
    def shown_definition(self) -> str:
        """The definition as a reader sees it: a background one says it does not come from the sources."""
        return f"{BACKGROUND_MARK} {self.definition}" if self.background else self.definition

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the term goes by, the headword first."""
        return (self.term, *self.aliases)


class WrongChoice(Record):
    """A wrong option of a multiple-choice question, and why it is wrong."""

    choice: str
    why: str


class Question(Record):
    """A quiz question. Which fields matter depends on `type`.

    choice: `answer` is the right option, `wrong` the others with reasons.
    true_false: `answer` is "true" or "false".
    match: `pairs` of (left, right) to be matched.
    order: `items` in their right order; `events` names the timeline events
    the items stand for, if they are events, so check can see they are dated.
    typed: `answer` plus other `accept`ed spellings.
    """

    id: str
    type: QuestionType
    prompt: str
    section: str
    explanation: str
    answer: str = ""
    wrong: tuple[WrongChoice, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    items: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    events: tuple[str, ...] = ()


EventStatus = Literal["dated", "undated", "approximate", "projected"]
EVENT_STATUS_NOTES: dict[EventStatus, str] = {
    "dated": "",
    "undated": "Undated: its source gives no date for this, so it has no place in the order. "
    "It is listed after the dated events and never asked in an order question.",
    "approximate": "Approximate: its place here is an estimate from its source's wording, not a date the "
    "source gives. It is never asked in an order question.",
    "projected": "Projected: this has not happened; its source expects it. It is not history, "
    "and it is never asked in an order question.",
}


class Event(Record):
    """An event the articles mention; `sort` places it on the timeline.

    Only a `dated` event may be asked in an order question: an undated one
    (no `sort`) has no place the articles give, an approximate one only an
    estimated place, and a projected one has not happened.
    """

    id: str
    when: str
    title: str
    detail: str
    sources: tuple[str, ...]
    section: str
    sort: float | None = None
    approximate: bool = False
    projected: bool = False

    @property
    def status(self) -> EventStatus:
        if self.sort is None:
            return "undated"
        if self.projected:
            return "projected"
        return "approximate" if self.approximate else "dated"

    @property
    def when_label(self) -> str:
        """The date as the article gives it, marked when it is not a firm date: "by 2030 (projected)"."""
        return self.when if self.status == "dated" else f"{self.when} ({self.status})"

    @property
    def status_note(self) -> str:
        """What the mark means, for a reader; empty for a dated event."""
        return EVENT_STATUS_NOTES[self.status]

    @property
    def orderable(self) -> bool:
        """Whether the articles fix this event's place in time firmly enough to quiz its order."""
        return self.status == "dated"


class View(Record):
    """One side of a perspective: who holds it, what they claim, where said."""

    who: str
    role: str
    claim: str
    source: str
    section: str
    basis: str = ""


class Topic(Record):
    """A question on which the articles, or the people they quote, differ."""

    id: str
    title: str
    question: str
    views: tuple[View, ...]
    note: str = ""


class Link(Record):
    """A reference from one place in the pack to a section, term, event or perspectives topic."""

    kind: LinkKind
    target: str
    text: str = ""


class _ById(Record):
    """A pack's lookup tables, built once from its tuples (on first use: `Pack._by_id`)."""

    sources: dict[str, Source]
    sections: dict[str, Section]
    terms: dict[str, Term]
    events: dict[str, Event]
    questions: dict[str, Question]
    topics: dict[str, Topic]


class Pack(Record):
    """A whole content pack, in reading order."""

    id: str
    title: str
    summary: str
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]
    terms: tuple[Term, ...] = ()
    questions: tuple[Question, ...] = ()
    events: tuple[Event, ...] = ()
    topics: tuple[Topic, ...] = ()

    @cached_property
    def _by_id(self) -> _ById:
        return _ById(
            {s.id: s for s in self.sources},
            {s.id: s for s in self.sections},
            {t.id: t for t in self.terms},
            {e.id: e for e in self.events},
            {q.id: q for q in self.questions},
            {t.id: t for t in self.topics},
        )

    def source(self, source_id: str) -> Source | None:
        return self._by_id.sources.get(source_id)

    def section(self, section_id: str) -> Section | None:
        return self._by_id.sections.get(section_id)

    def term(self, term_id: str) -> Term | None:
        return self._by_id.terms.get(term_id)

    def event(self, event_id: str) -> Event | None:
        return self._by_id.events.get(event_id)

    def question(self, question_id: str) -> Question | None:
        return self._by_id.questions.get(question_id)

    def topic(self, topic_id: str) -> Topic | None:
        return self._by_id.topics.get(topic_id)

    def section_position(self, section_id: str) -> int:
        """The 0-based place of a section in reading order."""
        return [s.id for s in self.sections].index(section_id)

    def section_number(self, section_id: str) -> int:
        """The number a reader sees for a section: 1 for the first ("Section 2 of 14")."""
        return self.section_position(section_id) + 1

    @cached_property
    def links(self) -> LinkGraph:
        """The pack's link graph, built on first use."""
        from explainer.pack.links import LinkGraph

        return LinkGraph(self)

    def timeline(self) -> tuple[Event, ...]:
        """Events with a place in time in that order, then the undated ones as the pack lists them."""
        placed = sorted((e for e in self.events if e.sort is not None), key=lambda e: e.sort or 0.0)
        return (*placed, *(e for e in self.events if e.sort is None))

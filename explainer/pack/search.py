"""One fuzzy index over sections, terms, events, perspectives and questions.

The command palette and any other search ask it; rapidfuzz does the matching.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from explainer.pack.model import Pack


@dataclass(frozen=True)
class Hit:
    """One search result: what it is, its id, how to show it, and how well it matched."""

    kind: str
    id: str
    title: str
    detail: str
    score: float


MIN_SCORE = 70
# Quiz prompts are long and mention everything; let the places they test rank first.
KIND_WEIGHT = {"question": 0.93}


class SearchIndex:
    """Titles and names of everything in a pack, matched by fuzzy text."""

    def __init__(self, pack: Pack) -> None:
        entries: list[tuple[str, str, str, str]] = []
        for position, s in enumerate(pack.sections, start=1):
            entries.append(("section", s.id, s.question, f"Section {position}/{len(pack.sections)}"))
        for t in pack.terms:
            for name in t.names:
                entries.append(("term", t.id, name, f"Glossary: {t.definition}" if name == t.term else f"Glossary: {t.term}"))
        for e in pack.events:
            entries.append(("event", e.id, f"{e.when}: {e.title}", "Timeline"))
        for topic in pack.topics:
            entries.append(("topic", topic.id, topic.title, f"Perspectives: {topic.question}"))
        for q in pack.questions:
            entries.append(("question", q.id, q.prompt, f"Quiz question on section {q.section}"))
        self._entries = entries
        self._choices = [utils.default_process(title) for _, _, title, _ in entries]

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Best matches first; one hit per item even when several of its names match.

        Each word of the query must be found in a title (fuzzily, so typos are
        forgiven); the whole query's similarity breaks ties, favouring titles
        that say no more than was asked.
        """
        query = utils.default_process(query)
        words = [w for w in query.split() if len(w) > 2] or query.split()
        if not words:
            return []
        found = [0.0] * len(self._choices)
        for word in words:
            for _, score, index in process.extract(word, self._choices, scorer=fuzz.partial_ratio, processor=None, limit=None, score_cutoff=50):
                found[index] += score / len(words)
        whole = process.extract(query, self._choices, scorer=fuzz.WRatio, processor=None, limit=None)
        weight = [KIND_WEIGHT.get(kind, 1.0) for kind, _, _, _ in self._entries]
        ranked = sorted((((0.8 * found[i] + 0.2 * score) * weight[i], i) for _, score, i in whole), reverse=True)
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        for score, index in ranked:
            if score < MIN_SCORE or len(hits) == limit:
                break
            kind, item_id, title, detail = self._entries[index]
            if (kind, item_id) not in seen:
                seen.add((kind, item_id))
                hits.append(Hit(kind, item_id, title, detail, score))
        return hits

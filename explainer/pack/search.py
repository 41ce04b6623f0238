"""One fuzzy index over sections, terms, events and questions.

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
        for q in pack.questions:
            entries.append(("question", q.id, q.prompt, f"Quiz question on section {q.section}"))
        self._entries = entries
        self._choices = [utils.default_process(title) for _, _, title, _ in entries]

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Best matches first; one hit per item even when several of its names match."""
        query = utils.default_process(query)
        if not query:
            return []
        found = process.extract(query, self._choices, scorer=fuzz.WRatio, processor=None, limit=limit * 3, score_cutoff=60)
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        for _, score, index in found:
            kind, item_id, title, detail = self._entries[index]
            if (kind, item_id) in seen:
                continue
            seen.add((kind, item_id))
            hits.append(Hit(kind, item_id, title, detail, score))
            if len(hits) == limit:
                break
        return hits

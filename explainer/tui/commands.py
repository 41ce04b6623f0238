"""Command palette (Ctrl+P): find any section, term, event or question by fuzzy text."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from explainer.pack.search import Hit as SearchHit
from explainer.tui.history import Place, PlaceKind

KIND_PLACE: dict[str, PlaceKind] = {
    "section": "section",
    "term": "glossary",
    "event": "timeline",
    "topic": "perspectives",
}
KIND_LABEL = {"section": "Section", "term": "Term", "event": "Event", "topic": "Perspective", "question": "Question"}


class PackCommands(Provider):
    """Searches the pack through its `SearchIndex` and opens what is picked."""

    def _open(self, hit: SearchHit) -> None:
        app = self.app
        if hit.kind in KIND_PLACE:
            app.go(Place(KIND_PLACE[hit.kind], hit.id))  # type: ignore[attr-defined]
        elif hit.kind == "question":
            question = app.pack.question(hit.id)  # type: ignore[attr-defined]
            app.go(Place("section", question.section))  # type: ignore[attr-defined]

    def _actions(self):
        """The app's own key bindings for places, offered here too: one command, two doors."""
        for binding in self.app.BINDINGS:
            wanted = binding.action.startswith("open(") or binding.action in ("quiz", "help", "plain_menu")
            if wanted and self.app.check_action(binding.action, ()):  # only what can be done here
                yield binding

    async def discover(self) -> Hits:
        app = self.app
        for binding in self._actions():
            yield DiscoveryHit(
                f"Open {binding.description}",
                partial(app.run_action, binding.action),
                help=f"{binding.tooltip} (key: {binding.key.split(',')[0]})",
            )
        for position, section in enumerate(app.pack.sections, start=1):  # type: ignore[attr-defined]
            hit = SearchHit("section", section.id, section.question, f"Section {position}", 1.0)
            yield DiscoveryHit(f"{position}. {section.question}", partial(self._open, hit), help="Section")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for binding in self._actions():
            label = f"Open {binding.description}"
            if (score := matcher.match(label)) > 0:
                yield Hit(
                    score, matcher.highlight(label), partial(self.app.run_action, binding.action), help=binding.tooltip
                )
        for hit in self.app.search_index.search(query, limit=30):  # type: ignore[attr-defined]
            yield Hit(
                hit.score / 100,
                matcher.highlight(hit.title),
                partial(self._open, hit),
                text=hit.title,
                help=f"{KIND_LABEL[hit.kind]} · {hit.detail}",
            )

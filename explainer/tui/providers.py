"""The command palette's provider (Ctrl+P): the commands available now, and the pack searched by fuzzy text."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from explainer.pack.search import Hit as SearchHit
from explainer.tui.app import ExplainerApp
from explainer.tui.commands import APP, BY_ID, Command
from explainer.tui.history import Place, PlaceKind

KIND_PLACE: dict[str, PlaceKind] = {
    "section": "section",
    "term": "glossary",
    "event": "timeline",
    "topic": "perspectives",
}
KIND_LABEL = {"section": "Section", "term": "Term", "event": "Event", "topic": "Perspective", "question": "Question"}


class PackCommands(Provider):
    """The app's and this page's commands (only those it allows now), then the pack through its `SearchIndex`."""

    @property
    def explainer(self) -> ExplainerApp:
        assert isinstance(self.app, ExplainerApp)
        return self.app

    def _open(self, hit: SearchHit) -> None:
        if hit.kind in KIND_PLACE:
            place = Place(KIND_PLACE[hit.kind], hit.id)
        elif (question := self.explainer.pack.question(hit.id)) is not None:
            place = Place("section", question.section)
        else:
            return
        self.explainer.go(place)  # at once, as a key's action does: keys typed after it find it done

    def _maybe(self) -> Iterator[tuple[Command, DOMNode]]:
        """Each command of the app and of the page below the palette that its `check_action` allows now."""
        page = self.screen
        page_commands = [BY_ID[b.id] for b in page.BINDINGS if isinstance(b, Binding) and b.id in BY_ID]
        for command, node in [*((c, self.app) for c in APP), *((c, page) for c in page_commands)]:
            if command.palette and node.check_action(command.action_name, command.parameters):
                yield command, node

    async def _run(self, command: Command, node: DOMNode) -> None:
        await self.app.run_action(command.action, node)

    async def discover(self) -> Hits:
        for command, node in self._maybe():
            yield DiscoveryHit(
                command.palette_title,
                partial(self._run, command, node),
                help=f"{command.tooltip} (key: {command.first_key})",
            )
        for position, section in enumerate(self.explainer.pack.sections, start=1):
            hit = SearchHit("section", section.id, section.question, f"Section {position}", 1.0)
            yield DiscoveryHit(f"{position}. {section.question}", partial(self._open, hit), help="Section")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, node in self._maybe():
            if (score := matcher.match(command.palette_title)) > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.palette_title),
                    partial(self._run, command, node),
                    help=command.tooltip,
                )
        for hit in self.explainer.search_index.search(query, limit=30):
            yield Hit(
                hit.score / 100,
                matcher.highlight(hit.title),
                partial(self._open, hit),
                text=hit.title,
                help=f"{KIND_LABEL[hit.kind]} · {hit.detail}",
            )

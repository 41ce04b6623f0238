"""The command palette's providers (Ctrl+P): the commands available now, and the pack searched by fuzzy text."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from explainer.pack.search import Hit as SearchHit
from explainer.tui.app import ExplainerApp
from explainer.tui.commands import BY_ID, Command
from explainer.tui.history import Place, PlaceKind

KIND_PLACE: dict[str, PlaceKind] = {
    "section": "section",
    "term": "glossary",
    "event": "timeline",
    "topic": "perspectives",
}
KIND_LABEL = {"section": "Section", "term": "Term", "event": "Event", "topic": "Perspective", "question": "Question"}


class KeyCommands(Provider):
    """The commands of the app and of the page under the palette, each only while its `check_action` allows it
    (Hike's `_maybe()`): the student's app and the teacher's class view alike."""

    def _maybe(self) -> Iterator[tuple[Command, DOMNode]]:
        for node in (self.app, self.screen):
            for binding in node.BINDINGS:
                command = BY_ID.get(binding.id or "") if isinstance(binding, Binding) else None
                if command and command.palette and node.check_action(command.action_name, command.parameters):
                    yield command, node

    async def _run(self, command: Command, node: DOMNode) -> None:
        await self.app.run_action(command.action, node)

    async def discover(self) -> Hits:
        for command, node in self._maybe():
            yield self._discovered(command, node)

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

    def _discovered(self, command: Command, node: DOMNode) -> DiscoveryHit:
        return DiscoveryHit(
            command.palette_title,
            partial(self._run, command, node),
            help=f"{command.tooltip} (key: {command.first_key})",
        )


class PackCommands(KeyCommands):
    """The commands available now, then the pack through its `SearchIndex`."""

    @property
    def explainer(self) -> ExplainerApp:
        assert isinstance(self.app, ExplainerApp)
        return self.app

    def _open(self, hit: SearchHit) -> None:
        """A place opens at once, as a key's action does (keys typed after it find it done); a question is asked."""
        app = self.explainer
        if hit.kind in KIND_PLACE:
            app.go(Place(KIND_PLACE[hit.kind], hit.id))
        elif (question := app.pack.question(hit.id)) is not None:
            self._ask(question.id, question.section)

    def _ask(self, question_id: str, section_id: str) -> None:
        """That one question, asked now: a quiz of one, its feedback leading to its section."""
        import random

        from explainer.quiz.questions import item_for_key
        from explainer.quiz.selection import QuizRequest
        from explainer.quiz.session import QuizSession

        app = self.explainer
        if (item := item_for_key(app.pack, question_id, random.Random())) is not None:
            request = QuizRequest("section", section_id, 1).seeded()
            app.start_quiz(request, QuizSession(app.pack, [item], request, store=app.store))

    async def discover(self) -> Hits:
        async for command in super().discover():
            yield command
        for position, section in enumerate(self.explainer.pack.sections, start=1):
            hit = SearchHit("section", section.id, section.question, f"Section {position}", 1.0)
            yield DiscoveryHit(f"{position}. {section.question}", partial(self._open, hit), help="Section")

    async def search(self, query: str) -> Hits:
        async for found in super().search(query):
            yield found
        matcher = self.matcher(query)
        for hit in self.explainer.search_index.search(query, limit=30):
            yield Hit(
                hit.score / 100,
                matcher.highlight(hit.title),
                partial(self._open, hit),
                text=hit.title,
                help=f"{KIND_LABEL[hit.kind]} · {hit.detail}",
            )

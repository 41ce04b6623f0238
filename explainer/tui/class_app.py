"""The teacher's app: the class view, served to a teacher's key or run on the server machine.

Thin, like the student's app: it connects to the class hub (the socket the
server handed this session, or the data dir's local socket for `explainer
class`) and hands what the hub says to the screen on top.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import BindingType

from explainer.classroom.link import connect_fd, connect_path, local_socket
from explainer.classroom.protocol import JsonLines
from explainer.classroom.protocol import Message as Payload
from explainer.pack.model import Pack
from explainer.settings import Settings
from explainer.tui.class_event import ClassEvent
from explainer.tui.commands import CLASS_APP, CLASS_HELP_GROUPS, bindings
from explainer.tui.reader_app import ReaderApp
from explainer.tui.themes import THEMES

if TYPE_CHECKING:
    from explainer.tui.providers import KeyCommands


def key_commands() -> type[KeyCommands]:
    """The palette's provider: the class view's commands, those allowed now."""
    from explainer.tui.providers import KeyCommands

    return KeyCommands


class ClassApp(ReaderApp):
    """One teacher's view of the class, live while a server runs on the data dir."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["explainer.tcss", "classroom.tcss"]
    COMMANDS = App.COMMANDS | {key_commands}
    BINDINGS: ClassVar[list[BindingType]] = bindings(CLASS_APP)

    def __init__(self, settings: Settings, pack: Pack) -> None:
        super().__init__()
        self.settings = settings
        self.pack = pack
        self.title = f"Class view · {pack.title}"
        self.link: JsonLines | None = None
        self.hub_problem = ""  # why there is no live class, when there is none
        for theme in THEMES:
            self.register_theme(theme)

    def on_mount(self) -> None:
        from explainer.tui.screens.class_view import ClassScreen

        self.screen_reader.start(self.settings.screen_reader, None)  # a teacher has no store to remember it in
        self.push_screen(ClassScreen(self.pack, self.settings.data_dir))
        self.run_worker(self._connect())

    async def _connect(self) -> None:
        def received(payload: Payload) -> None:
            self.post_message(ClassEvent(payload))

        try:
            if self.settings.class_fd is not None:
                self.link = await connect_fd(self.settings.class_fd, received, self._hub_gone)
            else:
                self.link = await connect_path(local_socket(self.settings.data_dir), received, self._hub_gone)
        except OSError:
            self._hub_gone(f"no server is running on {self.settings.data_dir}: saved results only")

    def _hub_gone(self, problem: str = "the server has stopped: saved results only") -> None:
        self.link = None
        self.hub_problem = problem
        self.post_message(ClassEvent({"t": "gone", "why": problem}))

    def send(self, payload: Payload) -> bool:
        """Tell the hub something (a live quiz's next step); False when no server is there to hear it."""
        if self.link is None:
            return False
        self.link.send(payload)
        return True

    def action_help(self) -> None:
        from explainer.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(CLASS_HELP_GROUPS))

    def on_class_event(self, event: ClassEvent) -> None:
        """What the hub said, to every screen that listens; one not built yet (the class view itself, when the
        hub answers before it is composed on a loaded server) hears it once it is: a callback queued on a
        screen runs after its mount."""
        for screen in reversed(self.screen_stack):
            heard = getattr(screen, "heard", None)
            if heard is None:
                continue
            if screen.is_mounted:
                heard(event.payload)
            else:
                screen.call_later(heard, event.payload)


def make_class_app(settings: Settings, pack: Pack) -> ClassApp:
    """The one factory for the class view: the SSH child (teacher key), `explainer class` and the tests."""
    return ClassApp(settings, pack)

"""What the student's explainer and the teacher's class view both are: a `ReaderApp`.

Screen-reader mode as an app runs it: the line filter, the keys in words,
messages that stay until the next key, the terminal's cursor following focus,
and the palette's toggle (tui/screen_reader.py says what each is for). Keys
typed ahead wait their turn (tui/typed_ahead.py). Also here: what no served app
may offer (a screenshot would be written on the server's disk), and a changed
screen laid out once, not twice (tui/layout_once.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList

from explainer.tui.keys import key_name
from explainer.tui.layout_once import lay_out_once
from explainer.tui.screen_reader import ScreenReaderMode
from explainer.tui.typed_ahead import TypedAhead

if TYPE_CHECKING:
    from textual.filter import LineFilter
    from textual.notifications import SeverityLevel

    from explainer.settings import Settings


class ReaderApp(App[object]):
    """An app of ours: screen-reader mode on every screen, keys typed ahead kept in order, nothing served that
    writes to the server."""

    settings: Settings

    def __init__(self) -> None:
        super().__init__()
        self.screen_reader = ScreenReaderMode(self)
        lay_out_once()
        self.typed_ahead = TypedAhead(self)  # each key handled before the next reaches a screen

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Served over SSH, nothing may write to the server's disk: no screenshots."""
        for command in super().get_system_commands(screen):
            if self.settings.served and "screenshot" in command.title.lower():
                continue
            yield command
        state = "off" if self.screen_reader.on else "on"
        yield SystemCommand(
            f"Screen-reader mode: turn {state}",
            "For Orca, NVDA, VoiceOver, BRLTTY: the cursor on what has focus, no drawing characters, keys in words",
            self.action_toggle_screen_reader,
        )

    def get_line_filters(self) -> Sequence[LineFilter]:
        return self.screen_reader.line_filters(super().get_line_filters())

    def get_key_display(self, binding: Binding) -> str:
        """The key as every place names it ("?", "/", "Ctrl+P"); in words in screen-reader mode."""
        return self.screen_reader.key_display(binding) or binding.key_display or key_name(binding.key)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's toast; in screen-reader mode one that stays, its kind in a word, until the next key."""
        if self.screen_reader.on:
            message, timeout = self.screen_reader.lasting(message, severity)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if self.typed_ahead.hold(event):
                return  # handed on in its turn
            if isinstance(event, events.Key):
                self.screen_reader.key_pressed(event.key)
        await super().on_event(event)

    @on(events.DescendantFocus)
    @on(events.ScreenResume)
    def _follow_focus(self) -> None:
        self.screen_reader.follow_focus()

    def on_input_changed(self) -> None:
        """Typed into a text box: the cursor back at its caret (Input, by name: not imported at start-up)."""
        self.screen_reader.follow_focus()

    def on_data_table_row_highlighted(self) -> None:
        """A table's cursor moved (Help's keys, the class): the terminal's cursor to its row (by name, as above)."""
        self.screen_reader.follow_focus()

    @on(OptionList.OptionHighlighted)
    def _follow_highlight(self, event: OptionList.OptionHighlighted) -> None:
        self.screen_reader.follow_focus(event.option_list)

    def on_command_palette_option_highlighted(self, event: Message) -> None:
        """The palette's results (Textual stops their own message and sends the app this one, by name here:
        textual.command is not imported at start-up)."""
        self._follow_highlight(event.highlighted_event)  # type: ignore[attr-defined]  # CommandPalette's message

    def action_toggle_screen_reader(self) -> None:
        """Screen-reader mode on or off, remembered for next time where there is somewhere to remember it."""
        self.screen_reader.set(not self.screen_reader.on)
        self.notify(f"Screen-reader mode {'on' if self.screen_reader.on else 'off'}.", timeout=4)

"""Screen-reader mode: what Orca, NVDA, VoiceOver and BRLTTY need from a full-screen app, kept in one place.

Those readers speak (or show in braille) the terminal's text and follow the terminal's own cursor. Textual hides
that cursor and draws with box and block characters, so a reader is left in a corner, among lines of "─" read
aloud one by one (what Textual's issues #2348, a BRLTTY user's, and #2425 ask about). In this mode:

- the terminal's cursor is shown and kept on what has focus: the highlighted line of a list, an input's own
  caret, the first line of anything else (`focus_offset`), followed there as focus scrolls it into view;
- every line on screen passes through `PlainGlyphs`: box drawing, blocks, bullets, arrows, marks and
  pictographs become spaces, so nothing is read out as "box drawings light horizontal" and the words
  written beside the marks ("right", "wrong", "read", "not read") are what is left;
- keys are named in words ("left", "ctrl+p"), in the footer and in Help (`key_in_words`);
- nothing moves on its own: no animation (scrolling jumps), no blinking cursor, no spinner or indicator
  redrawn on a timer (`keep_still`); and a message does not vanish on a timer: it stays on one line above
  the keys, its kind in a word ("Note:", "Warning:", "Problem:"), until the student's next key
  (`lasting`, `key_pressed`).

The app turns it on (`explainer --screen-reader`, `EXPLAINER_SCREEN_READER=1`, or from the palette) and keeps the
choice per student in the store's `state` table, under `STATE_KEY`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import TYPE_CHECKING
from weakref import WeakSet

from rich.segment import Segment
from textual import constants
from textual.binding import Binding
from textual.color import Color
from textual.filter import LineFilter
from textual.geometry import Offset
from textual.notifications import SeverityLevel
from textual.widget import Widget
from textual.widgets import LoadingIndicator, OptionList

if TYPE_CHECKING:
    from textual.app import App

    from explainer.progress.store import ProgressStore

STATE_KEY = "screen_reader"
SHOW_CURSOR, HIDE_CURSOR = "\x1b[?25h", "\x1b[?25l"
# A message stays until the next key: Textual's toasts need a timeout, and a day is as good as never.
STAYS_SECONDS = 24 * 3600.0
MOVING_KEYS = frozenset({"up", "down", "pageup", "pagedown", "home", "end"})  # move a list's highlight
SEVERITY_WORDS: dict[SeverityLevel, str] = {"information": "Note", "warning": "Warning", "error": "Problem"}

# Characters that draw rather than say: arrows, box drawing, blocks, geometric shapes (bullets, triangles,
# circles), dingbat ticks and crosses, and the header's circle. Each becomes a space: the layout keeps its width.
_DRAWING_RANGES = ((0x2190, 0x21FF), (0x2500, 0x25FF), (0x2700, 0x27BF), (0x2B00, 0x2BFF))
_BLANKS = {code: " " for first, last in _DRAWING_RANGES for code in range(first, last + 1)}
_BLANKS |= {ord(mark): " " for mark in "\u00b7\u2022\u2023\u2043\u2219"}  # dots and bullets
# Pictographs (the palette's magnifying glass) take two cells: two spaces; the selector that makes one so, none.
_BLANKS |= {code: "  " for code in range(0x1F300, 0x1FAFF + 1)} | {0xFE0F: ""}
# What Textual's key names become when said: the rest are read as they are written ("escape", "f1").
_KEY_WORDS = {"question_mark": "question mark", "full_stop": "full stop", "slash": "slash", "space": "space"}


def wanted(asked: bool, remembered: str | None) -> bool:
    """On when asked (command line, environment), else as the student last left it."""
    return asked or remembered == "1"


class PlainGlyphs(LineFilter):
    """Every line on screen with its drawing characters turned to spaces; styles and widths unchanged."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            segment if segment.control else Segment(segment.text.translate(_BLANKS), segment.style)
            for segment in segments
        ]


def blank_drawing(text: str) -> str:
    """What `PlainGlyphs` leaves of a line of text (for tests and for text the app writes itself)."""
    return text.translate(_BLANKS)


def key_in_words(binding: Binding) -> str:
    """A key as a reader should say it: "left", "ctrl+p", "question mark" (not "←", "^p", "?")."""
    modifiers, key = binding.parse_key()
    return "+".join([*modifiers, _KEY_WORDS.get(key, key.replace("_", " "))])


def focus_offset(widget: Widget | None) -> Offset | None:
    """Where on the screen the terminal's cursor belongs for `widget`, the one with focus: None to leave it."""
    if widget is None or not widget.is_mounted:
        return None
    if _typing(widget):
        return widget.cursor_screen_offset  # type: ignore[attr-defined]  # an Input: its caret
    from explainer.tui.widgets.reading_pane import ReadingPane  # imported when first needed, as Input is

    if isinstance(widget, ReadingPane) and (pointed := widget.cursor_offset()) is not None:
        return pointed  # the link Tab (or l) moved to, in the text being read
    region = widget.content_region
    line = _current_line(widget)
    if line is not None:
        y = region.y + line - round(widget.scroll_y)
        if region.y <= y < region.bottom:
            return Offset(region.x, y)
    return Offset(region.x, region.y)


def _current_line(widget: Widget) -> int | None:
    """The line of a list's highlighted option, or of a table's cursor row, from the top of its content."""
    from textual.widgets import DataTable  # not on the first screen: imported when first needed

    if isinstance(widget, OptionList) and widget.highlighted is not None:
        # Textual 8.2 keeps each option's first line in a private map; without it the list's top line will do.
        with contextlib.suppress(AttributeError, KeyError):
            return widget._index_to_line[widget.highlighted]
    if isinstance(widget, DataTable) and widget.row_count:
        above = sum(row.height for row in widget.ordered_rows[: widget.cursor_row])
        return above + (widget.header_height if widget.show_header else 0)
    return None


def keep_still(screen: Widget) -> None:
    """Nothing on `screen` redrawn on a timer: no blinking cursor (inputs, the palette's), no loading indicator
    repainting its "Loading..." sixteen times a second (Textual stops its dots when animations are off, not
    its timer)."""
    for widget in screen.walk_children(with_self=True):
        if getattr(widget, "cursor_blink", False):
            widget.cursor_blink = False  # type: ignore[attr-defined]  # Input, TextArea: found by the attribute
        if isinstance(widget, LoadingIndicator):
            widget.auto_refresh = None


def _typing(widget: Widget) -> bool:
    from textual.widgets import Input  # not on the first screen: imported when first needed

    return isinstance(widget, Input)


class ScreenReaderMode:
    """The mode as the app runs it: on or off, remembered per student, applied to every screen."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.on = False
        self._store: ProgressStore | None = None
        self._filter = PlainGlyphs()
        self._showing = False  # a message is on screen, waiting for the next key
        self._followed: WeakSet[Widget] = WeakSet()  # screens whose every layout moves the cursor
        self._highlighted: OptionList | None = None  # a list, not focused, whose highlight the cursor is on
        self._last_key = ""

    def start(self, asked: bool, store: ProgressStore | None) -> None:
        """At mount: on if asked (command line, environment) or as the student last left it; with no `store`
        (the teacher's class view) only if asked, and not remembered."""
        self._store = store
        if wanted(asked, store.get(STATE_KEY) if store is not None else None):
            self.set(True, remember=asked)

    def set(self, on: bool, *, remember: bool = True) -> None:
        app = self.app
        self.on = on
        if remember and self._store is not None:
            self._store.put(STATE_KEY, "1" if on else "0")
        app.animation_level = "none" if on else constants.TEXTUAL_ANIMATIONS
        app.set_class(on, "-screen-reader")
        # Textual 8.2 has no public way to show the terminal's cursor; its driver hides it at start.
        driver = app._driver
        if driver is not None and not app.is_headless:
            driver.write(SHOW_CURSOR if on else HIDE_CURSOR)
        for widget in app.screen.walk_children(with_self=True):
            widget.refresh()  # every line drawn again, through the filter or not
        app.refresh_bindings()  # the footer's keys named again
        self.follow_focus()

    def lasting(self, message: str, severity: SeverityLevel) -> tuple[str, float]:
        """A message as this mode shows it: its kind said first, and there until the next key."""
        self._showing = True
        return f"{SEVERITY_WORDS[severity]}: {message}", STAYS_SECONDS

    def key_pressed(self, key: str) -> None:
        """The student's next key: the messages they have had time to read go."""
        self._last_key = key
        if self._showing:
            self._showing = False
            self.app.clear_notifications()

    def line_filters(self, filters: Sequence[LineFilter]) -> Sequence[LineFilter]:
        return [*filters, self._filter] if self.on else filters

    def key_display(self, binding: Binding) -> str | None:
        return key_in_words(binding) if self.on else None

    def follow_focus(self, highlighted: OptionList | None = None) -> None:
        """The cursor to the focused item, once the screen has been laid out again; the screen kept still.

        `highlighted`: a list whose highlight moved. While a text box has focus beside it (the palette's search
        box and its results), the cursor goes to the highlighted line if the student moved it there (Up, Down),
        and back to the box as they type; new results alone leave it in the box."""
        self._highlighted = highlighted if self._last_key in MOVING_KEYS else None
        if self.on:
            screen = self.app.screen
            keep_still(screen)
            if screen.is_running and screen not in self._followed:
                # Focus scrolls its widget into view a moment later (Textual's `set_focus` calls `scroll_to_center`
                # later), and a student scrolls too: after every new layout the cursor goes where the widget is.
                self._followed.add(screen)
                screen.screen_layout_refresh_signal.subscribe(screen, self._laid_out)
            self.app.call_after_refresh(self._place_cursor)

    def _laid_out(self, _screen: object) -> None:
        if self.on:
            self._place_cursor()

    def _place_cursor(self) -> None:
        app = self.app
        focused = app.focused
        beside = self._highlighted
        if beside is not None and focused is not None and beside.screen is focused.screen and _typing(focused):
            focused = beside
        offset = focus_offset(focused)
        if offset is None or offset == app.cursor_position:
            return
        app.cursor_position = offset
        if focused is not None:
            focused.refresh()  # a frame, which ends with the cursor moved there

"""The key bar at the bottom of every page: this screen's keys first, Help and Quit always.

Textual's Footer lays its keys out left to right and cuts whatever does not
fit, so at 80 columns Help and Quit were the first to go. This one is a single
line it lays out itself: the keys of the focused widget and the screen come
first, then the app's; Help, Search and Quit are kept at the right at any
width; the keys in between are dropped from the end until the line fits. Keys
that do nothing here are not shown, and while a text box has focus the
single-letter keys (which type into it) are left out.

In screen-reader mode keys are named in words ("question mark Help"), which
take more room: the footer then has two lines before a key is dropped, and
shows each action by its shortest name ("f1 Help").
"""

from __future__ import annotations

from textual.content import Content, Span
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Input

KEPT = ("help", "command_palette", "quit")  # always shown, in this order, at the right
QUIT_ACTIONS = {"leave": "quit"}  # a screen's own way out (the quiz asks first) keeps Quit's place
READER_ROWS = 2  # lines of keys in screen-reader mode (tui/screen_reader.py marks the app "-screen-reader")


class Footer(Widget):
    """One line of keys; a click on one presses it."""

    auto_links = False  # keys are clickable, but drawn as keys, not as links

    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        link-style: none;
        link-style-hover: reverse;
        link-background-hover: $footer-background;
        link-color-hover: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys_known: tuple[list[tuple[str, str, str]], ...] | None = None  # the keys when they last changed

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, _screen: object) -> None:
        """The screen's keys may have changed: drawn again only if those shown have (a repaint a step saved)."""
        keys = self._keys()
        if keys != self._keys_known:
            self._keys_known = keys
            self.refresh(layout=self.app.has_class("-screen-reader"))  # two lines may become one, or one two

    def keys(self) -> list[tuple[str, str, str]]:
        """(key name, what it does, key) for every key to show, the screen's first, the kept ones last."""
        middle, kept = self._keys()
        return middle + kept

    def _keys(self) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """The keys to show: the screen's and the app's, then apart the kept ones.

        An action bound to several keys shows one: a single letter if it has one (`n` before `→`).
        The screen's active bindings are worked out once a line: each asks `check_action` of its action.
        """
        typing = isinstance(self.screen.focused, Input)
        palette = self.app.COMMAND_PALETTE_BINDING
        by_action: dict[str, list] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or not (binding.show or key == palette) or (typing and len(key) == 1):
                continue
            by_action.setdefault(binding.action, []).append(binding)
        keys, kept = [], {}
        in_words = self.app.has_class("-screen-reader")
        for action, bindings in by_action.items():
            if in_words:
                binding = min(bindings, key=lambda b: len(self.app.get_key_display(b)))
            else:
                binding = next((b for b in bindings if len(b.key) == 1), bindings[0])
            shown = (self.app.get_key_display(binding), binding.description or action, binding.key)
            name = QUIT_ACTIONS.get(action.removeprefix("app."), action.removeprefix("app."))
            if name in KEPT:
                kept[name] = shown
            else:
                keys.append(shown)
        return keys, [kept[name] for name in KEPT if name in kept]

    def render(self) -> Content:
        return Content("\n").join(self._line(row) for row in self._fitted(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The lines the keys take at the width the layout offers (two in screen-reader mode), not at the
        width last drawn at: measured before the first layout, that was none."""
        return len(self._fitted(width))

    def _fitted(self, width: int) -> list[list[tuple[str, str, str]]]:
        """The keys to show in their lines: those in the middle dropped from the end until the rest fit."""
        middle, right = self._keys()
        rows = READER_ROWS if self.app.has_class("-screen-reader") else 1
        while middle and len(self._rows(middle + right, width)) > rows:
            middle.pop()
        return self._rows(middle + right, width)

    def _rows(self, keys: list[tuple[str, str, str]], width: int) -> list[list[tuple[str, str, str]]]:
        """The keys in lines of at most `width` cells, each key whole, filled in order."""
        rows: list[list[tuple[str, str, str]]] = [[]]
        for key in keys:
            if rows[-1] and self._line([*rows[-1], key]).cell_length > width:
                rows.append([])
            rows[-1].append(key)
        return rows

    def _line(self, keys: list[tuple[str, str, str]]) -> Content:
        parts: list[str] = []
        spans: list[Span] = []
        position = 0
        for shown, description, key in keys:
            click = Style.from_meta({"@click": f"app.simulate_key({key!r})"})
            text = f" {shown} "
            spans.append(Span(position, position + len(text), "$footer-key-foreground bold"))
            spans.append(Span(position, position + len(text) + len(description) + 1, click))
            parts.append(f"{text}{description} ")
            position += len(text) + len(description) + 1
        return Content("".join(parts), spans=spans)

"""Textual's Header, safe on a screen that is replaced while it is still being mounted.

Textual's Header sets its title in a callback scheduled at mount. A student who
types ahead (`g` then `t` at once) replaces the glossary before that callback
runs; by then the title widget is gone and Textual 8.2's callback raises
NoMatches, which ends the app. This header sets the title the same way and lets
a header that has lost its title widget be.

Workaround for Textual 8.2.8 (overrides the private `Header._on_mount`).
Reproduced in tests/test_textual_workarounds.py: when
`test_a_header_without_its_title_widget_ends_the_app_in_textual` fails, Textual
has fixed it, and this module can go (use `textual.widgets.Header`).
"""

from __future__ import annotations

import contextlib

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header as TextualHeader


class Header(TextualHeader):
    """The app's title and the screen's sub-title, as Textual shows them."""

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Textual's handler, which is this one without the guard
        Widget._on_mount(self, event)

        async def set_title() -> None:
            with contextlib.suppress(NoMatches, NoScreen):  # the screen went before its title was set
                self.query_one("HeaderTitle").update(self.format_title())  # type: ignore[attr-defined]  # by name: the class is private

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)

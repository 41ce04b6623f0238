"""The base of every full-screen place: its own keys act only once it is built."""

from __future__ import annotations

from textual.screen import Screen


class Page(Screen):
    """A student typing ahead (`b` then `l`) can reach a page's keys in the moment
    between the page being put on screen and its widgets existing; an action that
    looks for them then ends the app. Until the page is mounted its own bindings
    are off, and such a key does nothing; the app's keys still work."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.is_mounted

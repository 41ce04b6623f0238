"""`explainer --content DIR --watch`: the pack reloads when the author saves a file, keeping the reader's place.

The files are polled twice a second (`pack.watch`); a changed pack is read in a
thread, so typing never waits on it. A pack that no longer loads leaves the old
one on screen and says its first problem; the next good save shows again.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from textual.containers import ScrollableContainer

from explainer.pack.load import load_pack
from explainer.pack.model import Pack
from explainer.pack.problems import PackError
from explainer.pack.watch import PackWatcher
from explainer.tui.history import HOME, Place

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp

POLL_SECONDS = 0.5


def watch_pack(app: ExplainerApp) -> None:
    """Start watching the app's pack directory for saves."""
    watcher = PackWatcher(app.settings.content_dir)

    def poll() -> None:
        if watcher.changed():
            app.run_worker(lambda: _read(app), thread=True, group="pack-reload", exclusive=True)

    app.set_interval(POLL_SECONDS, poll)


def _read(app: ExplainerApp) -> None:
    try:
        pack = load_pack(app.settings.content_dir, drafts=app.settings.drafts)
    except PackError as error:
        app.call_from_thread(app.notify, f"Not reloaded: {error}", severity="error", timeout=10)
        return
    app.call_from_thread(_show, app, pack)


def _show(app: ExplainerApp, pack: Pack) -> None:
    """Put the new pack in, and rebuild the page on screen at the same place and scroll."""
    app.pack = pack
    app.title = pack.title
    with suppress(AttributeError):
        del app.search_index  # a cached property: built again from the new pack when next searched
    page = app.screen
    if len(app.screen_stack) != 2 or app.history.current.kind == "quiz":
        app.notify("Pack reloaded; this screen shows the new text when you next open it.", timeout=4)
        return  # a popup or a running quiz is in front: it keeps the text it was opened with
    place = app.history.current
    if not _exists(pack, place):
        place = HOME
        app.history.replace(place)
    scroll = next(iter(page.query(ScrollableContainer)), None)
    offset = scroll.scroll_y if scroll is not None else 0.0
    new = app.screen_for(place)
    app.switch_screen(new)

    def restore() -> None:
        target = next(iter(new.query(ScrollableContainer)), None)
        if target is not None:
            target.scroll_to(y=offset, animate=False)

    new.call_after_refresh(restore)
    app.notify("Pack reloaded.", timeout=2)


def _exists(pack: Pack, place: Place) -> bool:
    """Whether the place is still in the pack (a renamed section is not)."""
    if place.kind == "section":
        return pack.section(place.id) is not None
    return True

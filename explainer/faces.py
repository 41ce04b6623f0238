"""One session, two faces: the full-screen app, and the plain menu when the student asks for it.

A student in the full-screen app who would rather have lines (a screen reader reads the line-based face best)
presses `P`, or picks *Open Plain menu* in the palette: the app ends with `PLAIN_MENU`, the same terminal turns
to ordinary lines (typed keys echoed, a line sent on Enter), and the plain menu (`plain/menu.py`) runs there;
when they leave it, the full-screen app comes back where they were. Locally (`cli`) and over SSH
(`serve/child.py`) alike, with one progress store throughout.
"""

from __future__ import annotations

import contextlib
import sys
import termios
from collections.abc import Callable, Iterator

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.settings import Settings
from explainer.tui.app import PLAIN_MENU, ExplainerApp

BACK_TO_FULL_SCREEN = "Back to the full-screen explainer."


def run_switching(
    settings: Settings,
    pack: Pack,
    run_app: Callable[[ExplainerApp], object],
    run_plain: Callable[[Settings], object] | None = None,
    store: ProgressStore | None = None,
    built: ExplainerApp | None = None,
) -> int:
    """The app (`run_app` runs it), and the plain menu whenever it is asked for, until the student quits;
    `store`: the student's progress store, if it is open already; `built`: the first app, built ahead of
    its student and given them as it ran (serve/standby.py), whose settings and store then hold."""
    from explainer.tui.app import make_app

    while True:
        app = built or make_app(settings, pack, store=store)
        run_app(app)
        if app is built:
            settings, store, built = app.settings, app.store, None
        if app.return_value != PLAIN_MENU:
            return app.return_code or 0
        with line_mode(sys.stdin.fileno()):
            (run_plain or (lambda settings: run_plain_here(settings, pack)))(settings)


def run_plain_here(settings: Settings, pack: Pack) -> None:
    """The plain menu on this process's stdin and stdout."""
    from explainer.plain.menu import run_menu

    store = settings.open_store(pack.id)
    try:
        run_menu(pack, store, sys.stdin, sys.stdout, farewell=BACK_TO_FULL_SCREEN)
    finally:
        store.close()


@contextlib.contextmanager
def line_mode(fd: int) -> Iterator[None]:
    """The terminal as a shell leaves it, for as long as the menu runs. A served pty starts raw
    (serve/terminal.py), and Textual puts back what it found: raw, with no echo and no line editing."""
    try:
        saved = termios.tcgetattr(fd)
    except termios.error:
        yield  # not a terminal: lines already
        return
    iflag, oflag, cflag, lflag, ispeed, ospeed, cc = saved
    lines = [
        iflag | termios.ICRNL,
        oflag | termios.OPOST | termios.ONLCR,
        cflag,
        (lflag | termios.ICANON | termios.ECHO | termios.ECHOE | termios.ECHOK) & ~termios.ISIG,
        ispeed,
        ospeed,
        cc,
    ]
    termios.tcsetattr(fd, termios.TCSADRAIN, lines)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)

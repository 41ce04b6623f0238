"""One student's explainer, in a process of its own on its own terminal.

Textual keeps process-wide state (signal handlers, stdout), so every session
gets a process. Normally the fork server (`forkserver`) forks it warm and calls
`run_session`; `python -m explainer.serve.child` runs one by hand, for
debugging, on the terminal it is started on. Signals from the server:

- SIGTERM: leave cleanly (the terminal is restored, progress is already saved);
- SIGUSR1: show the idle warning; SIGUSR2: take it down again;
- SIGHUP (the client is gone and the pty hung up): the default, end at once.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from explainer.serve.terminal import take_controlling_terminal

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp

SESSION_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGUSR1, signal.SIGUSR2, signal.SIGCHLD)


EXIT_FAILED = 70  # EX_SOFTWARE: the server tells the student, in one line, and logs the session as failed


FAILURES_LOG = "failures.log"


def run_session(
    settings,
    pack,
    idle_warning: int,
    first_screen: Callable[[], None] | None = None,
    store=None,
    built: ExplainerApp | None = None,
) -> int:
    """Run the explainer on this process's terminal (fds 0-2) until the student quits or is stopped;
    `first_screen` is called once the explainer's first screen is up; `store`: the student's, if open already;
    `built`: an app built ahead, given its student while it runs (serve/standby.py).

    If the app fails, nothing of the failure reaches the student's terminal (Textual would print a
    traceback with the server's paths there): one line goes to DATA_DIR/failures.log for the teacher
    and the session exits with `EXIT_FAILED`, which the server turns into one friendly line for the
    student and a `reason=\"failed (exit 70)\"` log line.
    """
    if settings.teacher:
        from explainer.tui.class_app import make_class_app

        app = make_class_app(settings, pack)
        asyncio.run(_run(app, idle_warning))
        return app.return_code or 0
    from rich.console import Console

    from explainer.faces import BACK_TO_FULL_SCREEN, run_switching
    from explainer.serve.plain import run_plain_session

    failure = io.StringIO()

    def run_app(app: ExplainerApp) -> None:
        app.error_console = Console(file=failure, markup=False, highlight=False, width=200, color_system=None)
        app.first_screen_up = first_screen
        try:
            asyncio.run(_run(app, idle_warning))
        except Exception as error:  # the loop itself failed: still never a traceback on the student's screen
            failure.write(f"{type(error).__name__}: {error}\n")

    code = run_switching(
        settings,
        pack,
        run_app,
        lambda settings: run_plain_session(settings, pack, idle_warning, farewell=BACK_TO_FULL_SCREEN),
        store,
        built,
    )
    if failure.getvalue() or code != 0:
        note_failure(settings.data_dir, _last_line(failure.getvalue()))
        return EXIT_FAILED
    return 0


def session_settings(request: dict, content_dir: Path, data_dir: Path, link: int):
    """The settings of the session a fork request asks for (forkserver.py): who, shown as what, with what
    environment (already this process's), and `link`, its socket to the class hub, or -1."""
    from explainer.settings import Settings, screen_reader_asked

    return Settings(
        content_dir=content_dir,
        data_dir=data_dir,
        user=str(request["user"]),
        served=True,
        display_name=str(request.get("name", "")),
        screen_reader=screen_reader_asked(request["env"]),  # the client's wish, passed on by child_environment
        keyed=bool(request.get("keyed")),
        teacher=request.get("role") == "teacher",
        class_fd=link if link >= 0 else None,
    )


def note_failure(data_dir: Path, what: str) -> None:
    """One line in DATA_DIR/failures.log (opened only now: a session inherits no descriptor of the log)."""
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    try:
        with open(Path(data_dir) / FAILURES_LOG, "a", encoding="utf-8") as log:
            log.write(f"{stamp} pid={os.getpid()} {what}\n")
    except OSError:
        pass  # the server still logs the failed session; only the detail is lost


def _last_line(text: str) -> str:
    """The line of a traceback that names the error."""
    lines = [line.strip(" │╭╰─") for line in text.splitlines() if line.strip(" │╭╰─")]
    return lines[-1][:200] if lines else "(no message)"


async def _run(app, idle_warning: int) -> None:
    loop = asyncio.get_running_loop()

    def warn() -> None:
        app.notify(
            (
                f"No key pressed for a while: this session closes in {idle_warning} "
                f"second{'' if idle_warning == 1 else 's'} unless you press a key."
            ),
            title="Still there?",
            severity="warning",
            timeout=max(idle_warning, 1),
        )

    loop.add_signal_handler(signal.SIGTERM, app.exit)
    loop.add_signal_handler(signal.SIGUSR1, warn)
    loop.add_signal_handler(signal.SIGUSR2, app.clear_notifications)
    await app.run_async()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="explainer.serve.child",
        description="One served explainer session on this terminal, as 'explainer serve' runs it (for debugging).",
    )
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument(
        "--idle-warning",
        type=int,
        default=0,
        metavar="SECONDS",
        help="how long before the idle timeout the warning comes",
    )
    args = parser.parse_args(argv)

    for sig in SESSION_SIGNALS:
        signal.signal(sig, signal.SIG_DFL)
    # Already ours, or not a session leader: only resizes could go unnoticed.
    with contextlib.suppress(OSError):
        take_controlling_terminal(0)

    from explainer.pack.load import load_pack
    from explainer.pack.problems import PackError
    from explainer.settings import Settings

    settings = Settings(content_dir=args.content, data_dir=args.data_dir, user=args.user, served=True)
    try:
        pack = load_pack(settings.content_dir)
    except PackError as error:
        print(f"explainer: the content pack has errors ({error}); please tell your teacher.", file=sys.stderr)
        return 1
    return run_session(settings, pack, args.idle_warning)


if __name__ == "__main__":
    sys.exit(main())

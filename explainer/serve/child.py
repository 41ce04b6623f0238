"""The process behind one SSH session: one student's explainer on its own terminal.

The server starts it as `python -I -B -m explainer.serve.child ...` in a new
session on a fresh pseudo-terminal, with an allow-listed environment. Textual
keeps process-wide state (signal handlers, stdout), so every student gets a
process of their own. Signals from the server:

- SIGTERM: leave cleanly (the terminal is restored, progress is already saved);
- SIGUSR1: show the idle warning; SIGUSR2: take it down again;
- SIGHUP (the client is gone and the pty hung up): the default, end at once.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from explainer.serve.terminal import take_controlling_terminal


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="explainer.serve.child", description="One served explainer session (started by 'explainer serve').")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--idle-warning", type=int, default=0, metavar="SECONDS", help="how long before the idle timeout the warning comes")
    args = parser.parse_args(argv)

    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    try:
        take_controlling_terminal(0)
    except OSError:
        pass  # still usable; only resizes would go unnoticed

    from explainer.pack.load import load_pack
    from explainer.pack.problems import PackError
    from explainer.settings import Settings
    from explainer.tui.app import make_app

    settings = Settings(content_dir=args.content, data_dir=args.data_dir, user=args.user, served=True)
    try:
        pack = load_pack(settings.content_dir)
    except PackError as error:
        print(f"explainer: the content pack has errors ({error}); please tell your teacher.", file=sys.stderr)
        return 1
    app = make_app(settings, pack)
    asyncio.run(_run(app, args.idle_warning))
    return 0


async def _run(app, idle_warning: int) -> None:
    loop = asyncio.get_running_loop()

    def warn() -> None:
        app.notify(
            f"No key pressed for a while: this session closes in {idle_warning} second{'' if idle_warning == 1 else 's'} unless you press a key.",
            title="Still there?",
            severity="warning",
            timeout=max(idle_warning, 1),
        )

    loop.add_signal_handler(signal.SIGTERM, app.exit)
    loop.add_signal_handler(signal.SIGUSR1, warn)
    loop.add_signal_handler(signal.SIGUSR2, app.clear_notifications)
    await app.run_async()


if __name__ == "__main__":
    sys.exit(main())

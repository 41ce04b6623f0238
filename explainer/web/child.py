"""One browser tab's explainer: the process `explainer web` starts for it (through textual-serve).

Everything it needs comes in its environment (web/server.py builds it from an
allow-list): the pack, the data dir, who signed in, and how long before the idle
timeout the warning comes. It runs exactly what an SSH session runs
(`serve.child.run_session`), with Textual's web driver instead of a terminal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> int:
    env = os.environ
    os.chdir("/")  # nothing of the server's working directory is this session's business
    from explainer.pack.cache import load_pack_cached
    from explainer.pack.problems import PackError
    from explainer.serve.child import run_session
    from explainer.settings import Settings

    settings = Settings(
        content_dir=Path(env["EXPLAINER_WEB_CONTENT"]),
        data_dir=Path(env["EXPLAINER_WEB_DATA_DIR"]),
        user=env["EXPLAINER_WEB_USER"],
        served=True,
        in_browser=True,
    )
    try:
        pack = load_pack_cached(settings.content_dir, settings.cache_dir)
    except PackError as error:
        print(f"explainer: the content pack has errors ({error}); please tell your teacher.", file=sys.stderr)
        return 1
    return run_session(settings, pack, int(env.get("EXPLAINER_WEB_IDLE_WARNING", "0")))


if __name__ == "__main__":
    sys.exit(main())

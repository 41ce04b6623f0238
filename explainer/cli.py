"""The command line: parse arguments, build what is asked for, hand over.

Each command's work lives elsewhere (`plain/`, `tui/`, `serve/`); this module
only knows their names and options, so `--help` is the whole story.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from explainer import __version__


class _Parser(argparse.ArgumentParser):
    """Bad arguments are one line naming the command, never a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _fail(message: str, code: int = 1) -> int:
    print(f"explainer: {message}", file=sys.stderr)
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="explainer", description="A terminal explainer: read, look up, and test yourself on a content pack.")
    parser.add_argument("--version", action="version", version=f"explainer {__version__}")
    _add_common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="validate a content pack", description="Validate a content pack and list every problem as file: where: what.")
    check.add_argument("directory", nargs="?", type=Path, metavar="DIR", help="the pack to check (default: the built-in pack)")
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="DIR", type=Path, help="use the content pack in DIR instead of the built-in one")
    parser.add_argument("--data-dir", metavar="DIR", type=Path, help="keep progress in DIR (default: $EXPLAINER_DATA_DIR or the user data dir)")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from explainer.settings import Settings

    settings = Settings.from_options(args.content, args.data_dir)
    try:
        if args.command == "check":
            from explainer.plain.check_report import run_check

            return run_check(args.directory or settings.content_dir, sys.stdout)
        return _run_tui(settings)
    except KeyboardInterrupt:
        return 130


def _run_tui(settings) -> int:
    from explainer.pack.load import load_pack
    from explainer.pack.problems import PackError

    try:
        pack = load_pack(settings.content_dir)
    except PackError as error:
        return _fail(f"{error} — run 'explainer check {settings.content_dir}' for the full list")
    from explainer.tui.app import make_app

    make_app(settings, pack).run()
    return 0

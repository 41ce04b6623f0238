"""The command line: parse arguments, build what is asked for, hand over.

Each command's work lives elsewhere (`plain/`, `tui/`, `serve/`); this module
only knows their names and options, so `--help` is the whole story.
"""

from __future__ import annotations

import argparse
import io
import os
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
    _add_plain_commands(commands)
    _add_quiz_commands(commands)
    return parser


PLAIN_COMMANDS = ("read", "glossary", "export")


def _add_plain_commands(commands) -> None:
    """read, glossary and export: the pack on stdout or in a file, without the full-screen app."""
    read = commands.add_parser("read", help="print the walkthrough, or one section", description="Print every section in order, or one section, as text. Plain text (no escape codes) when piped, under NO_COLOR, or with --plain; glossary terms are marked * and defined after each section.")
    read.add_argument("section", nargs="?", metavar="SECTION", help="a section id or number (default: every section)")
    glossary = commands.add_parser("glossary", help="look up a term, or list every term", description="Print a glossary term (by id, name or alias, any case) or every term: definition, how the articles use it, see also, and the sections that use it.")
    glossary.add_argument("term", nargs="*", metavar="TERM", help="a term's id, name or alias, quoted or not (default: every term)")
    for sub in (read, glossary):
        sub.add_argument("--plain", action="store_true", help="plain text: no colours or styles, even on a terminal")
    export = commands.add_parser("export", help="write the whole pack as one Markdown or HTML file", description="Write every section, term, timeline event and perspective as one self-contained document whose links all work inside it.")
    export.add_argument("--format", choices=("markdown", "html"), help="the document format (default: from FILE's extension, .md or .html)")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="where to write it ('-' for stdout); replaced in one step")
    for sub in (read, glossary, export):
        sub.add_argument("--content", metavar="DIR", type=Path, default=argparse.SUPPRESS, help="use the content pack in DIR instead of the built-in one")


def _add_quiz_commands(commands) -> None:
    """quiz and scores: testing yourself, and what everyone scored."""
    quiz = commands.add_parser("quiz", help="test yourself: a quiz in the app, or line by line with --plain", description="A quiz with feedback after every answer. Without an option: questions from the whole pack. Your answers are kept, for review of mistakes and spaced review.")
    quiz.add_argument("--plain", action="store_true", help="line-based on stdin and stdout, for pipes and screen readers: answer by number or letter (the default when stdin or stdout is not a terminal)")
    quiz.add_argument("--count", type=_positive, metavar="N", help="how many questions (default: 10, or 5 with --section; every one due or wrong for --due and --mistakes)")
    quiz.add_argument("--seed", type=int, metavar="S", help="the same seed asks the same questions in the same order")
    which = quiz.add_mutually_exclusive_group()
    which.add_argument("--section", metavar="ID", help="check yourself on one section (its id or number)")
    which.add_argument("--mistakes", action="store_true", help="review the questions you last answered wrongly")
    which.add_argument("--due", action="store_true", help="spaced review: the questions due for review now")
    scores = commands.add_parser("scores", help="a table of quiz results per user", description="For each user with progress in the data dir: quizzes taken, best and last score, mastery, and questions due for review.")
    scores.add_argument("--plain", action="store_true", help="plain text: no colours or styles, even on a terminal")
    quiz.add_argument("--content", metavar="DIR", type=Path, default=argparse.SUPPRESS, help="use the content pack in DIR instead of the built-in one")
    for sub in (quiz, scores):
        sub.add_argument("--data-dir", metavar="DIR", type=Path, default=argparse.SUPPRESS, help="where progress lives (default: $EXPLAINER_DATA_DIR or the user data dir)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' should be 1 or more")
    return value


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
        if args.command in PLAIN_COMMANDS:
            return _run_plain(args, settings)
        if args.command in ("quiz", "scores"):
            return _run_quiz(args, settings)
        return _run_tui(settings)
    except KeyboardInterrupt:
        return 130


def _run_plain(args: argparse.Namespace, settings) -> int:
    """Load the pack, run read/glossary/export, and turn every expected failure into one line."""
    from explainer.plain.errors import OutputError, UsageError

    pack = _load_pack(settings)
    if pack is None:
        return 1
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")  # a '?' beats a traceback where stdout is not UTF-8
    try:
        code = _plain_command(args, pack)
        sys.stdout.flush()
        return code
    except UsageError as error:
        return _fail(str(error), 2)
    except OutputError as error:
        return _fail(str(error))
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _plain_command(args: argparse.Namespace, pack) -> int:
    """Hand over to the command's module, imported only now so startup stays fast."""
    if args.command == "read":
        from explainer.plain.read import run_read

        return run_read(pack, args.section, sys.stdout, plain=args.plain)
    if args.command == "glossary":
        from explainer.plain.glossary import run_glossary

        return run_glossary(pack, " ".join(args.term), sys.stdout, plain=args.plain)
    from explainer.plain.export import run_export

    return run_export(pack, args.format, args.output)


def _run_quiz(args: argparse.Namespace, settings) -> int:
    """`scores`, or a quiz: line-based with --plain (or without a terminal), else in the app."""
    if args.command == "scores":
        from explainer.plain.scores import run_scores

        return run_scores(settings.data_dir, sys.stdout, plain=args.plain)
    pack = _load_pack(settings)
    if pack is None:
        return 1
    from explainer.plain.errors import UsageError
    from explainer.plain.lookup import find_section
    from explainer.quiz.selection import QuizRequest

    try:
        section = find_section(pack, args.section).id if args.section else ""
    except UsageError as error:
        return _fail(str(error), 2)
    mode = "section" if section else "mistakes" if args.mistakes else "due" if args.due else "full"
    request = QuizRequest(mode, section, args.count, args.seed)
    if args.plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
        from explainer.plain.quiz import run_quiz
        from explainer.progress.store import ProgressStore

        store = ProgressStore(settings.data_dir, settings.user)
        try:
            return run_quiz(pack, request, store, sys.stdin, sys.stdout)
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 141
        finally:
            store.close()
    from explainer.tui.app import make_app

    app = make_app(settings, pack)
    app.first_quiz = request
    app.run()
    return 0


def _load_pack(settings):
    """The pack, or None once its first problem is said in one line (the full list is `check`'s job)."""
    from explainer.pack.load import load_pack
    from explainer.pack.problems import PackError

    try:
        return load_pack(settings.content_dir)
    except PackError as error:
        _fail(f"{error} — run 'explainer check {settings.content_dir}' for the full list")
        return None


def _run_tui(settings) -> int:
    pack = _load_pack(settings)
    if pack is None:
        return 1
    from explainer.tui.app import make_app

    make_app(settings, pack).run()
    return 0

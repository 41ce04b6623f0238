"""The command line: parse arguments, build what is asked for, hand over.

Each command's work lives elsewhere (`plain/`, `tui/`, `serve/`); this module
only knows their names and options, so `--help` is the whole story.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gc
import io
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, cast

from explainer import __version__
from explainer.record import replace

WARM_DEFAULT = 8  # `serve --warm`: sessions built ahead (serve/standby.py), about 17 MB each while they wait


class _Parser(argparse.ArgumentParser):
    """Bad arguments are one line naming the command, never a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _fail(message: str, code: int = 1) -> int:
    print(f"explainer: {message}", file=sys.stderr)
    return code


class _Commands(argparse._SubParsersAction):
    """The commands, each one's parser built only once it is given: building all eleven was 3-10 ms of every
    launch, which names none. `--help` lists them all by their one-line help, and an unknown one is refused
    naming them all, as with argparse's own. (What it uses of argparse's insides, `_name_parser_map`,
    `_choices_actions` and `_ChoicesPseudoAction`, is the same from Python 3.2 to 3.13.)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._commands: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {}
        self.choices = self._commands  # every command a choice, built or not (argparse's are only those built)

    def add_command(
        self, name: str, help: str, description: str, options: Callable[[argparse.ArgumentParser], None]
    ) -> None:
        self._commands[name] = (description, options)
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))  # its line in --help

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: Any = None
    ) -> None:
        name = values[0]
        if name not in self._name_parser_map:
            description, options = self._commands[name]
            options(self.add_parser(name, description=description))
        super().__call__(parser, namespace, values, option_string)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="explainer", description="A terminal explainer: read, look up, and test yourself on a content pack."
    )
    parser.add_argument("--version", action="version", version=f"explainer {__version__}")
    _add_common(parser)
    commands = cast(
        _Commands, parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, action=_Commands)
    )
    for name, (help, description, options) in COMMANDS.items():
        commands.add_command(name, help, description, options)
    return parser


def _check(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "directory", nargs="?", type=Path, metavar="DIR", help="the pack to check (default: the built-in pack)"
    )
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too (for CI)")
    check.add_argument(
        "--explain", action="store_true", help="print the pack format: every file and field, required or optional"
    )
    _add_content_option(check, "check the content pack in DIR (the same as giving DIR)")


def _new(new: argparse.ArgumentParser) -> None:
    new.add_argument("directory", type=Path, metavar="DIR", help="the folder to create")
    new.add_argument("--title", help="the pack's title (default: 'My pack'; change it in DIR/pack.toml)")


PLAIN_COMMANDS = ("read", "glossary", "export")  # the pack on stdout or in a file, without the full-screen app


def _read(read: argparse.ArgumentParser) -> None:
    read.add_argument("section", nargs="?", metavar="SECTION", help="a section id or number (default: every section)")
    _add_plain_option(read)
    _add_content_option(read)
    _add_drafts_option(read)
    _add_watch_option(read)


def _glossary(glossary: argparse.ArgumentParser) -> None:
    glossary.add_argument(
        "term", nargs="*", metavar="TERM", help="a term's id, name or alias, quoted or not (default: every term)"
    )
    _add_plain_option(glossary)
    _add_content_option(glossary)
    _add_drafts_option(glossary)


def _export(export: argparse.ArgumentParser) -> None:
    export.add_argument(
        "--format",
        choices=("markdown", "html"),
        help="the document format (default: from FILE's extension, .md or .html)",
    )
    export.add_argument(
        "--quiz",
        choices=("worksheet", "key"),
        help="instead of the pack: its questions as a printable worksheet, or the answer key (HTML)",
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="FILE",
        help="where to write it ('-' for stdout); replaced in one step",
    )
    _add_content_option(export)
    _add_drafts_option(export)


def _add_content_option(
    parser: argparse.ArgumentParser, help: str = "use the content pack in DIR instead of the built-in one"
) -> None:
    """`--content DIR` after the command as well as before it: `explainer check --content DIR` works too."""
    parser.add_argument("--content", metavar="DIR", type=Path, default=argparse.SUPPRESS, help=help)


def _add_data_dir_option(parser: argparse.ArgumentParser, what: str = "where progress lives") -> None:
    """`--data-dir DIR` after the command as well as before it."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help=f"{what} (default: $EXPLAINER_DATA_DIR or the user data dir)",
    )


def _add_plain_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plain", action="store_true", help="plain text: no colours or styles, even on a terminal")


def _add_drafts_option(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    parser.add_argument(
        "--drafts",
        action="store_true",
        default=default,
        help="show sections marked draft = true too (an author's preview; students never see them)",
    )


def _quiz(quiz: argparse.ArgumentParser) -> None:
    quiz.add_argument(
        "--plain",
        action="store_true",
        help=(
            "line-based on stdin and stdout, for pipes and screen readers: answer by number or letter (the default "
            "when stdin or stdout is not a terminal)"
        ),
    )
    quiz.add_argument(
        "--count",
        type=_positive,
        metavar="N",
        help="how many questions (default: 10, or 5 with --section; every one due or wrong for --due and --mistakes)",
    )
    quiz.add_argument("--seed", type=int, metavar="S", help="the same seed asks the same questions in the same order")
    which = quiz.add_mutually_exclusive_group()
    which.add_argument("--section", metavar="ID", help="check yourself on one section (its id or number)")
    which.add_argument("--mistakes", action="store_true", help="review the questions you last answered wrongly")
    which.add_argument("--due", action="store_true", help="spaced review: the questions due for review now")
    _add_content_option(quiz)
    _add_data_dir_option(quiz)


def _scores(scores: argparse.ArgumentParser) -> None:
    view = scores.add_mutually_exclusive_group()
    view.add_argument(
        "--by-question",
        action="store_true",
        help="per question: times asked, %% right, the most common wrong answer, median time; worst first",
    )
    view.add_argument("--by-section", action="store_true", help="a grid of each student's mastery of each section")
    view.add_argument("--student", metavar="NAME", help="one student's answers, newest first")
    scores.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default="table",
        help="table (default), csv for a spreadsheet, or json for scripts",
    )
    scores.add_argument(
        "--since",
        type=_since,
        metavar="DATE",
        help="only what happened from DATE on (YYYY-MM-DD, or 'YYYY-MM-DD HH:MM')",
    )
    _add_plain_option(scores)
    _add_content_option(scores)
    _add_data_dir_option(scores)


def _plain(plain: argparse.ArgumentParser) -> None:
    _add_content_option(plain)
    _add_data_dir_option(plain)


def _serve(serve: argparse.ArgumentParser) -> None:
    _add_listening_options(serve, 2222, "this machine only; 0.0.0.0 for the class")
    serve.add_argument(
        "--host-key",
        type=Path,
        metavar="PATH",
        help="the server's ed25519 host key, made on first start (default: DATA_DIR/ssh_host_ed25519_key)",
    )
    serve.add_argument(
        "--login-timeout",
        type=_seconds,
        default=30,
        metavar="SECONDS",
        help="time allowed to log in and open a terminal (default: 30)",
    )
    serve.add_argument(
        "--max-session-memory",
        type=_positive,
        default=150,
        metavar="MB",
        help="end a session whose own memory passes this, and tell the student why (default: 150)",
    )
    serve.add_argument(
        "--warm",
        type=_count,
        default=WARM_DEFAULT,
        metavar="N",
        help=(
            "keep N sessions built ahead, so a class connecting at once sees the explainer at once; each waits"
            f" with about 17 MB of memory; as many as the class for a whole class in the same second, 0 none"
            f" (default: {WARM_DEFAULT})"
        ),
    )
    serve.add_argument(
        "--auth",
        choices=("none", "keys"),
        default=None,
        help=(
            "none: anyone enters, progress kept per SSH user name (a demo, not a security boundary); keys: only keys "
            "in --authorized-keys, progress kept per key (default: keys with --authorized-keys, else none)"
        ),
    )
    serve.add_argument(
        "--authorized-keys",
        type=Path,
        metavar="PATH",
        help="the public keys that may enter, in OpenSSH authorized_keys format (implies --auth keys)",
    )
    serve.add_argument(
        "--teachers",
        type=Path,
        metavar="PATH",
        help=(
            "teachers' public keys (OpenSSH authorized_keys format): a connection with one gets the class view,"
            " whatever --auth is"
        ),
    )
    _add_content_option(serve, "serve the content pack in DIR instead of the built-in one (drafts left out)")
    _add_data_dir_option(serve, "where progress and the host key live")


def _class(class_view: argparse.ArgumentParser) -> None:
    _add_content_option(class_view, "the content pack the server serves, if not the built-in one")
    _add_data_dir_option(class_view, "the data dir the server was started with")


def _add_listening_options(parser: argparse.ArgumentParser, port: int, where: str) -> None:
    """What `serve` and `web` share: the address and port, and the limits on sessions (in total, per address,
    and the idle timeout)."""
    parser.add_argument("--host", default="127.0.0.1", help=f"the address to listen on (default: 127.0.0.1, {where})")
    parser.add_argument("--port", type=_port, default=port, help=f"the port to listen on (default: {port})")
    parser.add_argument(
        "--max-sessions", type=_positive, default=50, metavar="N", help="sessions at once, in total (default: 50)"
    )
    parser.add_argument(
        "--max-per-address",
        type=_positive,
        default=5,
        metavar="N",
        help="sessions at once from one address (default: 5)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=_seconds,
        default=900,
        metavar="SECONDS",
        help="end a session after this long without a key press, with a warning first; 0 never (default: 900)",
    )


def _web(web: argparse.ArgumentParser) -> None:
    _add_listening_options(web, 8000, "this machine only, e.g. behind a reverse proxy")
    web.add_argument(
        "--auth",
        choices=("none", "password", "passwords"),
        default="none",
        help=(
            "none: anyone enters, progress kept per name typed (a demo, not a security boundary); password: the"
            " class password in --passwords too; passwords: each student's own, 'name: password' lines in"
            " --passwords, progress per listed name (default: none)"
        ),
    )
    web.add_argument("--passwords", type=Path, metavar="FILE", help="with --auth password or passwords: the file")
    web.add_argument(
        "--behind-proxy",
        action="store_true",
        help="take each student's address and https from the reverse proxy's X-Forwarded-For and X-Forwarded-Proto",
    )
    _add_content_option(web, "serve the content pack in DIR instead of the built-in one")
    _add_data_dir_option(web)


# Each command: its line in `explainer --help`, the description its own --help begins with, and its options.
COMMANDS: dict[str, tuple[str, str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": (
        "validate a content pack",
        "Validate a content pack and list every problem as file: where: what.",
        _check,
    ),
    "new": (
        "write a starter pack to edit",
        "Write a small, commented content pack into DIR (a new or empty folder) that passes 'explainer check': every "
        "file says which fields are required, with one example of every question type.",
        _new,
    ),
    "read": (
        "print the walkthrough, or one section",
        "Print every section in order, or one section, as text. Plain text (no escape codes) when piped, under "
        "NO_COLOR, or with --plain; glossary terms are marked * and defined after each section.",
        _read,
    ),
    "glossary": (
        "look up a term, or list every term",
        "Print a glossary term (by id, name or alias, any case) or every term: definition, how the articles use it, "
        "see also, and the sections that use it.",
        _glossary,
    ),
    "export": (
        "write the whole pack as one Markdown or HTML file",
        "Write every section, term, timeline event and perspective as one self-contained document whose links all "
        "work inside it.",
        _export,
    ),
    "quiz": (
        "test yourself: a quiz in the app, or line by line with --plain",
        "A quiz with feedback after every answer. Without an option: questions from the whole pack. Your answers are "
        "kept, for review of mistakes and spaced review.",
        _quiz,
    ),
    "scores": (
        "the teacher's report: quiz results per student, question or section",
        "The teacher's report on one pack (the built-in one, or --content DIR) over every student's progress in the "
        "data dir, read only. Default: per student, sections read, quizzes taken, score, mastery, items due, "
        "struggling items and when last seen.",
        _scores,
    ),
    "plain": (  # what `ssh -T` gets from `serve`
        "the whole explainer line by line: numbered menus, for screen readers and pipes",
        "The explainer as plain lines on stdin and stdout: a numbered menu (walkthrough, a section by number, "
        "glossary, quiz, mistakes, spaced review), answered by number or letter. Progress is kept as in the "
        "full-screen app.",
        _plain,
    ),
    "serve": (  # the SSH-served demo, one explainer per student and nothing else
        "serve the explainer to a class over SSH",
        "An SSH server that gives every connection its own explainer, and nothing else: no shell, no commands, no "
        "file transfer, no forwarding. Students connect with 'ssh -p PORT HOST'.",
        _serve,
    ),
    "class": (
        "the class view on the server machine: who is connected, and where",
        "The teacher's class view for the server running on DATA_DIR (the screen a teacher's key gets over SSH): "
        "every connected student, where they are and how long idle. With no server running, it says so.",
        _class,
    ),
    "web": (  # through textual-serve, one process per tab
        "serve the explainer to a class's browsers",
        "A web server that gives every browser tab its own explainer, in a process of its own, after the student "
        "signs in with a name. Run it behind an HTTPS reverse proxy (see the README). Needs: pip install "
        "'explainer[web]'.",
        _web,
    ),
}


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1-65535)")
    return int(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"'{text}' should be 0 or more seconds")
    return value


def _since(text: str) -> float:
    """A local date (its midnight) or date and time, as a timestamp."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(text.strip()).timestamp()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD, or 'YYYY-MM-DD HH:MM')") from None


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' should be a whole number, 0 or more")
    return int(text)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' should be 1 or more")
    return value


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--screen-reader",
        action="store_true",
        help="screen-reader mode (Orca, NVDA, VoiceOver, BRLTTY): the cursor on what has focus, no drawing"
        " characters, keys in words; also EXPLAINER_SCREEN_READER=1; remembered (default: as you left it)",
    )
    parser.add_argument(
        "--content",
        metavar="DIR",
        type=Path,
        help="use the content pack in DIR instead of the built-in one (or set EXPLAINER_CONTENT=DIR)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="keep progress in DIR (default: $EXPLAINER_DATA_DIR or the user data dir)",
    )
    _add_drafts_option(parser, default=False)
    _add_watch_option(parser, default=False)


def _add_watch_option(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    parser.add_argument(
        "--watch",
        action="store_true",
        default=default,
        help="reload the pack whenever one of its files is saved, keeping your place (for authors)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from explainer.settings import Settings, screen_reader_asked

    asked = getattr(args, "screen_reader", False) or screen_reader_asked(os.environ)
    settings = replace(
        Settings.from_options(args.content, args.data_dir, screen_reader=asked), drafts=args.drafts, watch=args.watch
    )
    try:
        if args.command == "check":
            from explainer.plain.check_report import explain_format, run_check

            if args.explain:
                return explain_format(sys.stdout)
            directory = args.directory or settings.content_dir
            return run_check(directory, sys.stdout, strict=args.strict, cache_dir=settings.data_dir / "cache")
        if args.command == "new":
            return _run_new(args)
        if args.command in PLAIN_COMMANDS:
            return _run_plain(args, settings)
        if args.command in ("quiz", "scores"):
            return _run_quiz(args, settings)
        if args.command == "plain":
            return _run_plain_menu(settings)
        if args.command == "serve":
            return _run_serve(args, settings)
        if args.command == "web":
            return _run_web(args, settings)
        if args.command == "class":
            return _run_class(settings)
        return _run_tui(settings)
    except KeyboardInterrupt:
        return 130


def _run_new(args: argparse.Namespace) -> int:
    """Write the starter pack and say the next three commands."""
    from explainer.pack.starter import StarterError, make_starter

    try:
        files = make_starter(args.directory, args.title)
    except StarterError as error:
        return _fail(str(error))
    where = shlex.quote(str(args.directory))
    steps = [
        (f"explainer check {where}", "what is wrong, as file: where: what"),
        (f"explainer --content {where} --drafts --watch", "read it as students will; reloads on save"),
        ("explainer check --explain", "the format: every file and field"),
        (f"explainer serve --content {where}", "serve it to a class over SSH"),
    ]
    width = max(len(command) for command, _ in steps)
    print(f"explainer: wrote a starter pack in {args.directory} ({len(files)} files). Next:")
    for command, what in steps:
        print(f"  {command.ljust(width)}   {what}")
    return 0


def _run_plain(args: argparse.Namespace, settings) -> int:
    """Load the pack, run read/glossary/export, and turn every expected failure into one line."""
    from explainer.plain.errors import OutputError, UsageError

    pack = _load_pack(settings)
    if pack is None:
        return 1
    _replace_unencodable()
    try:
        code = _plain_command(args, pack, settings)
        sys.stdout.flush()
        return code
    except UsageError as error:
        return _fail(str(error), 2)
    except OutputError as error:
        return _fail(str(error))
    except BrokenPipeError:
        return _stdout_gone()


def _replace_unencodable() -> None:
    """A '?' beats a traceback where stdout is not UTF-8."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="replace")


def _stdout_gone() -> int:
    """The reader of a pipe left (`| head`): say nothing more, and exit as a closed pipe does."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 141


def _plain_command(args: argparse.Namespace, pack, settings) -> int:
    """Hand over to the command's module, imported only now so startup stays fast."""
    if args.command == "read":
        from explainer.plain.read import run_read

        if args.watch:
            from explainer.plain.read import watch_read

            return watch_read(settings, args.section, sys.stdout, plain=args.plain)
        return run_read(pack, args.section, sys.stdout, plain=args.plain)
    if args.command == "glossary":
        from explainer.plain.glossary import run_glossary

        return run_glossary(pack, " ".join(args.term), sys.stdout, plain=args.plain, command=settings.command)
    from explainer.plain.export import run_export

    return run_export(pack, args.format, args.output, args.quiz)


def _run_quiz(args: argparse.Namespace, settings) -> int:
    """`scores`, or a quiz: line-based with --plain (or without a terminal), else in the app."""
    pack = _load_pack(settings)
    if pack is None:
        return 1
    if args.command == "scores":
        from explainer.plain.scores import View, run_scores

        view: View = (
            "questions"
            if args.by_question
            else "sections"
            if args.by_section
            else "student"
            if args.student
            else "students"
        )
        try:
            return run_scores(
                settings.data_dir,
                pack,
                sys.stdout,
                view=view,
                student=args.student or "",
                fmt=args.format,
                since=args.since,
                plain=args.plain,
            )
        except BrokenPipeError:
            return _stdout_gone()
    from explainer.plain.errors import UsageError
    from explainer.plain.lookup import find_section
    from explainer.quiz.selection import Mode, QuizRequest

    try:
        section = find_section(pack, args.section).id if args.section else ""
    except UsageError as error:
        return _fail(str(error), 2)
    mode: Mode = "section" if section else "mistakes" if args.mistakes else "due" if args.due else "full"
    request = QuizRequest(mode, section, args.count, args.seed)
    if args.plain or _dumb_terminal() or not (sys.stdin.isatty() and sys.stdout.isatty()):
        from explainer.plain.quiz import run_quiz
        from explainer.progress.store import ProgressStore

        store = ProgressStore(settings.data_dir, settings.user, pack_id=pack.id)
        try:
            return run_quiz(pack, request, store, sys.stdin, sys.stdout, command=settings.command)
        except BrokenPipeError:
            return _stdout_gone()
        finally:
            store.close()
    from explainer.tui.app import make_app

    app = make_app(settings, pack, first_quiz=request)
    app.run()
    return 0


def _run_plain_menu(settings) -> int:
    """`explainer plain`: the line-based explainer on this process's stdin and stdout."""
    pack = _load_pack(settings)
    if pack is None:
        return 1
    from explainer.plain.menu import run_menu
    from explainer.progress.store import ProgressStore

    _replace_unencodable()
    store = ProgressStore(settings.data_dir, settings.user, pack_id=pack.id)
    try:
        return run_menu(pack, store, sys.stdin, sys.stdout)
    except BrokenPipeError:
        return _stdout_gone()
    finally:
        store.close()


def _load_pack(settings, cached: bool = False):
    """The pack, or None once its first problem is said in one line (the full list is `check`'s job).

    `cached`: from the data dir's cache when its files have not changed (pack/cache.py), for a fast start.
    With `--drafts`, the sections marked draft too (an author's preview; never cached).
    """
    from explainer.pack.problems import PackError

    try:
        if cached and not settings.drafts:
            from explainer.pack.cache import load_pack_cached

            return load_pack_cached(settings.content_dir, settings.cache_dir)
        from explainer.pack.load import load_pack  # not on a start from the cache: it never reads TOML

        return load_pack(settings.content_dir, drafts=settings.drafts)
    except PackError as error:
        _fail(f"{error} — run 'explainer check {shlex.quote(str(settings.content_dir))}' for the full list")
        return None


def _dumb_terminal() -> bool:
    """A terminal that cannot draw the full-screen app (no cursor moves, no colours): TERM=dumb or none."""
    return os.environ.get("TERM", "") in ("", "dumb", "unknown")


def _run_tui(settings) -> int:
    if _dumb_terminal():
        print(
            f"TERM={os.environ.get('TERM', '')!s} cannot show the full-screen explainer; here is the line-based one "
            "('explainer plain'). Also: 'explainer read', 'explainer quiz --plain'.",
            file=sys.stderr,
        )
        return _run_plain_menu(settings)
    # Start-up only makes objects that live as long as the app, so a collection finds nothing to
    # free and costs 10-20 ms of the launch; the app turns collection on once its first screen is up.
    gc.disable()
    pack = _load_pack(settings, cached=True)
    if pack is None:
        return 1
    # The progress store is opened beside the import of the app: opening it is mostly waiting for the disk
    # (its checkpoint is synced), 15-30 ms of the launch that the import's work now covers.
    opening = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    store = opening.submit(settings.open_store, pack.id)
    from explainer.faces import run_switching

    opening.shutdown()
    return run_switching(settings, pack, lambda app: app.run(), store=store.result())


def _run_class(settings) -> int:
    pack = _load_pack(settings)
    if pack is None:
        return 1
    from explainer.tui.class_app import make_class_app

    make_class_app(settings, pack).run()
    return 0


def _listening(args: argparse.Namespace, settings) -> dict[str, Any]:
    """What `serve` and `web` share (`_add_listening_options`): `ClassServerOptions`' fields (serve/startup.py)."""
    return dict(
        content_dir=settings.content_dir,
        data_dir=settings.data_dir,
        host=args.host,
        port=args.port,
        max_sessions=args.max_sessions,
        max_per_address=args.max_per_address,
        idle_timeout=args.idle_timeout,
    )


def _run_serve(args: argparse.Namespace, settings) -> int:
    try:
        from explainer.serve.server import ServeError, ServeOptions, run_server
    except ModuleNotFoundError as error:
        if error.name != "asyncssh":
            raise
        return _fail("serving needs the asyncssh library: pip install 'explainer[serve]'")
    if args.auth == "keys" and args.authorized_keys is None:
        return _fail("--auth keys needs --authorized-keys FILE (one public key per student, OpenSSH format)", 2)
    if args.auth == "none" and args.authorized_keys is not None:
        return _fail("--authorized-keys needs --auth keys (or leave --auth out): with --auth none anyone enters", 2)
    auth = args.auth or ("keys" if args.authorized_keys is not None else "none")
    options = ServeOptions(
        **_listening(args, settings),
        host_key=args.host_key,
        login_timeout=args.login_timeout,
        max_session_memory=args.max_session_memory,
        warm=args.warm,
        auth=auth,
        authorized_keys=args.authorized_keys,
        teachers=args.teachers,
    )
    try:
        return run_server(options)
    except ServeError as error:
        return _fail(str(error))


def _run_web(args: argparse.Namespace, settings) -> int:
    try:
        from explainer.serve.startup import StartError
        from explainer.web.server import WebOptions, run_web
    except ModuleNotFoundError as error:
        if error.name not in ("textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"):
            raise
        return _fail("the browser face needs textual-serve: pip install 'explainer[web]'")
    if args.auth != "none" and args.passwords is None:
        return _fail(f"--auth {args.auth} needs --passwords FILE", 2)
    options = WebOptions(
        **_listening(args, settings),
        auth=args.auth,
        passwords=args.passwords,
        behind_proxy=args.behind_proxy,
    )
    try:
        return run_web(options)
    except StartError as error:
        return _fail(str(error))

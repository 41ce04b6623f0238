"""`explainer export`: the whole pack as one Markdown or HTML file, written atomically."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

from explainer.pack.model import Pack
from explainer.pack.problems import plural
from explainer.plain.errors import OutputError, UsageError

FORMATS = ("markdown", "html")
_SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def run_export(pack: Pack, fmt: str | None, output: Path, quiz: str | None = None) -> int:
    """Write the pack to `output` ('-' is stdout) in `fmt`, or in the format its suffix names.

    `quiz`: instead of the pack, its questions as a printable 'worksheet' or answer 'key' (HTML).
    """
    fmt = fmt or _SUFFIXES.get(output.suffix.lower())
    if fmt not in FORMATS:
        raise UsageError(f"cannot tell the format from '{output}': add --format markdown or --format html")
    if quiz and fmt != "html":
        raise UsageError(f"--quiz {quiz} is a printable page: use --format html (or a .html file)")
    text = render(pack, fmt, quiz)
    if str(output) == "-":
        sys.stdout.write(text)
        return 0
    write_atomically(output, text)
    if quiz:
        counts = f"{plural(len(pack.questions), 'question')}"
    else:
        counts = ", ".join(
            plural(n, noun)
            for n, noun in [
                (len(pack.sections), "section"),
                (len(pack.terms), "term"),
                (len(pack.events), "event"),
                (len(pack.topics), "topic"),
            ]
        )
    print(f"explainer: wrote {output} ({quiz or fmt}: {counts})", file=sys.stderr)
    return 0


def render(pack: Pack, fmt: str, quiz: str | None = None) -> str:
    """The document text; each format's module is imported only when asked for."""
    if quiz:
        from explainer.plain.export_worksheet import worksheet_document

        return worksheet_document(pack, quiz)
    if fmt == "html":
        from explainer.plain.export_html import html_document

        return html_document(pack)
    from explainer.plain.export_markdown import markdown_document

    return markdown_document(pack)


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` in one step, so no reader sees half a file and a failure keeps the old one."""
    if path.is_symlink():
        path = path.resolve()
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, _mode_for(path))
        os.replace(temp, path)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual ones (mkstemp's are 0600)."""
    with suppress(OSError):
        return stat.S_IMODE(path.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask

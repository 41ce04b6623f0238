"""Noticing that an author saved a file of the pack, for `--watch` (the app and `read`).

Polling a few dozen files' sizes and times costs well under a millisecond, needs
no library, and sees an editor's save-by-rename as well as an in-place write.
"""

from __future__ import annotations

from pathlib import Path

from explainer.pack.layout import NOT_AUTHORED, SECTIONS_DIR

Signature = tuple[tuple[str, int, int], ...]


def files_signature(directory: Path) -> Signature:
    """Every file of the pack (and any stray beside them) with its size and time: it changes when one is saved."""
    entries = []
    for folder in (directory, directory / SECTIONS_DIR):
        try:
            paths = sorted(folder.iterdir())
        except OSError:
            continue
        for path in paths:
            if NOT_AUTHORED.search(path.name):
                continue  # an editor's swap and backup files come and go while the author types
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file():
                entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(entries)


class PackWatcher:
    """Says whether the pack's files changed since it last looked."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._seen = files_signature(directory)

    def changed(self) -> bool:
        now = files_signature(self.directory)
        if now == self._seen:
            return False
        self._seen = now
        return True

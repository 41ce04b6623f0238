"""Scans of a pack's texts kept on disk, so `explainer check` parses only the texts changed since it last ran.

Parsing the default pack's 240 Markdown texts (and importing the parser) is most of what `check` does, and an
author checks after each edit, which changes a text or two. A scan (pack/markdown.py) depends on nothing but its
text and the code that makes it, so the scans are kept under a name made from that code (pack/markdown.py,
markdown-it's files, explainer's version) and looked up by the text itself: a scan found is the one a parse would give,
and `check` stays as strict as ever. The file is written again only when a text was scanned afresh, keeping only
the scans this run used; a cache that cannot be read or written is no error: then every text is parsed.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.util import find_spec
from pathlib import Path

import explainer
from explainer.pack import markdown
from explainer.pack.cache import fingerprint, store_replacing


@contextmanager
def scans_kept(cache_dir: Path) -> Iterator[None]:
    """While inside, `markdown.scan` finds earlier runs' scans in `cache_dir`; on leaving, the ones used are kept."""
    path = cache_dir / f"scans-{_code_fingerprint()}.pickle"
    earlier: dict[str, markdown.Scan] = {}
    try:
        loaded = pickle.loads(path.read_bytes())
        if isinstance(loaded, dict):
            earlier = loaded
    except Exception:  # missing, half-written, or not ours: parse everything
        pass
    used: dict[str, markdown.Scan] = {}
    markdown.kept_scans = (earlier, used)
    try:
        yield
    finally:
        markdown.kept_scans = None
    if set(used) - set(earlier):
        store_replacing(used, path, "scans-*.pickle", keep=1)


def _code_fingerprint() -> str:
    """A name that changes whenever the code that makes a scan does."""
    spec = find_spec("markdown_it")  # found, not imported: a check with every scan kept never loads it
    code = [markdown.__file__, spec.origin if spec is not None else None]
    return fingerprint([file for file in code if file], explainer.__version__)

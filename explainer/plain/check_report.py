"""`explainer check`: a pack's problems, one per line, then the summary line other tools read."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TextIO

from explainer.locations import pack_format_doc
from explainer.pack.load import read_pack
from explainer.pack.problems import errors, plural
from explainer.pack.scan_cache import scans_kept


def run_check(directory: Path, out: TextIO, *, strict: bool = False, cache_dir: Path | None = None) -> int:
    """Every problem, then `N sections, N terms, N questions, N links, N errors[, N warnings]`.

    Exit 1 on any error; warnings (for the author: an unused term, a section nothing
    links to) exit 0 so a preview is never blocked, unless `strict` (for CI).
    """
    with scans_kept(cache_dir) if cache_dir is not None else nullcontext():  # parse only what changed
        pack, problems = read_pack(directory, drafts=True)
        links = pack.links.count if pack else 0
    for problem in sorted(problems, key=lambda p: p.is_warning):
        print(problem, file=out)
    failed = errors(problems)
    warned = len(problems) - len(failed)
    counts = (len(pack.sections), len(pack.terms), len(pack.questions), links) if pack else (0, 0, 0, 0)
    parts = [plural(n, noun) for n, noun in zip(counts, ("section", "term", "question", "link"), strict=True)]
    drafts = sum(s.draft for s in pack.sections) if pack else 0
    if drafts:
        parts[0] += f" ({drafts} draft{'s' if drafts != 1 else ''}, shown with --drafts)"
    parts.append(plural(len(failed), "error"))
    if warned:
        parts.append(plural(warned, "warning"))
    print(", ".join(parts), file=out)
    return 1 if failed or (strict and warned) else 0


def explain_format(out: TextIO) -> int:
    """The pack format's reference, as installed with the package."""
    out.write(pack_format_doc().read_text(encoding="utf-8"))
    return 0

"""`explainer check`: a pack's problems, one per line, then the summary line other tools read."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from explainer.pack.load import read_pack


def run_check(directory: Path, out: TextIO) -> int:
    """Print every problem and `N sections, N terms, N questions, N links, N errors`; 1 on any error."""
    pack, problems = read_pack(directory)
    for problem in problems:
        print(problem, file=out)
    counts = (len(pack.sections), len(pack.terms), len(pack.questions), pack.links.count) if pack else (0, 0, 0, 0)
    print("{} sections, {} terms, {} questions, {} links, {} errors".format(*counts, len(problems)), file=out)
    return 1 if problems else 0

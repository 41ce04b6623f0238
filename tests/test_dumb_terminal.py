"""TERM=dumb cannot draw the full-screen app: the explainer says so in one line and gives the line-based one."""

from __future__ import annotations

import io
import os
import sys

import pytest
from conftest import REPO, STARTER


@pytest.mark.parametrize("term", ["dumb", ""])
def test_a_dumb_terminal_gets_one_line_and_the_line_based_explainer(term: str, tmp_path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env.update(TERM=term, EXPLAINER_DATA_DIR=str(tmp_path))
    child = pexpect.spawn(sys.executable, ["-m", "explainer", "--content", str(STARTER)], env=env, cwd=REPO, timeout=30)
    child.logfile_read = seen = io.BytesIO()
    try:
        child.expect("cannot show the full-screen explainer")
        child.expect(r"quiz --plain")
        child.expect(r"\?|:|>")  # the plain menu's prompt
        child.sendeof()
        child.expect(pexpect.EOF)
    finally:
        child.terminate(force=True)
    output = seen.getvalue()
    assert b"\x1b[?1049h" not in output and b"\x1b[?1000h" not in output  # no alternate screen, no mouse
    assert b"\x1b[38;2;" not in output  # no 24-bit colour

"""From the full-screen app to the plain menu and back, on a real terminal: locally and over SSH.

`P` (or the palette's "Open Plain menu") leaves the full screen for the line-based menu on the same terminal,
with echo and line editing; quitting the menu brings the full-screen app back, and what was read in the menu is
in the same progress store.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect
import pytest
from conftest import CONTENT
from plain_cli import clean_env
from serve_harness import SSH, ServedExplainer

from explainer.pack.load import load_pack
from explainer.progress.store import ProgressStore
from explainer.settings import Settings, local_user
from explainer.tui.app import make_app

PACK = load_pack(CONTENT)


def read_section_one_in_the_menu(terminal: pexpect.spawn) -> None:
    """On the home screen: P, then section 1 by number, then back to the full screen."""
    terminal.expect("Walkthrough")
    terminal.send("P")
    terminal.expect("Main menu:")
    terminal.expect(r"7\. Back to the full-screen explainer \(q\)")
    terminal.sendline("2")
    terminal.expect("Section number")
    terminal.sendline("1")
    terminal.expect(PACK.sections[0].id)  # "Section 1 of 15 (overview)"
    terminal.sendline("m")
    terminal.expect("Main menu:")
    terminal.sendline("q")
    terminal.expect("Back to the full-screen explainer. Your progress is saved.")
    terminal.expect("Resume where you left off")  # the full-screen home, which knows what was read
    terminal.send("q")
    terminal.expect(pexpect.EOF)
    terminal.close()


def test_locally_p_opens_the_plain_menu_and_quitting_it_comes_back(tmp_path: Path) -> None:
    terminal = pexpect.spawn(
        sys.executable,
        ["-m", "explainer", "--data-dir", str(tmp_path)],
        dimensions=(30, 100),
        env=clean_env(),
        timeout=60,
    )
    read_section_one_in_the_menu(terminal)
    assert terminal.exitstatus == 0
    assert ProgressStore(tmp_path, local_user(), pack_id=PACK.id).sections_read() == {PACK.sections[0].id}


@pytest.mark.skipif(SSH is None, reason="needs the OpenSSH client (.ci/run installs it)")
def test_over_ssh_p_opens_the_plain_menu_with_echo_and_comes_back(tmp_path: Path) -> None:
    served = ServedExplainer(tmp_path)
    try:
        terminal = served.terminal(user="yan")
        read_section_one_in_the_menu(terminal)
        assert terminal.exitstatus == 0
    finally:
        served.stop()
    assert ProgressStore(served.data_dir, "yan", pack_id=PACK.id).sections_read() == {PACK.sections[0].id}


async def test_the_palette_offers_it_and_a_browser_tab_does_not(tmp_path: Path) -> None:
    for in_browser in (False, True):
        settings = Settings(content_dir=CONTENT, data_dir=tmp_path, user="ada", in_browser=in_browser)
        async with make_app(settings, PACK).run_test(size=(100, 30)) as pilot:
            assert pilot.app.check_action("plain_menu", ()) is (not in_browser)
            if not in_browser:
                await pilot.press("P")
                await pilot.pause()
                assert pilot.app.return_value == "plain menu"

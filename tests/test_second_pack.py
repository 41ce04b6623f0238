"""A second pack on another subject (the Antarctic Treaty, one source) through every face.

The app, `read`, `glossary`, the exports, the worksheet and key, the plain quiz,
`scores` and `serve` all run on it, so that nothing written for the default
pack (its two articles, its subject, its wording) comes back unnoticed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from plain_cli import clean_env, run_explainer
from serve_harness import SSH, ServedExplainer
from waits import tab_to

from explainer.pack.load import load_pack
from explainer.pack.model import Pack
from explainer.plain.export_worksheet import sheet_items
from explainer.quiz.questions import letter
from explainer.settings import Settings
from explainer.tui.app import make_app
from explainer.tui.screens.home import HomeScreen
from explainer.tui.screens.perspectives import PerspectivesScreen
from explainer.tui.screens.section import SectionScreen

ANTARCTIC = Path(__file__).parent / "fixtures" / "antarctic-pack"
DEFAULT_PACK_WORDS = re.compile(r"Trump|Putin|North Korea|Korea Times|articles|experts|Asia")


@pytest.fixture
def antarctic() -> Pack:
    return load_pack(ANTARCTIC)


def words(text: str) -> str:
    return " ".join(text.split())


def test_it_checks_clean_even_strictly() -> None:
    result = run_explainer("check", "--strict", str(ANTARCTIC))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == ["4 sections, 5 terms, 4 questions, 26 links, 0 errors"]


def test_read_shows_this_pack_only_and_leaks_no_asterisks() -> None:
    result = run_explainer("--content", str(ANTARCTIC), "read", "--plain")
    assert result.returncode == 0, result.stderr
    text = words(result.stdout)
    assert "Who Owns Antarctica?" in text and "4 sections." in text
    assert not DEFAULT_PACK_WORDS.search(text), DEFAULT_PACK_WORDS.search(text)
    # a term first met inside italics leaves no stray emphasis marks, and no mark of its own
    assert "may name observers. They have complete freedom" in text
    assert "*" not in text
    assert "(see section 4)" in text  # a section link says where, without its id


def test_glossary_wording_fits_a_one_source_pack() -> None:
    result = run_explainer("--content", str(ANTARCTIC), "glossary", "observer", "--plain")
    assert "In the text: Article VII gives them complete freedom of access." in words(result.stdout)
    assert not DEFAULT_PACK_WORDS.search(result.stdout)


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_exports_are_this_pack_with_every_anchor_present(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"pack.{'md' if fmt == 'markdown' else 'html'}"
    result = run_explainer("--content", str(ANTARCTIC), "export", "--format", fmt, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "4 sections, 5 terms, 2 events, 1 topic" in result.stderr
    text = out.read_text()
    assert "Who Owns Antarctica?" in text and "Think about it." in text and "In the text:" in text
    assert not DEFAULT_PACK_WORDS.search(text), DEFAULT_PACK_WORDS.search(text)
    ids = set(re.findall(r'id="([^"]+)"', text))
    targets = set(re.findall(r"\(#([a-z0-9-]+)[ )]", text) + re.findall(r'href="#([^"]+)"', text))
    assert targets and targets <= ids, targets - ids


def test_worksheet_and_key_agree(tmp_path: Path, antarctic: Pack) -> None:
    sheet, key = tmp_path / "sheet.html", tmp_path / "key.html"
    for kind, path in (("worksheet", sheet), ("key", key)):
        result = run_explainer("--content", str(ANTARCTIC), "export", "--quiz", kind, "-o", str(path))
        assert result.returncode == 0 and "4 questions" in result.stderr, result.stderr
    worksheet, answers = sheet.read_text(), key.read_text()
    assert "Name:" in worksheet and "Answer: <span" in worksheet
    items = sheet_items(antarctic)
    for question, item in items:
        assert item.prompt in worksheet and item.prompt in answers
        assert item.explanation not in worksheet and item.explanation in answers
        if question.type == "choice":
            right = item.solution[0]
            assert f"{letter(right)}) {item.options[right]}</li>" in worksheet
            assert f'<span class="answer">{letter(right)}) {question.answer}</span>' in answers
    assert run_explainer("--content", str(ANTARCTIC), "export", "--quiz", "key", "-o", str(sheet)).stdout == ""
    assert sheet.read_text() == answers  # the same pack prints the same key


def test_plain_quiz_and_scores(tmp_path: Path) -> None:
    data = tmp_path / "data"
    command = ["--content", str(ANTARCTIC), "quiz", "--plain", "--section", "claims", "--seed", "3"]
    quiz = subprocess.run(
        [sys.executable, "-m", "explainer", *command, "--data-dir", str(data)],
        input="V\n" * 8,
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(),
    )
    assert quiz.returncode == 0, quiz.stderr
    assert f"(explainer --content {ANTARCTIC} read 3)" in quiz.stdout
    assert not DEFAULT_PACK_WORDS.search(quiz.stdout)
    scores = run_explainer("scores", "--plain", "--data-dir", str(data), "--content", str(ANTARCTIC))
    assert scores.returncode == 0, scores.stderr
    assert "“Who Owns Antarctica?” (pack antarctic-treaty)" in scores.stdout
    lines = scores.stdout.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.strip().startswith("─"))
    row = lines[rule + 1].split()  # the one student: this pack's 4 sections, one quiz, its one question wrong
    assert row[1:4] == ["0/4", "1", "0%"], lines


async def test_the_app_walks_this_pack(tmp_path: Path) -> None:
    settings = Settings(content_dir=ANTARCTIC, data_dir=tmp_path / "data", user="student")
    app = make_app(settings, load_pack(ANTARCTIC))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        menu = str(app.screen.query_one("OptionList").get_option("perspectives").prompt)
        assert menu == "Perspectives — who says what, and on what basis"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == "peaceful-use"
        await pilot.press("v")
        await pilot.pause()
        assert "Think about it." in app.screen.query_one("Reader").source


async def test_a_topic_link_opens_the_perspectives_there(tmp_path: Path) -> None:
    settings = Settings(content_dir=ANTARCTIC, data_dir=tmp_path / "data", user="student")
    app = make_app(settings, load_pack(ANTARCTIC))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "n", "n")
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == "claims"
        assert app.screen.query_one("#links").links[-1] == "topic:ownership"  # "Perspectives: Whose land?"
        await tab_to(pilot, "topic:ownership")  # Tab through the links in the page itself
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PerspectivesScreen) and app.screen.item_id == "ownership"


@pytest.mark.skipif(SSH is None, reason="needs the OpenSSH client (.ci/run installs it)")
def test_served_over_ssh(tmp_path: Path) -> None:
    pack = Path(shutil.copytree(ANTARCTIC, tmp_path / "pack"))
    served = ServedExplainer(tmp_path, "--content", str(pack))
    try:
        assert "Who Owns Antarctica?" in served.banner
        client = served.terminal(user="ada")
        client.expect("Who Owns Antarctica")
        client.expect("who says what")
        client.send("q")
        client.expect(pexpect.EOF, timeout=20)
    finally:
        assert served.stop() == 0


def test_the_plain_menu_suggests_no_command_line(tmp_path: Path) -> None:
    """A student in the menu (locally, or over `ssh -T`) has no shell: feedback points at sections, not commands."""
    answers = "4\n" + "A B C D\nA B C\nA B\nA\n" * 12 + "q\n"
    menu = subprocess.run(
        [sys.executable, "-m", "explainer", "--content", str(ANTARCTIC), "plain", "--data-dir", str(tmp_path)],
        input=answers,
        capture_output=True,
        text=True,
        timeout=120,
        env=clean_env(),
    )
    assert menu.returncode == 0, menu.stderr
    assert "Read more: section" in menu.stdout and "Score: " in menu.stdout
    assert "(explainer" not in menu.stdout
    assert not DEFAULT_PACK_WORDS.search(menu.stdout), DEFAULT_PACK_WORDS.search(menu.stdout)

"""Shared fixtures: every test gets its own data dir; packs are real directories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from explainer.pack.load import load_pack
from explainer.pack.model import Pack
from explainer.quiz.selection import QuizRequest
from explainer.settings import Settings
from explainer.tui.app import ExplainerApp, make_app

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
STARTER = Path(__file__).parent / "fixtures" / "starter-pack"


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's progress."""
    data = tmp_path / "data"
    monkeypatch.setenv("EXPLAINER_DATA_DIR", str(data))
    monkeypatch.delenv("EXPLAINER_CONTENT", raising=False)
    return data


@pytest.fixture(autouse=True)
def pause_waits_for_the_queues(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pilot.pause()` trusts a CPU-time idle guess that a starved process on a loaded machine passes early (it
    looks idle while its messages wait): so every pause also waits until no message is queued (tests/waits.py)."""
    from textual.pilot import Pilot
    from waits import queues_drained

    textual_pause = Pilot.pause

    async def pause(self: Pilot, delay: float | None = None) -> None:
        await textual_pause(self, delay)
        if delay is None:
            await queues_drained(self)

    monkeypatch.setattr(Pilot, "pause", pause)


@pytest.fixture
def starter_pack() -> Pack:
    """A small frozen pack, so screen tests do not change when the real content grows."""
    return load_pack(STARTER)


@pytest.fixture
def real_pack() -> Pack:
    return load_pack(CONTENT)


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A writable copy of the starter pack, for tests that break it on purpose."""
    return Path(shutil.copytree(STARTER, tmp_path / "pack"))


@pytest.fixture
def make_explainer(isolated_data_dir: Path):
    """Build the app exactly as the CLI does, for a given pack and user."""

    def build(pack: Pack, user: str = "student", first_quiz: QuizRequest | None = None) -> ExplainerApp:
        settings = Settings(content_dir=STARTER, data_dir=isolated_data_dir, user=user)
        return make_app(settings, pack, first_quiz=first_quiz)

    return build


def prompts(options) -> list[str]:
    """What an OptionList offers, in order, as its text."""
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def timeline_shown(pilot) -> list[str]:
    """Open the timeline (t) and what it lists, as shown."""
    from textual.widgets import OptionList

    from explainer.tui.screens.timeline import TimelineScreen

    await pilot.press("t")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TimelineScreen)
    return prompts(pilot.app.screen.query_one("#items", OptionList))


async def palette_prompts(pilot, query: str = "", *, key: str = "ctrl+p") -> list[str]:
    """Open the command palette (or with `key`, the theme picker), type `query`, and the prompts it offers once
    its search has finished."""
    from textual.command import CommandList, CommandPalette
    from textual.widgets import Input
    from waits import settled, until

    app = pilot.app
    await pilot.press(key)
    await until(
        lambda: isinstance(app.screen, CommandPalette) and isinstance(app.focused, Input), "the palette", pilot=pilot
    )
    palette = app.screen
    await pilot.press(*query)
    await settled(pilot)  # the palette searches in a worker, started by each key's change
    assert palette.query_one(Input).value == query
    options = palette.query_one(CommandList)
    return [prompt.split("\n")[0] for prompt in prompts(options)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    """One `explainer serve` with the defaults, shared by a test module's tests; it must stop cleanly."""
    from serve_harness import ServedExplainer

    served = ServedExplainer(tmp_path_factory.mktemp("serve"))
    yield served
    assert served.stop() == 0


@pytest.fixture
def served(tmp_path: Path):
    """`explainer serve`s with options of the test's choosing (`served("--warm", "2")`), a data dir each, stopped
    after."""
    from serve_harness import ServedExplainer

    started: list[ServedExplainer] = []

    def start(*options: str) -> ServedExplainer:
        base = tmp_path / f"server-{len(started)}"  # a data dir each: one server per data dir
        base.mkdir()
        started.append(ServedExplainer(base, *options))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def screens():
    """Real `ssh` clients in tmux panes (class_harness.Screen), closed after."""
    from class_harness import Screen

    opened: list[Screen] = []

    def open_screen(*args, **kwargs) -> Screen:
        opened.append(Screen(*args, **kwargs))
        return opened[-1]

    yield open_screen
    for screen in opened:
        screen.close()


@pytest.fixture
def own_server(tmp_path: Path):
    """An `explainer serve` with options of the test's choosing (`own_server("--max-sessions", "1")`), stopped after."""
    from serve_harness import ServedExplainer

    started: list[ServedExplainer] = []

    def start(*options: str) -> ServedExplainer:
        started.append(ServedExplainer(tmp_path, *options))
        return started[-1]

    yield start
    for served in started:
        served.stop()

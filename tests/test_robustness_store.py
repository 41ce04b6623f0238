"""A corrupt progress store met by the real app: one warning, the old file kept aside, the app usable.

The store's own handling is tested in test_progress_store.py; here the student's
view of it: the app starts, says so in one line, and goes on saving progress.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from waits import until

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore, store_file_name
from explainer.tui.screens.home import HomeScreen
from explainer.tui.screens.section import SectionScreen

JUNK = b"SQLite format 3\x00" + bytes(range(256)) * 16  # a header that promises a database, then garbage


def toasts(app) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast") if isinstance(toast, Static)]


async def test_a_corrupt_store_is_reported_once_kept_aside_and_replaced(
    starter_pack: Pack, make_explainer, isolated_data_dir: Path
) -> None:
    store = isolated_data_dir / "progress" / store_file_name("student")
    store.parent.mkdir(parents=True)
    store.write_bytes(JUNK)
    app = make_explainer(starter_pack)
    app.places.stay_factor = 0  # any stay counts: the section is read once the student moves on
    async with app.run_test(size=(100, 30), notifications=True) as pilot:  # tests hide toasts unless asked
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        (warning,) = [text for text in toasts(app) if "progress store" in text]
        assert "kept it as" in warning and "started a new one" in warning
        await pilot.press("enter")  # and the app goes on: the walkthrough, progress saved
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)
        await pilot.press("h")
        await until(lambda: app.store.sections_read(), "the section marked read", pilot=pilot)
    (kept,) = [p for p in store.parent.iterdir() if ".broken-" in p.name]
    assert kept.read_bytes() == JUNK
    assert ProgressStore(isolated_data_dir, "student", pack_id=starter_pack.id).sections_read() == {"overview"}


async def test_an_empty_or_truncated_store_is_no_crash(
    starter_pack: Pack, make_explainer, isolated_data_dir: Path
) -> None:
    store = isolated_data_dir / "progress" / store_file_name("student")
    store.parent.mkdir(parents=True)
    for content in (b"", JUNK[:100]):
        store.write_bytes(content)
        app = make_explainer(starter_pack)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, SectionScreen)

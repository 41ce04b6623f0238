"""The progress store as a class server needs it: private files, names that cannot meet, and a file that
fails under a running session told to the student at once with nothing lost. Real SQLite files."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import Static
from waits import until

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore, store_file_name
from explainer.tui.screens.section import SectionScreen

JUNK = b"SQLite format 3\x00" + bytes(range(256)) * 16


def test_store_files_are_private_and_never_look_like_options(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, "-rf", pack_id="p")
    store.put("theme", "x")
    assert not store.path.name.startswith(("-", "."))
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert all(not name.startswith("-") for name in (store_file_name("--help"), store_file_name("-")))


def test_a_user_named_after_a_key_never_opens_that_keys_store(tmp_path: Path) -> None:
    fingerprint = "SHA256:g6RGJLRAG4tfhaUlSsqcT1CzMCZ69Rv+a+R2vVYN858"
    keyed = ProgressStore(tmp_path, fingerprint, pack_id="p", keyed=True)
    keyed.record_quiz("full", 9, 10)
    named = ProgressStore(tmp_path, fingerprint, pack_id="p")  # --auth none, that name typed
    assert named.path != keyed.path and named.quizzes() == []
    assert [q.score for q in ProgressStore(tmp_path, fingerprint, pack_id="p", keyed=True).quizzes()] == [9]


def test_a_store_made_before_namespaces_is_adopted_by_its_key(tmp_path: Path) -> None:
    fingerprint = "SHA256:abc+def/ghi"
    ProgressStore(tmp_path, fingerprint, pack_id="p").record_quiz("full", 3, 4)  # as an older server kept it
    assert [q.score for q in ProgressStore(tmp_path, fingerprint, pack_id="p", keyed=True).quizzes()] == [3]
    assert ProgressStore(tmp_path, fingerprint, pack_id="p").quizzes() == []


def test_a_file_that_fails_in_use_is_set_aside_renewed_and_the_answer_kept(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path, "ada", pack_id="p")
    told = []
    store.on_problem = told.append
    store.record_answer("q1", "s1", True, mode="full")
    store.path.write_bytes(JUNK)  # broken under the open connection
    store.record_answer("q2", "s1", False, mode="full")
    (warning,) = told
    assert str(tmp_path) not in str(warning) and "failed while in use" in str(warning)
    assert warning.moved_to is not None and warning.moved_to.read_bytes().startswith(JUNK[:100])
    assert [a.item_id for a in ProgressStore(tmp_path, "ada", pack_id="p").answers()] == ["q2"]


async def test_the_student_is_told_at_once_and_reading_goes_on(
    starter_pack: Pack, make_explainer, isolated_data_dir: Path
) -> None:
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        app.store.path.write_bytes(JUNK)
        await pilot.press("enter", "end")  # the walkthrough, read to the end of its first section: marked read
        assert isinstance(app.screen, SectionScreen)

        def shown() -> list[str]:
            return [str(toast.render()) for toast in app.screen.query("Toast") if isinstance(toast, Static)]

        await until(lambda: any("failed while in use" in text for text in shown()), "the notice", pilot=pilot)
        assert all(str(isolated_data_dir) not in text for text in shown()), shown()
    assert ProgressStore(isolated_data_dir, "student", pack_id=starter_pack.id).sections_read()

"""What one run of the explainer is set up with, passed in rather than read from globals."""

from __future__ import annotations

import getpass
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from explainer import locations
from explainer.record import Record

if TYPE_CHECKING:
    from explainer.progress.store import ProgressStore


def local_user() -> str:
    """The OS user name, the identity progress is kept under when run locally."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "student"


class Settings(Record):
    """Everything the app needs to know about where it runs and for whom.

    `served` is true inside the SSH demo: nothing may then reach the server
    (no browser, no screenshots, no files outside the user's progress store).
    """

    content_dir: Path
    data_dir: Path
    user: str
    served: bool = False
    display_name: str = ""  # what `explainer scores` shows, when `user` is a key fingerprint
    in_browser: bool = False  # `explainer web`: a link to the outside may open in a new tab of the student's browser
    screen_reader: bool = False  # asked for (--screen-reader, EXPLAINER_SCREEN_READER); else as last left
    drafts: bool = False  # show sections marked draft (the author's preview); never when served
    watch: bool = False  # reload the pack when one of its files is saved (the author's preview)
    keyed: bool = False  # `user` is a key fingerprint (`serve --auth keys`): its store is in the key namespace
    teacher: bool = False  # served to a teacher's key: the class view, not the explainer
    class_fd: int | None = None  # served: this session's socket to the class hub (explainer/classroom)

    @classmethod
    def from_options(
        cls,
        content: str | Path | None = None,
        data: str | Path | None = None,
        user: str | None = None,
        served: bool = False,
        screen_reader: bool = False,
    ) -> Settings:
        return cls(
            content_dir=Path(content) if content else locations.default_content_dir(),
            data_dir=locations.data_dir(data),
            user=user or local_user(),
            served=served,
            screen_reader=screen_reader,
        )

    @property
    def command(self) -> str:
        """How to start the explainer on this pack again: hints and suggested commands begin with it.

        'explainer' for the built-in pack, else 'explainer --content DIR', so a command a
        student copies from feedback opens the pack they were reading, not the default one.
        """
        if self.content_dir.resolve() == locations.default_content_dir().resolve():
            return "explainer"
        return f"explainer --content {shlex.quote(str(self.content_dir))}"

    @property
    def cache_dir(self) -> Path:
        """Where a local start keeps what it can skip next time: the checked pack, the parsed CSS."""
        return self.data_dir / "cache"

    def open_store(self, pack_id: str) -> ProgressStore:
        """This user's progress store on the pack `pack_id` (made if new), under the data dir."""
        from explainer.progress.store import ProgressStore

        return ProgressStore(self.data_dir, self.user, self.display_name, pack_id=pack_id, keyed=self.keyed)


SCREEN_READER_VARIABLE = "EXPLAINER_SCREEN_READER"


def screen_reader_asked(environment: Mapping[str, str]) -> bool:
    """`EXPLAINER_SCREEN_READER=1` (anything but empty or 0) asks for the full-screen app's screen-reader mode."""
    return environment.get(SCREEN_READER_VARIABLE, "") not in ("", "0")

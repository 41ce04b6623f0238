"""The class view: every connected student, live, and how the class does on the pack.

What the hub says (a `class` snapshot at least every two seconds) fills the
table of students; the class's saved results are read again whenever a
student's progress file changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from explainer.classroom.protocol import Message as Payload
from explainer.classroom.results import ClassResults, progress_stamp, read_results
from explainer.pack.model import Pack
from explainer.tui.commands import CLASS_VIEW, bindings
from explainer.tui.screens.page import Page
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.header import Header

if TYPE_CHECKING:
    from explainer.classroom.live import LivePlan
    from explainer.tui.class_app import ClassApp

STUDENT_COLUMNS = ("Student", "Connected", "Now in", "Read", "Latest quiz", "Idle")
QUESTION_COLUMNS = ("Question", "Asked", "Right", "Most common wrong answer", "Median time")
RESULTS_SECONDS = 2.0  # how often the progress files are looked at (read again only when changed)
SHOWN = 10  # questions and struggling items listed


class ClassScreen(Page):
    """Who is connected, where they are, how long idle; the class's weak spots below."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(CLASS_VIEW)

    def __init__(self, pack: Pack, data_dir: Path) -> None:
        super().__init__()
        self.pack = pack
        self.data_dir = data_dir
        self.students: list[Payload] = []
        self.results = ClassResults()
        self._stamp: tuple | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="class"):
            yield Static("Connecting to the class…", id="class-summary", classes="muted")
            table: DataTable = DataTable(id="students", cursor_type="row", zebra_stripes=True)
            table.add_columns(*STUDENT_COLUMNS)
            yield table
            yield Static("How the class answers, worst first", classes="heading")
            questions: DataTable = DataTable(id="questions", cursor_type="row", zebra_stripes=True)
            questions.add_columns(*QUESTION_COLUMNS)
            yield questions
            yield Static("Weakest sections", classes="heading")
            yield Static("No answers yet.", id="weakest", classes="muted")
            yield Static("Struggling items (wrong 4 times or more)", classes="heading")
            yield Static("None.", id="struggling", classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self._look_at_results()
        self.set_interval(RESULTS_SECONDS, self._look_at_results)

    def _look_at_results(self) -> None:
        stamp = progress_stamp(self.data_dir)
        if stamp != self._stamp:
            self._stamp = stamp
            self._read_results()

    @work(thread=True, exclusive=True, group="results")
    def _read_results(self) -> None:
        """Every store is read off the app's thread: the class view stays responsive while it is."""
        results = read_results(self.data_dir, self.pack)
        self.app.call_from_thread(self._show_results, results)

    def _show_results(self, results: ClassResults) -> None:
        self.results = results
        pack = self.pack
        table = self.query_one("#questions", DataTable)
        table.clear()
        for row in results.questions[:SHOWN]:
            wrong = f"{row.common_wrong} ({row.common_wrong_count})" if row.common_wrong else "—"
            median = f"{row.median_seconds:.0f} s" if row.median_seconds is not None else "—"
            table.add_row(_cut(row.prompt, 50), str(row.asked), f"{row.percent}%", _cut(wrong, 40), median)
        weakest = [
            f"{pack.section_position(section_id) + 1}. {_cut(section.question, 70)}  {mastery}"
            for section_id, mastery in results.weakest[:3]
            if (section := pack.section(section_id))
        ]
        self.query_one("#weakest", Static).update("\n".join(weakest) or "No answers yet.")
        struggling = [
            f"{_cut(item.label, 60)}  ({', '.join(item.students)}; reread section "
            f"{pack.section_position(item.section_id) + 1})"
            for item in results.struggling[:SHOWN]
        ]
        self.query_one("#struggling", Static).update("\n".join(struggling) or "None.")

    def action_live_quiz(self) -> None:
        """Choose what to ask; the live quiz then runs on its own screen, over this one."""
        from explainer.tui.screens.live_setup import LiveSetup

        app = cast("ClassApp", self.app)
        if app.link is None:
            self.notify(f"A live quiz needs the server running: {app.hub_problem}", severity="warning")
            return
        self._prepare(0)
        self.app.push_screen(LiveSetup(self.pack, self._prepare), self._start_live_quiz)

    def _prepare(self, teams: int) -> None:
        """Every student's screen says "about to start" (and is ready) while the teacher chooses; with teams, in
        which team each student is."""
        cast("ClassApp", self.app).send({"t": "prepare", "teams": teams})

    def _start_live_quiz(self, plan: LivePlan | None) -> None:
        """The first question goes to the class at once; the teacher's screen for it is made after."""
        from explainer.classroom.live import LiveRun
        from explainer.tui.screens.live_host import LiveHostScreen

        app = cast("ClassApp", self.app)
        run = LiveRun(self.pack, plan) if plan is not None else None
        ask = run.next_ask() if run is not None else None
        if run is None or ask is None:
            app.send({"t": "cancel"})  # the students' "about to start" comes down
            if plan is not None:
                self.notify("Nothing to ask there: that section has no quiz questions.", severity="warning")
            return
        if not app.send(ask):
            self.notify(f"A live quiz needs the server running: {app.hub_problem}", severity="warning")
            return
        self.app.push_screen(LiveHostScreen(run))

    def heard(self, payload: Payload) -> None:
        """What the hub said: the class as it is now, or that it is gone."""
        if payload["t"] == "class":
            self._show_students(payload.get("students") or [])
        elif payload["t"] == "gone":
            self._show_students([])
            self.query_one("#class-summary", Static).update(str(payload.get("why", "")))

    def _show_students(self, students: list[Payload]) -> None:
        self.students = students
        table = self.query_one("#students", DataTable)
        # In screen-reader mode times are in whole minutes: a row read out changes only when the student does.
        coarse = cast("ClassApp", self.app).screen_reader.on
        shown = {str(s["id"]): _student_cells(s, self.pack.sections, coarse) for s in students}
        for key in [str(k.value) for k in table.rows if str(k.value) not in shown]:
            table.remove_row(key)
        for key, cells in shown.items():
            if key not in table.rows:
                table.add_row(*cells, key=key)
                continue
            for column, value in zip(table.columns, cells, strict=True):
                if table.get_cell(key, column) != value:
                    table.update_cell(key, column, value, update_width=True)
        count = len(students)
        summary = f"{count} student{'' if count == 1 else 's'} connected" if count else "No students connected yet."
        self.query_one("#class-summary", Static).update(summary)


def _student_cells(student: Payload, sections: tuple, coarse: bool = False) -> tuple[str, ...]:
    return (
        str(student.get("name") or "?"),
        _duration(student.get("connected"), coarse),
        str(student.get("where") or "—") + (f" · team {student['team']}" if student.get("team") else ""),
        f"{student.get('read', 0)}/{len(sections)}",
        str(student.get("score") or "—"),
        _duration(student.get("idle"), coarse),
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _duration(seconds: object, coarse: bool = False) -> str:
    """'8 s', '3 min', '1 h 05 min': coarse enough not to flicker, fine enough to spot the idle; `coarse`:
    'under 1 min' for the first minute."""
    if not isinstance(seconds, int):
        return "—"
    if seconds < 60 and coarse:
        return "under 1 min"
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"

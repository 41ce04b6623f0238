"""A quiz in the app: one question at a time, feedback after each answer, results at the end.

The screen only shows a `QuizSession` and passes the student's keys to it. It is
kept while the quiz runs (tui/running_quiz.py), so a feedback link can be followed
and `back` returns to the quiz exactly where it was.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static
from textual.widgets.option_list import Option

from explainer.pack.model import Link, Pack
from explainer.quiz.feedback import feedback, how_to_answer, slot_joint
from explainer.quiz.questions import QuizItem
from explainer.quiz.resume import snapshot, state_key
from explainer.quiz.selection import QuizRequest
from explainer.quiz.session import Outcome, QuizSession
from explainer.tui.commands import QUIZ, bindings
from explainer.tui.glyphs import GLYPHS, glyphs
from explainer.tui.history import HOME
from explainer.tui.messages import Navigate, StartQuiz
from explainer.tui.screens.page import Page
from explainer.tui.widgets.answer import AnswerPanel, mark
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.hanging import Hanging, HangingLines
from explainer.tui.widgets.header import Header
from explainer.tui.widgets.link_list import LinkList
from explainer.tui.widgets.option_list import OptionList


class QuizScreen(Page):
    """Asks the session's items; number and letter keys answer, Enter goes on."""

    PLACE = "quiz"

    BINDINGS: ClassVar[list[BindingType]] = bindings(QUIZ)
    HELP = """\
**Answer** with a number or letter (T or F for true or false), or highlight one and
press Enter. Typed answers: type, then Enter. Matching and ordering: a number picks
the slot, a letter fills it, U undoes. I gives a hint.

**Then** N or Enter goes on; L jumps to the sections that teach it.
"""

    def __init__(self, pack: Pack, session: QuizSession) -> None:
        super().__init__()
        self.pack = pack
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="quiz"):
            yield Static(id="quiz-progress", classes="muted")
            yield Static(id="quiz-prompt", classes="title")
            yield Static(id="quiz-how", classes="muted")
            yield AnswerPanel(id="quiz-answer")
            with Vertical(id="feedback"):
                yield Static(id="verdict")
                yield Static(id="feedback-detail")
                yield Static(id="explanation")
                yield Static("Learn more (l or Tab, then Enter):", classes="heading", id="feedback-links-heading")
                yield LinkList(id="feedback-links")
                yield Button("Next question (Enter)", id="next", variant="primary")
            with Vertical(id="results"):
                yield Static(id="results-score", classes="title")
                yield Static(id="results-sections")
                yield Static(
                    "Worth rereading (Enter opens; back returns here):", classes="heading", id="reread-heading"
                )
                yield LinkList(id="reread")
                yield Static("What next?", classes="heading")
                yield OptionList(id="results-menu")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.session.title
        self.show_current()
        self._keep()

    def _keep(self) -> None:
        """Keep the quiz as it stands, so a restart can resume it (cleared once it is finished)."""
        store = self.session.store
        if store is not None:
            store.put(state_key(store), snapshot(self.session))

    @property
    def panel(self) -> AnswerPanel:
        return self.query_one(AnswerPanel)

    # what is on screen

    def show_current(self) -> None:
        """Show the current item (unanswered, or with its feedback), or the results."""
        item = self.session.current
        self.query_one("#results").display = item is None
        for selector in ("#quiz-progress", "#quiz-prompt", "#quiz-how"):
            self.query_one(selector).display = item is not None
        if item is None:
            self.panel.hide()
            self.query_one("#feedback").display = False
            self._show_results()
        else:
            self._show_question(item)
            if self.session.outcome is not None:
                self._show_feedback(self.session.outcome)
        self.refresh_bindings()

    def _show_question(self, item: QuizItem) -> None:
        session = self.session
        self._show_progress(item)
        self.query_one("#quiz-prompt", Static).update(item.prompt)
        self.query_one("#quiz-how", Static).update(how_to_answer(item, keys=True))
        self.query_one("#feedback").display = False
        self.panel.ask(item, session.hinted)
        self.query_one("#quiz").scroll_home(animate=False)

    def _show_progress(self, item: QuizItem) -> None:
        """Where the quiz is and the score, counting the answer just given (its feedback shows it)."""
        session = self.session
        self.query_one("#quiz-progress", Static).update(
            f"Question {session.position + 1} of {session.total} · {item.type_label} · {session.score} right so far"
        )

    def _show_feedback(self, outcome: Outcome) -> None:
        item, grade, panel = outcome.item, outcome.grade, self.panel
        if item.type in ("choice", "true_false"):
            chosen = outcome.response if isinstance(outcome.response, int) else None
            panel.fill_choices(right=item.solution[0], chosen=chosen)
        panel.stop_answering()
        self._show_progress(item)
        said = feedback(outcome)
        verdict = self.query_one("#verdict", Static)
        verdict.set_class(grade.correct, "right")
        verdict.set_class(not grade.correct, "wrong")
        # The verdict says it in words: its mark is only drawn (screen-reader mode blanks it).
        verdict.update(
            mark(self.app, grade.correct, said.verdict + ("!" if grade.correct else "."), drawn=True).content
            + "".join(f"  ({note})" for note in said.notes)
        )
        joint = slot_joint(item, drawn=glyphs(self.app) is GLYPHS)  # in screen-reader mode, words: no arrow blanked
        slots = [mark(self.app, slot.right, slot.line(joint)) for slot in said.slots]
        detail = self.query_one("#feedback-detail", Static)
        detail.update(HangingLines([*(Hanging("", line) for line in said.lines), *slots]))
        detail.display = not grade.correct or grade.forgiven
        self.query_one("#explanation", Static).update(item.explanation)
        links = [(self._link_label(link), link) for link in item.links if self._link_label(link)]
        self.query_one("#feedback-links", LinkList).show_links(links)
        self.query_one("#feedback-links-heading").display = bool(links)
        last = self.session.position + 1 >= self.session.total
        next_button = self.query_one("#next", Button)
        next_button.label = "See the results (Enter)" if last else "Next question (Enter)"
        self.query_one("#feedback").display = True
        self.query_one("#quiz-how", Static).update("Enter or n: on to the next · l: the links below · Esc: back")
        next_button.focus(scroll_visible=False)
        self.call_after_refresh(self._reveal_feedback)

    def _reveal_feedback(self) -> None:
        """As much of the question as fits above the whole feedback; the verdict first if not all fits."""
        self.query_one("#next").scroll_visible(animate=False, immediate=True)
        self.query_one("#verdict").scroll_visible(animate=False, immediate=True)

    def _link_label(self, link: Link) -> str:
        if link.kind == "section" and (section := self.pack.section(link.target)):
            return f"Section {self.pack.section_number(section.id)}: {section.question}"
        if link.kind == "term" and (term := self.pack.term(link.target)):
            return f"Term: {term.term}"
        return ""

    def _show_results(self) -> None:
        results = self.session.results()
        self.sub_title = f"{self.session.title} — results"
        self.query_one("#results-score", Static).update(
            f"Your score: {results.score}/{results.total} ({results.percent}%)"
        )
        table = Table.grid(padding=(0, 1))
        table.add_column(justify="right", no_wrap=True)
        table.add_column(ratio=1)  # the section's question, wrapped under itself
        table.add_column(justify="right", no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_row("", "By section", "This quiz", "Mastery overall")
        for result in results.sections:
            section = self.pack.section(result.section_id)
            table.add_row(
                f"{self.pack.section_number(result.section_id)}.",
                section.question if section else result.section_id,
                f"{result.right}/{result.asked} right",
                f"{result.mastery.percent}%" if result.mastery else "",
            )
        if self.session.problem:
            table.add_row("", f"Note: {self.session.problem}", "", "")
        self.query_one("#results-sections", Static).update(table)
        reread = [
            (f"Section {self.pack.section_number(s)}: {section.question}", Link("section", s))
            for s in results.reread
            if (section := self.pack.section(s))
        ]
        self.query_one("#reread", LinkList).show_links(reread)
        self.query_one("#reread-heading").display = bool(reread)
        menu = self.query_one("#results-menu", OptionList)
        options = [Option("Another quiz like this one", id="again")]
        if results.score < results.total:
            options.append(Option("Review my mistakes now", id="mistakes"))
        options.append(Option("Home", id="home"))
        menu.set_options(options)
        menu.highlighted = 0
        (self.query_one("#reread", LinkList) if reread else menu).focus()
        self.query_one("#quiz").scroll_home(animate=False)

    # answering

    def _answer(self, response) -> None:
        if self.session.outcome is not None or self.session.current is None:
            return
        outcome = self.session.answer(response)
        self._keep()
        if self.session.problem:
            self.notify(self.session.problem, severity="warning")
        self._show_feedback(outcome)
        self.refresh_bindings()

    @on(AnswerPanel.Answered)
    def _answered(self, event: AnswerPanel.Answered) -> None:
        event.stop()
        self._answer(event.response)

    @on(Button.Pressed, "#next")
    def _next_pressed(self) -> None:
        self.action_next()

    @on(OptionList.OptionSelected, "#results-menu")
    def _after(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        request = self.session.request
        if event.option.id == "again":
            self.post_message(StartQuiz(QuizRequest(request.mode, request.section, request.count)))
        elif event.option.id == "mistakes":
            self.post_message(StartQuiz(QuizRequest("mistakes")))
        else:
            self.post_message(Navigate(HOME))

    # keys

    def _awaiting(self) -> QuizItem | None:
        """The item waiting for an answer, if any."""
        return self.session.current if self.session.outcome is None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        item = self._awaiting() if self.is_mounted else None  # the answer panel is there once mounted
        if action in ("number", "letter"):
            return item is not None and self.panel.key_index(action, parameters[0]) is not None
        if action == "hint":
            return item is not None and self.session.hinted is None
        if action == "undo":
            return item is not None and self.panel.assignment is not None
        if action in ("next", "focus_links"):
            return self.session.outcome is not None
        return True

    def action_number(self, number: int) -> None:
        if self._awaiting() is not None:
            self.panel.number(number)

    def action_letter(self, key: str) -> None:
        if self._awaiting() is not None:
            self.panel.letter(key)

    def action_hint(self) -> None:
        if self._awaiting() is None:
            return
        self.panel.show_hint(self.session.hint())
        self.refresh_bindings()

    def action_undo(self) -> None:
        if self._awaiting() is not None:
            self.panel.undo()

    def action_next(self) -> None:
        if self.session.outcome is None:
            return
        self.session.advance()
        self._keep()
        self.show_current()

    def action_leave(self) -> None:
        """`q` in a quiz asks first: a slip of the finger should not end it."""
        if self.session.finished:
            self.app.exit()
            return
        from explainer.tui.screens.confirm import Confirm

        def chosen(leave: bool | None) -> None:
            if leave:
                self.app.exit()

        answered = self.session.answered
        saved = f"Your {answered} answer{'s' if answered != 1 else ''} so far {'are' if answered != 1 else 'is'} saved."
        self.app.push_screen(
            Confirm(
                "Leave the explainer in the middle of this quiz?",
                saved if answered else "No question has been answered yet.",
                yes="Leave",
                no="Stay in the quiz",
            ),
            chosen,
        )

    def action_focus_links(self) -> None:
        links = self.query_one("#feedback-links", LinkList)
        if links.display:
            links.focus()

"""The ways to answer a quiz item, for the quiz and the live quiz alike.

Choices (multiple choice, true or false) are picked from a list; matching and
ordering fill numbered slots with letters; a typed answer is an input. The
panel posts `AnswerPanel.Answered` with the response once one is complete; the
screen decides what that means (graded at once, or sent to the class hub and
changeable until the teacher reveals). A panel without a check button (the live
quiz's) posts a matching or ordering answer as soon as every slot is filled,
and again on each change, as a choice is posted when picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static
from textual.widgets.option_list import Option

from explainer.quiz.feedback import option_label, slot_label
from explainer.quiz.grading import Hint, Response
from explainer.quiz.questions import QuizItem, letter
from explainer.quiz.responses import Assignment
from explainer.tui.commands import QUIZ_LETTERS
from explainer.tui.glyphs import GLYPHS, glyphs
from explainer.tui.widgets.hanging import Hanging, HangingLines
from explainer.tui.widgets.option_list import OptionList

LETTERS = QUIZ_LETTERS


class AnswerPanel(Vertical):
    """Slots, choices, a typed input and a check button; only what the item needs is shown."""

    DEFAULT_CSS = """
    AnswerPanel { height: auto; }
    """

    @dataclass
    class Answered(Message):
        """A complete response was given."""

        panel: AnswerPanel
        response: Response

        @property
        def control(self) -> AnswerPanel:
            return self.panel

    def __init__(self, check_label: str | None = "Check my answer (Enter)", hints: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check_label = check_label  # None: no check button, a complete answer is posted as it stands
        self.hints = hints  # whether `i` gives a hint here (not in a live quiz)
        self.item: QuizItem | None = None
        self.assignment: Assignment | None = None
        self.hint: Hint | None = None
        self.locked = False

    def compose(self) -> ComposeResult:
        yield Static(id="quiz-slots")
        yield OptionList(id="choices")
        yield AnswerInput(id="typed", placeholder="Type your answer, then Enter")
        yield Button(self.check_label or "", id="check", variant="primary")
        yield Static(id="quiz-hint")

    # what is shown

    def ask(self, item: QuizItem, hint: Hint | None = None) -> None:
        """Ready to answer `item` (with the hint already given for it, if any)."""
        self.item, self.hint, self.locked = item, hint, False
        self.hide()
        self.assignment = Assignment(len(item.solution)) if item.type in ("match", "order") else None
        if item.type == "typed":
            typed = self.query_one("#typed", AnswerInput)
            typed.display = True
            typed.locked = False
            typed.value = ""
            typed.disabled = False
            self.screen.set_focus(typed)  # at once: hiding a focused button must not pass focus elsewhere first
        else:
            choices = self.query_one("#choices", OptionList)
            choices.display = True
            choices.disabled = False
            self.fill_choices()
            choices.highlighted = 0
            self.screen.set_focus(choices)
        if self.assignment is not None:
            self.show_slots()
        if hint is not None:
            self.show_hint(hint)

    def hide(self) -> None:
        for selector in ("#quiz-slots", "#choices", "#typed", "#check", "#quiz-hint"):
            self.query_one(selector).display = False

    def fill_choices(self, right: int | None = None, chosen: int | None = None, recorded: bool = False) -> None:
        """The options, each wrapped under itself; once the answer is known, `right` and `chosen` marked (live,
        before the reveal, the `recorded` answer is only pointed at)."""
        item = self.item
        if item is None:
            return
        choices = self.query_one("#choices", OptionList)
        highlighted = choices.highlighted
        ruled_out = self.hint.ruled_out if self.hint else ()
        used = set(self.assignment.values) if self.assignment else set()
        options = []
        for index, text in enumerate(item.options):
            note = Content()
            if right is not None:
                if index == right:
                    note = mark(self.app, True, "right answer").content
                elif index == chosen:
                    note = mark(self.app, False, "your answer").content
            elif recorded and index == chosen:
                note = Content("◀ your answer (recorded)")
            elif index in ruled_out:
                note = Content("(ruled out by the hint)")
            elif index in used and self.assignment is not None:
                note = Content(f"(used: {slot_label(item, self.assignment.values.index(index), short=True)})")
            label = Hanging(f"{letter(index)}) ", Content(text) + (Content("   ") + note if note else Content()))
            options.append(Option(label, disabled=index in ruled_out and right is None))
        choices.set_options(options)
        if highlighted is not None and highlighted < len(options):
            choices.highlighted = highlighted

    def highlight(self, index: int) -> None:
        """The list's highlight on this option: a live answer stays highlighted as the one recorded."""
        self.query_one("#choices", OptionList).highlighted = index

    def show_slots(self) -> None:
        """Each numbered item (matching) or place (ordering) and the option put there, whole, wrapped under itself."""
        item, assignment = self.item, self.assignment
        if item is None or assignment is None:
            return
        cursor = glyphs(self.app).cursor
        labels = [Content(slot_label(item, slot)) for slot in range(len(assignment.values))]
        widest = max(label.cell_length for label in labels)
        lines = []
        for slot, (label, value) in enumerate(zip(labels, assignment.values, strict=True)):
            here = cursor if slot == assignment.cursor else " " * len(cursor)
            prefix = Content.assemble(here, " ", label.pad_right(widest - label.cell_length), " → ")
            lines.append(Hanging(prefix, option_label(item, value) if value is not None else "?"))
        slots = self.query_one("#quiz-slots", Static)
        slots.display = True
        slots.update(HangingLines(lines))  # lines of Content: a Rich table is measured and drawn cell by cell
        self.fill_choices()
        check = self.query_one("#check", Button)
        check.display = assignment.complete and not self.locked and self.check_label is not None
        if check.display:
            check.focus()
        else:
            self.query_one("#choices").focus()

    def show_hint(self, hint: Hint) -> None:
        """A hint given: shown, and what it rules out or fills in applied."""
        self.hint = hint
        if self.assignment is not None and hint.given and self.item is not None:
            self.assignment.fill(hint.given[0], self.item.solution[hint.given[0]])
            self.show_slots()
        elif hint.ruled_out:
            self.fill_choices()
        widget = self.query_one("#quiz-hint", Static)
        widget.display = True
        widget.update(f"Hint: {hint.text}")

    def stop_answering(self, dim: bool = True) -> None:
        """No more answering this item: the answer is in. Without `dim` the choices and the typed answer keep
        their look and focus (only their keys stop): focus moved repaints the whole screen, and nothing is
        restyled, as a live reveal on fifty screens at once wants."""
        self.locked = True
        typed = self.query_one("#typed", AnswerInput)
        typed.locked = True  # no typing into an answer that can no longer be sent
        if dim:
            self.query_one("#choices", OptionList).disabled = True
            typed.disabled = True
        self.query_one("#check").display = False

    # answering: keys the screen passes on, and the widgets' own events

    def key_index(self, action: str, key: object) -> int | None:
        """Which option (or, for matching and ordering, which slot) a number or letter key means now."""
        return None if self.locked else key_index(self.item, action, key)

    def number(self, number: int) -> None:
        if self.locked or self.item is None:
            return
        if self.assignment is not None:
            self.assignment.select(number - 1)
            self.show_slots()
        else:
            self.pick(number - 1)

    def letter(self, key: str) -> None:
        index = self.key_index("letter", key)
        if index is not None:
            self.pick(index)

    def undo(self) -> None:
        if self.assignment is not None and not self.locked:
            self.assignment.clear()
            self.show_slots()

    def pick(self, index: int) -> None:
        item = self.item
        if self.locked or item is None or not 0 <= index < len(item.options):
            return
        if item.type in ("choice", "true_false"):
            if self.hint and index in self.hint.ruled_out:
                self.notify("The hint ruled that one out.", timeout=2)
                return
            self.highlight(index)  # at once: an Enter that follows the letter means this option, not the old one
            self.post_message(self.Answered(self, index))
        elif self.assignment is not None:
            before = self.assignment.response
            self.assignment.pick(index)
            self.show_slots()
            if self.check_label is None and self.assignment.complete and self.assignment.response != before:
                self.post_message(self.Answered(self, self.assignment.response))

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick(event.option_index)

    @on(Input.Submitted, "#typed")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if self.locked:
            return
        if not event.value.strip():
            self.notify("Type an answer first (i for a hint)." if self.hints else "Type an answer first.", timeout=3)
            return
        self.post_message(self.Answered(self, event.value))

    @on(Button.Pressed, "#check")
    def _check(self, event: Button.Pressed) -> None:
        event.stop()
        if self.assignment is not None and self.assignment.complete and not self.locked:
            self.post_message(self.Answered(self, self.assignment.response))


class AnswerInput(Input):
    """The typed answer's input, which can be `locked`: its text stays as it was sent, it keeps the focus."""

    locked = False

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit of an Input (a key, a paste, a cut, a deletion) comes through here; once locked, each is
        dropped without the bell Input rings for a refused key (a class of laptops beeping after a reveal)."""
        if not self.locked:
            super().replace(text, start, end)


def key_index(item: QuizItem | None, action: str, key: object) -> int | None:
    """Which option (or, for matching and ordering, which slot) a number or letter key means for this item."""
    if item is None or item.type == "typed":
        return None
    if action == "number":
        index = int(str(key)) - 1
        limit = len(item.solution) if item.type in ("match", "order") else len(item.options)
        return index if 0 <= index < limit else None
    if item.type == "true_false" and key in ("t", "f"):
        return 0 if key == "t" else 1
    index = LETTERS.find(str(key))
    return index if 0 <= index < len(item.options) else None


def mark(app: App[Any], right: bool, text: str, *, drawn: bool = False) -> Hanging:
    """A ✓ in the success colour or a ✗ in the error colour, then `text`, its wrapped lines hanging under
    itself; the mark in words in screen-reader mode, unless the text says it already (`drawn`)."""
    marks = GLYPHS if drawn else glyphs(app)
    glyph = marks.right if right else marks.wrong
    return Hanging(Content.styled(glyph, "$text-success bold" if right else "$text-error bold") + " ", text)

"""Every key a student can press, each defined once: one command, two doors.

A `Command` is a key binding's whole story: its keys, the action it runs, its
name and a line on what it does. The footer, the command palette and Help (`?`)
are all made from these, so they cannot disagree; a screen's commands are
offered in the palette only while its `check_action` allows them, as the footer
shows them (Hike's `Command` classes and `_maybe()`). Each binding has an `id`,
so a keymap could rebind it (as Posting's do).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.actions import parse
from textual.binding import Binding, BindingType

from explainer.record import Record


class Command(Record):
    """One thing a student can do with a key, and from the palette."""

    id: str  # "<place>.<name>": the binding's id
    key: str  # Textual key names, comma-separated
    action: str  # run in the namespace of whoever binds it (the app, or the screen)
    description: str  # the footer's name for it
    tooltip: str  # what it does, in a line: the footer's tooltip, the palette's help, Help's "Does"
    show: bool = True  # in the footer
    priority: bool = False
    palette: bool = True  # offered in the command palette
    title: str = ""  # the palette's name for it, when not the description
    family: tuple[str, ...] = ()  # one binding per key, the action formatted with {key}: the answer keys
    keys_shown: str = ""  # how Help writes the keys, when not from `key`

    def bindings(self) -> list[Binding]:
        if self.family:
            return [
                Binding(key, self.action.format(key=key), self.description, show=False, id=f"{self.id}.{key}")
                for key in self.family
            ]
        return [
            Binding(
                self.key,
                self.action,
                self.description,
                show=self.show,
                tooltip=self.tooltip,
                priority=self.priority,
                id=self.id,
            )
        ]

    @property
    def action_name(self) -> str:
        """The action without its arguments, as `check_action` is asked about it."""
        return parse(self.action)[1]

    @property
    def parameters(self) -> tuple[object, ...]:
        return parse(self.action)[2]

    @property
    def palette_title(self) -> str:
        return self.title or self.description

    @property
    def first_key(self) -> str:
        return self.key.split(",")[0]


def bindings(commands: Iterable[Command]) -> list[BindingType]:
    """A screen's BINDINGS, made from its commands."""
    return [binding for command in commands for binding in command.bindings()]


def _open(key: str, place: str, name: str, tooltip: str) -> Command:
    return Command(f"app.{place}", key, f"open('{place}')", name, tooltip, title=f"Open {name}")


APP = (
    Command("app.back", "escape,backspace,b", "back", "Back", "Back to the previous place"),
    Command("app.forward", "f,alt+right", "forward", "Forward", "Forward again after going back"),
    _open("h", "home", "Home", "Go to the home screen"),
    _open("g", "glossary", "Glossary", "Open the glossary"),
    _open("t", "timeline", "Timeline", "Open the timeline of events"),
    _open("v", "perspectives", "Perspectives", "Open the perspectives: who says what"),
    Command(
        "app.quiz",
        "z",
        "quiz",
        "Quiz",
        "Choose a quiz: whole pack, mistakes, due for review, a section",
        show=False,
        title="Open Quiz",
    ),
    Command("app.help", "question_mark,f1", "help", "Help", "Show every key", title="Open Help"),
    Command(
        "app.plain-menu",
        "P",
        "plain_menu",
        "Plain menu",
        "The explainer line by line, numbered menus for screen readers; quit them to come back",
        show=False,
        title="Open Plain menu",
    ),
    # Not among the footer's keys: the footer shows the palette's key on its own, at the right.
    Command(
        "app.search", "ctrl+p", "command_palette", "Search", "Find a section, term or event", show=False, palette=False
    ),
    # Theme and Quit are in the palette already, as Textual's own commands.
    Command(
        "app.theme",
        "ctrl+t",
        "change_theme",
        "Theme",
        "Pick a colour theme (high-contrast and ANSI themes included)",
        show=False,
        palette=False,
    ),
    Command("app.quit", "q", "quit", "Quit", "Leave the explainer (progress is saved)", palette=False),
)

SECTION = (
    # While a find is on, n and N move between its matches (as in less) and Esc ends it; they come first.
    Command("section.next-match", "n", "next_match", "Next match", "Find in page: the next match", priority=True),
    Command(
        "section.previous-match",
        "N",
        "previous_match",
        "Previous match",
        "Find in page: the previous match",
        priority=True,
    ),
    Command("section.end-find", "escape", "end_find", "End find", "Find in page: stop finding"),
    Command("section.next", "n,right", "next", "Next", "Go to the next section", priority=True),
    Command("section.previous", "p,left", "previous", "Previous", "Go to the previous section", priority=True),
    Command("section.links", "l", "focus_links", "Links", "Jump to this section's links"),
    Command("section.check", "c", "check_yourself", "Check yourself", "A short quiz on this section"),
    Command(
        "section.contents", "s", "toggle_contents", "Contents", "Show or hide the list of sections (read, mastery)"
    ),
    Command("section.find", "slash", "find", "Find", "Find a word in this section (then n, N; Esc ends)"),
)

# The page being read (widgets/reading_pane.py): its links in the text itself, by keyboard.
READING = (
    Command("reading.next-link", "tab", "next_link", "Next link", "Move to the next link in the text", show=False),
    Command(
        "reading.previous-link",
        "shift+tab",
        "previous_link",
        "Previous link",
        "Move to the previous link",
        show=False,
    ),
    Command(
        "reading.follow",
        "enter",
        "follow",
        "Follow",
        "Open the highlighted link (a term opens in place)",
        show=False,
    ),
    Command("reading.page-down", "space", "page_down", "Page down", "Scroll down a page", show=False, palette=False),
)

GLOSSARY = (
    Command("glossary.filter", "slash", "focus_filter", "Filter", "Type to filter the terms"),
    Command("glossary.clear", "escape", "clear_filter", "Clear filter", "Empty the filter (Esc again goes back)"),
    Command("glossary.links", "l", "focus_links", "Links", "Jump to the entry's links"),
)

LIST_DETAIL = (Command("list.links", "l", "focus_links", "Links", "Jump to the links of the selected item"),)

TERM_POPUP = (
    Command("popup.close", "escape,backspace,q", "dismiss(False)", "Close", "Back to the page", palette=False),
    Command("popup.glossary", "g", "dismiss(True)", "Glossary entry", "Open the full glossary entry", palette=False),
)

QUIZ_LETTERS = "abcdefgh"  # i is the hint key

# The answer keys: the same in a quiz and in a live quiz.
ANSWER = (
    Command(
        "quiz.number",
        "",
        "number({key})",
        "Answer",
        "Answer by number or letter: a number picks an option, or in matching and ordering the slot to fill",
        palette=False,
        family=tuple("123456789"),
        keys_shown="1-9",
    ),
    Command(
        "quiz.letter",
        "",
        "letter('{key}')",
        "Answer",
        "A letter picks an option (T or F: true or false); or highlight one and press Enter",
        palette=False,
        family=(*QUIZ_LETTERS, "t"),
        keys_shown="a-h, t",
    ),
)
UNDO = Command("quiz.undo", "u", "undo", "Undo", "Matching and ordering: take back the last pick")

QUIZ = (
    *ANSWER,
    Command("quiz.hint", "i,f2", "hint", "Hint", "A hint; a right answer after a hint comes back for review sooner"),
    UNDO,
    Command("quiz.next", "n", "next", "Next", "After the feedback: the next question, or the results (Enter too)"),
    Command("quiz.links", "l", "focus_links", "Links", "Jump to the links into the sections that teach it"),
    # Quit's place in the footer (widgets/footer.py QUIT_ACTIONS), but a slip of the finger must not end a quiz.
    Command(
        "quiz.leave",
        "q",
        "leave",
        "Quit",
        "Leave the explainer; it asks first while a quiz is under way",
        palette=False,
    ),
)

# A student's live quiz (tui/screens/live_quiz.py), put up by the teacher over whatever they were reading.
LIVE_QUIZ = (
    *ANSWER,
    UNDO,
    Command(
        "live.close",
        "escape,enter",
        "close",
        "Back to reading",
        "Once the live quiz is over, or before its first question: back where you were",
        palette=False,
    ),
    # The live quiz is modal (the app's keys wait), but Help is always there; the quiz goes on under it.
    Command("live.help", "question_mark,f1", "app.help", "Help", "Show every key", palette=False),
)

QUIZ_MENU = (Command("quiz-menu.close", "escape,backspace,q", "dismiss(None)", "Close", "Back without a quiz"),)

CONFIRM = (
    Command("confirm.yes", "y", "dismiss(True)", "Yes", "Yes, go ahead", palette=False),
    Command("confirm.no", "n,escape", "dismiss(False)", "No", "No, stay where you are", palette=False),
)

WALKTHROUGH_END = (
    Command("end.close", "escape,backspace", "dismiss(None)", "Close", "Back to the last section", palette=False),
)

HELP = (Command("help.close", "escape,q,question_mark,f1", "dismiss", "Close", "Close this help"),)

# The teacher's class view (tui/class_app.py and the screens it shows).
CLASS_APP = (
    Command("class.help", "question_mark,f1", "help", "Help", "Show every key", title="Open Help"),
    Command("class.theme", "ctrl+t", "change_theme", "Theme", "Pick a colour theme", show=False, palette=False),
    Command("class.quit", "q", "quit", "Quit", "Leave the class view (the class goes on)", palette=False),
)

CLASS_VIEW = (
    Command("class.live-quiz", "l", "live_quiz", "Live quiz", "Ask every connected student the same questions, live"),
)

LIVE_SETUP = (
    Command("live-setup.cancel", "escape", "cancel", "Cancel", "Back to the class view, nothing started"),
    Command("live-setup.more", "plus,equals_sign,right", "count(1)", "More", "One more question"),
    Command("live-setup.fewer", "minus,left", "count(-1)", "Fewer", "One question fewer"),
    Command("live-setup.teams", "t", "teams", "Teams", "No teams, or the class split into 2 to 6 teams, scored apart"),
)

LIVE_HOST = (
    Command(
        "live-host.reveal", "r", "reveal", "Reveal", "Show everyone the answer, the explanation and how the class split"
    ),
    Command("live-host.next", "n,enter", "next", "Next", "After the reveal: the next question, or the results"),
    Command("live-host.end", "e", "end", "End quiz", "End the live quiz now; every student sees their score"),
    Command("live-host.close", "escape", "close", "Back to the class", "Once the quiz is over: back to the class view"),
)

# Help's table: where each group of keys works.
HELP_GROUPS: tuple[tuple[str, tuple[Command, ...]], ...] = (
    ("Anywhere", APP),
    ("Section", SECTION),
    ("In the text", READING),
    ("Glossary", GLOSSARY),
    ("Term popup", TERM_POPUP),
    ("Timeline", LIST_DETAIL),
    ("Perspectives", LIST_DETAIL),
    ("Quiz", QUIZ),
    ("Live quiz", LIVE_QUIZ),
)

# The teacher's Help.
CLASS_HELP_GROUPS: tuple[tuple[str, tuple[Command, ...]], ...] = (
    ("Anywhere", CLASS_APP),
    ("Class view", CLASS_VIEW),
    ("Choosing a live quiz", LIVE_SETUP),
    ("Running a live quiz", LIVE_HOST),
)

BY_ID = {command.id: command for _, group in (*HELP_GROUPS, *CLASS_HELP_GROUPS) for command in group}

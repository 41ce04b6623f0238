"""The glossary: filter as you type, and every term with where it is used."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from rapidfuzz.distance import Levenshtein
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from explainer.pack.labels import sources_label
from explainer.pack.model import Pack, Term
from explainer.pack.wording import example_label
from explainer.tui.commands import GLOSSARY, bindings
from explainer.tui.history import Place
from explainer.tui.messages import Moved
from explainer.tui.screens.page import Page
from explainer.tui.widgets.footer import Footer
from explainer.tui.widgets.header import Header
from explainer.tui.widgets.option_list import OptionList
from explainer.tui.widgets.reader import Reader
from explainer.tui.widgets.reading_pane import ReadingPane

if TYPE_CHECKING:
    from explainer.tui.app import ExplainerApp


def term_matches(term: Term, text: str) -> bool:
    """A term matches a filter if every word typed is in its names, category or definition, or nearly is:
    a slip in every four letters is forgiven ("missle" finds "ballistic missile"), as the CLI forgives."""
    words = re.findall(r"\w+", " ".join((*term.names, term.category, term.definition)).casefold())
    haystack = " ".join(words)
    return all(
        typed in haystack
        or any(Levenshtein.distance(typed, word, score_cutoff=len(typed) // 4) <= len(typed) // 4 for word in words)
        for typed in text.casefold().split()
    )


class GlossaryScreen(Page):
    """A filterable list of terms beside the selected term's entry."""

    PLACE = "glossary"
    BINDINGS: ClassVar[list[BindingType]] = bindings(GLOSSARY)

    def __init__(self, pack: Pack, term_id: str = "") -> None:
        super().__init__()
        self.pack = pack
        self.terms = sorted(pack.terms, key=lambda t: t.term.casefold())
        self.term_id = term_id if pack.term(term_id) else (self.terms[0].id if self.terms else "")
        self.shown: list[Term] = list(self.terms)
        self._filtering = False

    @classmethod
    def for_place(cls, app: ExplainerApp, place: Place) -> GlossaryScreen:
        return cls(app.pack, place.id)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="term-side"):
                yield Input(placeholder="Filter terms…", id="filter")
                yield OptionList(id="terms")
            with ReadingPane(id="entry"):
                yield Static(id="term-title", classes="title")
                yield Reader(id="definition")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Glossary"
        self._fill_list()
        self.show(Place("glossary", self.term_id))
        self.query_one("#terms").focus()

    def can_show(self, place: Place) -> bool:
        return place.kind == "glossary"

    def show(self, place: Place) -> None:
        """Show a term's entry and select it in the list."""
        term = self.pack.term(place.id)
        if term is None:
            return
        self.term_id = term.id
        self.query_one("#term-title", Static).update(f"{term.term}  ({term.category})" if term.category else term.term)
        self.query_one("#definition", Reader).update(self._entry_markdown(term))
        entry = self.query_one("#entry", ReadingPane)
        entry.forget()
        entry.scroll_home(animate=False, immediate=True)
        if term in self.shown:
            terms = self.query_one("#terms", OptionList)
            with terms.prevent(OptionList.OptionHighlighted):
                terms.highlighted = self.shown.index(term)

    def _entry_markdown(self, term: Term) -> str:
        parts = [term.shown_definition]
        if term.aliases:
            parts.append("*Also:* " + ", ".join(term.aliases))
        if term.example:
            shown = term.sources and len(self.pack.sources) > 1
            cited = f" *({sources_label(self.pack, term.sources, outlet=False)})*" if shown else ""
            parts.append(f"**{example_label(self.pack)}** {term.example}{cited}")
        if see := [t for t in map(self.pack.term, term.see_also) if t]:
            parts.append("**See also:** " + " · ".join(f"[{t.term}](term:{t.id})" for t in see))
        used = self.pack.links.used_in(term.id)
        parts.append(
            "**Used in:**\n\n"
            + "\n".join(f"- Section {self.pack.section_number(s.id)}: [{s.question}](section:{s.id})" for s in used)
            if used
            else "**Used in:** no section yet."
        )
        return "\n\n".join(parts)

    def _fill_list(self, text: str = "") -> None:
        self.shown = [t for t in self.terms if term_matches(t, text)]
        terms = self.query_one("#terms", OptionList)
        terms.clear_options()
        terms.add_options([Option(t.term) for t in self.shown] or [Option("No term matches", disabled=True)])
        if (term := self.pack.term(self.term_id)) in self.shown:
            terms.highlighted = self.shown.index(term)

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill_list(event.value)
        if bool(event.value) != self._filtering:  # Esc clears the filter while there is one
            self._filtering = bool(event.value)
            self.refresh_bindings()
        if self.shown and self.pack.term(self.term_id) not in self.shown:
            self._pick(self.shown[0])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "clear_filter":
            return bool(self.query_one("#filter", Input).value)
        return True

    def action_clear_filter(self) -> None:
        """Esc in the filter clears it first; Esc again (the filter empty) goes back."""
        self.query_one("#filter", Input).value = ""

    @on(Input.Submitted, "#filter")
    def _to_list(self) -> None:
        self.query_one("#terms").focus()

    @on(OptionList.OptionHighlighted, "#terms")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index < len(self.shown):
            self._pick(self.shown[event.option_index])

    @on(OptionList.OptionSelected, "#terms")
    def _selected(self) -> None:
        """On to the entry, its name in view: Tab then moves through its links."""
        self.query_one("#entry").focus(scroll_visible=False)

    def _pick(self, term: Term) -> None:
        """Selecting in the list replaces the history entry rather than adding one."""
        place = Place("glossary", term.id)
        self.show(place)
        self.post_message(Moved(place))

    def action_focus_filter(self) -> None:
        self.query_one("#filter").focus()

    def action_focus_links(self) -> None:
        entry = self.query_one("#entry", ReadingPane)
        entry.focus(scroll_visible=False)
        entry.first_link_in(self.query_one("#definition", Reader))

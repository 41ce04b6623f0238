"""The contents sidebar: every section, whether it is read, its quiz mastery, and where the student is."""

from __future__ import annotations

from collections.abc import Mapping

from textual.content import Content
from textual.widgets.option_list import Option

from explainer.pack.model import Pack
from explainer.quiz.mastery import Mastery
from explainer.tui.glyphs import glyphs
from explainer.tui.widgets.hanging import Hanging
from explainer.tui.widgets.option_list import OptionList


class Contents(OptionList):
    """One option a section: a tick when read, its number and question, its mastery once quizzed."""

    DEFAULT_CSS = """
    Contents {
        width: 36;
        max-width: 40%;
        height: 1fr;
        border: none;
        border-right: solid $panel-lighten-2;
        padding: 0;
        &:focus { border: none; border-right: solid $primary; }
    }
    """

    def __init__(self, pack: Pack, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pack = pack

    def show_progress(self, current: str, read: set[str], mastery: Mapping[str, Mastery]) -> None:
        """Fill the list for this student, the current section highlighted."""
        options = []
        marks = glyphs(self.app)
        for number, section in enumerate(self.pack.sections, start=1):
            tick = marks.read if section.id in read else marks.unread
            prefix = Content.assemble(
                (tick, "$text-success" if section.id in read else "$text-muted"), f" {number:>2}. "
            )
            text = Content.styled(section.question, "bold" if section.id == current else "")
            if (m := mastery.get(section.id)) and m.answered:
                text = text + Content.styled(f"  {m.percent}%", "$text-muted")
            options.append(Option(Hanging(prefix, text), id=section.id))
        self.set_options(options)
        self.highlighted = self.pack.section_position(current)

"""Every text a student reads reaches 4.5:1 (WCAG AA) in every theme the explainer ships,
in truecolor and as a 256-colour terminal shows it: computed from the colours of the
rendered segments of each main screen."""

from __future__ import annotations

import pytest
from contrast import low_contrast
from rich.color import ColorSystem

from explainer.pack.model import Pack
from explainer.tui.themes import THEMES

# Each screen: the keys that lead to it from home, and for a modal the box to read.
SCREENS = {
    "home": ([], ""),
    "section": (["enter", "n"], ""),
    "section, a link pointed at": (["enter", "tab", "tab"], ""),
    "glossary, the list unfocused": (["g", "down", "enter"], ""),
    "glossary filter, empty": (["g", "slash"], ""),
    "timeline": (["t"], ""),
    "perspectives": (["v"], ""),
    "quiz question": (["z", "enter"], ""),
    "quiz feedback": (["z", "enter", "a", "b", "c", "d"], ""),
    "help": (["question_mark"], "#help"),
    "term pop-up": (["enter", "tab", "enter"], "#popup"),
    "contents sidebar": (["enter", "s"], ""),
    "find in page": (["enter", "slash", *"korea", "enter"], ""),
    "end of the walkthrough": (["enter", "n", "n", "n"], "#walkthrough-end"),
}
SHIPPED = [theme.name for theme in THEMES] + ["textual-dark", "textual-light"]


@pytest.mark.parametrize("theme", SHIPPED)
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_every_text_reads_at_aa(theme: str, screen: str, starter_pack: Pack, make_explainer) -> None:
    keys, within = SCREENS[screen]
    app = make_explainer(starter_pack)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await pilot.press(*keys)
        await pilot.pause()
        for colours in (ColorSystem.TRUECOLOR, ColorSystem.EIGHT_BIT):
            bad = low_contrast(app, colours, within=within)
            assert not bad, f"{theme}, {colours.name}: " + "; ".join(map(str, bad[:8]))

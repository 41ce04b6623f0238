"""The yardstick for launch time: the smallest Textual app that shows one Markdown page.

`run.py` starts it on a pseudo-terminal beside the explainer, in the same run,
and waits for `FIRST` and `LAST` to be painted.
"""

from textual.app import App, ComposeResult
from textual.widgets import Markdown

FIRST = "A page of Markdown"
LAST = "The end of the page."
PAGE = f"""\
# {FIRST}

This is the baseline the explainer's launch is measured against: one Textual
app, one Markdown widget, one page of text a little like a section of the
walkthrough, with *emphasis*, **strong words** and a [link](https://example.org).

- a first point
- a second point
- a third point

{LAST}
"""


class MinimalApp(App):
    """One Markdown page, nothing else."""

    def compose(self) -> ComposeResult:
        yield Markdown(PAGE)


if __name__ == "__main__":
    MinimalApp().run()

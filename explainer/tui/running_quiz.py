"""The quiz in progress, kept while it runs, so following a link away and coming back finds it as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App

from explainer.tui.history import Place

if TYPE_CHECKING:
    from explainer.tui.screens.quiz import QuizScreen


class RunningQuiz:
    """At most one quiz runs. Its screen is installed in the app, so switching away does not end it;
    a new quiz takes over, and the old one's screen is let go once it is off screen."""

    def __init__(self, app: App[object]) -> None:
        self._app = app
        self._screen: QuizScreen | None = None
        self._started = 0

    @property
    def place(self) -> Place | None:
        """Where the running quiz is in history; each quiz has its own."""
        return Place("quiz", str(self._started)) if self._screen is not None else None

    def screen_for(self, place: Place) -> QuizScreen | None:
        """The running quiz's screen, if `place` is that quiz (an older quiz's place shows nothing)."""
        return self._screen if place == self.place else None

    def start(self, screen: QuizScreen, show: Callable[[Place], None]) -> Place | None:
        """Run the quiz of `screen`, shown by `show(place)`; the place of the quiz it replaced, now gone, or None."""
        app, previous, previous_place = self._app, self._screen, self.place
        was_shown = previous is not None and previous is app.screen
        self._started += 1
        app.install_screen(screen, f"quiz-{self._started}")
        self._screen = screen
        show(Place("quiz", str(self._started)))
        if previous is not None and previous not in app.screen_stack:
            app.uninstall_screen(previous)
            if not was_shown:  # a screen switched away from is removed by the switch itself
                previous.remove()
        return previous_place

"""An unfinished quiz kept across a restart: saved as its request and the answers given, resumed by replaying them.

A full or check-yourself quiz is the same quiz for the same pack and seed
(selection.py), so replaying the answers given brings back its questions, in
their order and with their options as shown, its score, and the question the
student was on. Review quizzes (mistakes, due) depend on the answers since
given, so they are not kept. The answers themselves were saved when given;
replaying records nothing again.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, cast

from explainer.pack.model import Pack
from explainer.progress.store import ProgressStore
from explainer.quiz.selection import Mode, QuizRequest

if TYPE_CHECKING:
    from explainer.quiz.grading import Response
    from explainer.quiz.session import QuizSession

RESUMABLE: tuple[Mode, ...] = ("full", "section")


def state_key(store: ProgressStore) -> str:
    """The store's `state` key for this pack's unfinished quiz."""
    return f"quiz:{store.pack_id}"


def snapshot(session: QuizSession) -> str:
    """The quiz as text to keep; "" when there is nothing to resume (finished, or a review quiz)."""
    request = session.request
    if session.finished or request.mode not in RESUMABLE or not session.answered:
        return ""
    answers = [[list(o.response) if isinstance(o.response, tuple) else o.response, o.hinted] for o in session.outcomes]
    return json.dumps(
        {
            "mode": request.mode,
            "section": request.section,
            "count": request.count,
            "seed": request.seed,
            "answers": answers,
            "advanced": session.position >= session.answered,  # past the last answer's feedback
        }
    )


def restore(pack: Pack, saved: str | None, store: ProgressStore) -> QuizSession | None:
    """The quiz kept in `saved`, at the question the student was on; None if there is none or it no longer fits."""
    if not saved:
        return None
    # Imported only now: home asks on every start, and a quiz's machinery (grading, scheduling) is a tenth
    # of a launch that has no quiz to resume.
    from explainer.quiz.session import QuizSession

    try:
        data = json.loads(saved)
        mode = cast("Mode", data["mode"])
        if mode not in RESUMABLE:
            return None
        request = QuizRequest(mode, str(data["section"]), data["count"], int(data["seed"]))
        session = QuizSession.start(pack, request, None)
        for number, (given, hinted) in enumerate(data["answers"]):
            if number:
                session.advance()
            if bool(hinted):
                session.hint()
            response: Response = tuple(given) if isinstance(given, list) else given
            session.answer(response)
        if data.get("advanced"):
            session.advance()
    except (ValueError, KeyError, TypeError, IndexError, RuntimeError):
        return None  # a pack changed since, or a damaged value: nothing to resume
    if session.finished:
        return None
    session.store = store
    return session


def progress_line(session: QuizSession) -> str:
    """ "question 4 of 10", for the offer to resume."""
    return f"question {session.position + 1} of {session.total}"

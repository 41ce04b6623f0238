"""Browser-like history."""

from __future__ import annotations

from explainer.tui.history import HOME, History, Place

A, B, C = Place("section", "a"), Place("section", "b"), Place("glossary", "c")


def test_back_and_forward() -> None:
    history = History()
    history.visit(A)
    history.visit(B)
    assert history.back() == A
    assert history.back() == HOME
    assert history.back() is None
    assert history.forward() == A
    assert history.forward() == B
    assert history.forward() is None


def test_visiting_drops_the_forward_list() -> None:
    history = History()
    history.visit(A)
    history.visit(B)
    history.back()
    history.visit(C)
    assert not history.can_go_forward
    assert history.back() == A


def test_visiting_the_current_place_adds_nothing() -> None:
    history = History()
    history.visit(A)
    history.visit(A)
    assert history.back() == HOME


def test_replace_changes_the_current_entry_only() -> None:
    history = History()
    history.visit(C)
    history.replace(Place("glossary", "d"))
    assert history.current == Place("glossary", "d")
    assert history.back() == HOME
    assert history.forward() == Place("glossary", "d")


def test_history_is_bounded() -> None:
    history = History(limit=3)
    for i in range(10):
        history.visit(Place("section", str(i)))
    steps = 0
    while history.back():
        steps += 1
    assert steps == 2
    assert history.current == Place("section", "7")


def test_forget_drops_a_place_and_the_repeats_it_leaves() -> None:
    quiz, glossary, section = Place("quiz", "1"), Place("glossary"), Place("section", "a")
    history = History(HOME)
    for place in (glossary, quiz, glossary, section, quiz):
        history.visit(place)
    history.back()  # on section; quiz is ahead
    history.forget(quiz)
    assert history.current == section and not history.can_go_forward
    assert history.back() == glossary  # home, glossary, (quiz), glossary: the glossary once
    assert history.back() == HOME
    assert history.back() is None


def test_forget_keeps_the_current_entry() -> None:
    quiz = Place("quiz", "1")
    history = History(HOME)
    history.visit(quiz)
    history.forget(quiz)
    assert history.current == quiz and history.back() == HOME

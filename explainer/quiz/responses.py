"""Turning what a student types or presses into a response: by number or by letter.

Choices are answered "2", "b" or "B)"; true/false also "t", "false", "yes";
matching and ordering as "B A C", "bac", "2 1 3" or "1=B 2=A 3=C".
"""

from __future__ import annotations

import re

from explainer.quiz.questions import QuizItem, letter

_PAIR = re.compile(r"(\d+)\s*[=:\-]\s*([a-z]|\d+)\b")
_TOKEN = re.compile(r"[a-z]|\d+")
_TRUE = {"t", "true", "yes", "y", "right"}
_FALSE = {"f", "false", "no", "n", "wrong"}


def letter_range(count: int) -> str:
    """'A–D' for four options."""
    return f"A–{letter(count - 1)}" if count > 1 else "A"


def _option_index(token: str, count: int) -> int | None:
    if token.isdigit():
        index = int(token) - 1
    elif len(token) == 1 and token.isalpha():
        index = ord(token) - ord("a")
    else:
        return None
    return index if 0 <= index < count else None


def parse_choice(item: QuizItem, text: str) -> int | None:
    """The option a typed answer names, or None when it names none."""
    token = text.strip().casefold().rstrip(").:").strip()
    if item.type == "true_false":
        if token in _TRUE:
            return 0
        if token in _FALSE:
            return 1
    index = _option_index(token, len(item.options))
    if index is not None:
        return index
    for i, option in enumerate(item.options):
        if token == option.casefold():
            return i
    return None


def parse_sequence(item: QuizItem, text: str) -> tuple[int, ...] | None:
    """Options for each slot of a match or order item, each used once; None when that is not what was typed."""
    slots, count = len(item.solution), len(item.options)
    typed = text.strip().casefold()
    pairs = _PAIR.findall(typed)
    if pairs:
        given: dict[int, int] = {}
        for slot, token in pairs:
            index = _option_index(token, count)
            if index is None or not 1 <= int(slot) <= slots or int(slot) - 1 in given:
                return None
            given[int(slot) - 1] = index
        values = [given.get(i) for i in range(slots)]
        if None in values:
            return None
        sequence = tuple(v for v in values if v is not None)
    else:
        tokens = _TOKEN.findall(typed)
        if len(tokens) == 1 and tokens[0].isdigit() and len(tokens[0]) == slots and count <= 9:
            tokens = list(tokens[0])  # "312"
        if len(tokens) != slots:
            return None
        indices = [_option_index(t, count) for t in tokens]
        if None in indices:
            return None
        sequence = tuple(i for i in indices if i is not None)
    return sequence if len(set(sequence)) == len(sequence) else None


class Assignment:
    """Slots (a match's left side, or the places of an order) filled with options, each used once.

    Picking an option fills the current slot and moves to the next empty one;
    picking an option already used elsewhere moves it here.
    """

    def __init__(self, slots: int) -> None:
        self.values: list[int | None] = [None] * slots
        self.cursor: int | None = 0 if slots else None

    @property
    def complete(self) -> bool:
        return None not in self.values

    @property
    def response(self) -> tuple[int, ...]:
        return tuple(v for v in self.values if v is not None)

    def select(self, slot: int) -> None:
        if 0 <= slot < len(self.values):
            self.cursor = slot

    def pick(self, option: int) -> None:
        if self.cursor is None:
            return
        if option in self.values:
            self.values[self.values.index(option)] = None
        self.values[self.cursor] = option
        self.cursor = self._next_empty(self.cursor)

    def fill(self, slot: int, option: int) -> None:
        """Put an option in a slot (a hint), wherever the cursor is."""
        cursor = self.cursor
        self.cursor = slot
        self.pick(option)
        if cursor is not None and self.values[cursor] is None:
            self.cursor = cursor

    def clear(self) -> None:
        """Empty the slot before the cursor (or the last one), to correct a slip."""
        filled = [i for i, v in enumerate(self.values) if v is not None]
        if not filled:
            return
        before = [i for i in filled if self.cursor is None or i < self.cursor]
        slot = before[-1] if before else filled[-1]
        self.values[slot] = None
        self.cursor = slot

    def _next_empty(self, after: int) -> int | None:
        count = len(self.values)
        for step in range(1, count + 1):
            slot = (after + step) % count
            if self.values[slot] is None:
                return slot
        return None

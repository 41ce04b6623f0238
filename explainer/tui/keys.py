"""How a key is named to a student: one spelling everywhere (footer, Help, hints)."""

from __future__ import annotations

NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "enter": "Enter",
    "backspace": "Backspace",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "space": "Space",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
}


def key_name(key: str) -> str:
    """'ctrl+p' → 'Ctrl+P', 'question_mark' → '?', 'alt+right' → 'Alt+→', 'n' → 'n'."""
    if key in NAMES:
        return NAMES[key]
    *mods, last = key.split("+")
    name = NAMES.get(last, last.upper() if mods and len(last) == 1 else last.capitalize() if len(last) > 1 else last)
    return "+".join([*(m.capitalize() for m in mods), name])


def keys_named(keys: str) -> str:
    """A binding's comma-separated keys, named: 'escape,backspace,b' → 'Esc, Backspace, b'."""
    return ", ".join(key_name(key.strip()) for key in keys.split(","))

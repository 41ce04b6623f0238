"""The servers' log lines: one line per event, fields a script can split, nothing a client can forge.

Shared by `explainer serve` and `explainer web`, so both logs read the same way.
"""

from __future__ import annotations

import json


def printable(text: str, limit: int = 64) -> str:
    """A client-chosen name made safe for logs, argv and file names: no control characters, bounded."""
    return "".join(ch for ch in text if ch.isprintable())[:limit]


def log_line(event: str, address: str, **fields: object) -> str:
    parts = [f"{event:<10}", address]
    for name, value in fields.items():
        if value is None or value == "":
            continue
        text = str(value)
        if not text.isprintable() or any(ch in text for ch in ' "=\\'):
            text = json.dumps(text)
        parts.append(f"{name}={text}")
    return " ".join(parts)

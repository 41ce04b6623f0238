"""An author's text inside our own sentences: an option may end in a full stop, a question mark, an ellipsis or
a quotation, and what we write around it must read well whatever it ends with (never "economies.; it is")."""

from __future__ import annotations

CLOSING = "\"'\u201d\u2019)]\u00bb"  # may close a quotation after its own punctuation
ENDINGS = (".", "?", "!", "…")


def ended(text: str) -> str:
    """`text` as a whole sentence: a full stop added, unless it ends one already ("Why?", 'He said "Stop."')."""
    return text if text.rstrip(CLOSING).endswith(ENDINGS) else f"{text}."


def listed(text: str) -> str:
    """`text` as one item of a list inside a sentence ("a → b; c → d"): its own closing full stop left out."""
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text

"""What a student's client types, made safe before it reaches the session's terminal.

The session's terminal is UTF-8 (the child runs in C.UTF-8) and the server is
the only thing that writes to it, so the server guarantees two things here,
for every session, whatever the client sends:

- **Only valid UTF-8 arrives.** A byte that is not part of a UTF-8 character
  (a Latin-1 "é", an 8-bit Meta key, random noise) becomes its Latin-1
  character if it is a printable one and is dropped otherwise; C1 control
  characters are dropped. Textual 8.2's Linux driver decodes input strictly
  and ends the app on the first invalid byte, so nothing invalid may reach it.
- **Input is bounded.** Each key costs the app an event, so typed (unbracketed)
  input beyond a sustained rate and burst is dropped, a whole chunk at a time
  so escape sequences stay whole, and so is typing that arrives while the app
  has not yet read what it was sent (it never falls further behind). A bracketed paste costs one event whatever
  its length: it passes whole up to `max_paste` bytes (and `paste_rate` a
  second), the rest of it is dropped, and its end marker always passes so the
  app leaves paste mode.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from explainer.serve.limits import InputLimits, TokenBucket

PASTE_START = b"\x1b[200~"
PASTE_END = b"\x1b[201~"
_ERRORS = "explainer-student-input"


def _latin1_or_nothing(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each undecodable byte becomes its Latin-1 character if printable, else nothing."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return "".join(chr(b) for b in bad if b >= 0xA0), error.end


codecs.register_error(_ERRORS, _latin1_or_nothing)


def _printable(text: str) -> str:
    """Drop C1 controls (U+0080-U+009F): terminals do not send them and the app has no use for them."""
    if not any("\x80" <= ch <= "\x9f" for ch in text):
        return text
    return "".join(ch for ch in text if not "\x80" <= ch <= "\x9f")


@dataclass
class InputCounts:
    """What was dropped, for the log line when the session ends."""

    typed_dropped: int = 0
    paste_dropped: int = 0


class StudentInput:
    """One session's input filter: `feed` the client's bytes, write what it returns to the pty."""

    def __init__(self, limits: InputLimits, now: float) -> None:
        self.limits = limits
        self.counts = InputCounts()
        self._decoder = codecs.getincrementaldecoder("utf-8")(_ERRORS)
        self._typed = TokenBucket(limits.typed_rate, limits.typed_burst, now)
        self._pasted = TokenBucket(limits.paste_rate, limits.max_paste, now)
        self._in_paste = False
        self._paste_size = 0
        self._pending = b""  # in a paste: what could be the start of its end marker
        self._seen = b""  # outside a paste: the last bytes passed on, where a start marker may begin
        self._behind = False

    def feed(self, data: bytes, now: float, behind: bool = False) -> bytes:
        """The part of `data` that may reach the terminal, as valid UTF-8; `behind`: the app has not read what
        it was sent yet, and typing is dropped (a paste still passes, within its own limits)."""
        self._behind = behind
        kept = bytearray()
        while data:
            if self._in_paste:
                data, self._pending = self._pending + data, b""
                at = data.find(PASTE_END)
                if (
                    at < 0
                ):  # wait for the rest of a marker split across reads (never outside a paste: Esc waits for nothing)
                    tail = _partial_marker(data, PASTE_END)
                    data, self._pending = data[: len(data) - tail], data[len(data) - tail :]
                    kept += self._paste(data, now)
                    break
                kept += self._paste(data[:at], now) + PASTE_END
                self._decoder.reset()  # what was pasted cannot leave half a character behind
                self._in_paste = False
                data = data[at + len(PASTE_END) :]
            else:
                # A start marker may begin in what the last read already passed on.
                seen = self._seen + data
                at = seen.find(PASTE_START)
                if at < 0:
                    kept += self._type(data, now)
                    self._seen = seen[-(len(PASTE_START) - 1) :]
                    break
                end = at + len(PASTE_START) - len(self._seen)
                before = max(at - len(self._seen), 0)
                kept += self._type(data[:before], now, final=True) + data[before:end]
                self._in_paste, self._paste_size, self._seen = True, 0, b""
                data = data[end:]
        return bytes(kept)

    def _type(self, data: bytes, now: float, final: bool = False) -> bytes:
        if data and (self._behind or not self._typed.take(len(data), now)):
            self.counts.typed_dropped += len(data)
            data = b""
        return self._clean(data, final)

    def _paste(self, data: bytes, now: float) -> bytes:
        room = self._pasted.take_upto(min(len(data), max(self.limits.max_paste - self._paste_size, 0)), now)
        self.counts.paste_dropped += len(data) - room
        self._paste_size += room
        return self._clean(data[:room])

    def _clean(self, data: bytes, final: bool = False) -> bytes:
        return _printable(self._decoder.decode(data, final)).encode()


def _partial_marker(data: bytes, marker: bytes) -> int:
    """How many bytes at the end of `data` could be the start of `marker` (to wait for the rest)."""
    for size in range(min(len(marker) - 1, len(data)), 0, -1):
        if data.endswith(marker[:size]):
            return size
    return 0

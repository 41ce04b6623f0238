"""How many may come in: sessions in total and per address.

Pure bookkeeping, no asyncssh: the server asks `admit` before a connection
authenticates and calls `release` when it goes. A refusal carries the message
the client sees.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Refusal:
    """Why a connection is turned away: `reason` for the log, `message` for the student."""

    reason: str
    message: str


@dataclass
class SessionLimits:
    """Counts admitted connections; refuses over the total or the per-address limit."""

    max_sessions: int = 50
    max_per_address: int = 5
    _by_address: Counter[str] = field(default_factory=Counter, init=False, repr=False)

    @property
    def active(self) -> int:
        return sum(self._by_address.values())

    def admit(self, address: str) -> Refusal | None:
        """Count the connection in, or say why not (then nothing is counted)."""
        if self.active >= self.max_sessions:
            return Refusal(
                "class full",
                f"The class is full ({_sessions(self.max_sessions)} running). Please try again in a few minutes.",
            )
        if self._by_address[address] >= self.max_per_address:
            return Refusal(
                "too many from address",
                (
                    f"Too many sessions from your address ({_sessions(self.max_per_address)} at most). Close one and "
                    "try again."
                ),
            )
        self._by_address[address] += 1
        return None

    def release(self, address: str) -> None:
        if self._by_address[address] > 1:
            self._by_address[address] -= 1
        else:
            del self._by_address[address]


def _sessions(count: int) -> str:
    return f"{count} session{'' if count == 1 else 's'}"

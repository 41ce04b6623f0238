"""Every limit the server keeps, in one place: what may come in, and how much one session may use.

Pure bookkeeping, no asyncssh. Before authentication a connection is counted
by `OpeningLimits` (per address, in total, and a rate of new connections per
address), so that one address with hundreds of half-open or stalled
connections cannot keep another out. Once authenticated it is counted by
`SessionLimits`. `InputLimits` and `SessionBudget` bound what one session may
type and use. A refusal carries the message the client sees.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

MB = 1024 * 1024


@dataclass(frozen=True)
class Refusal:
    """Why a connection is turned away: `reason` for the log, `message` for the student."""

    reason: str
    message: str


def _count_out(by_address: Counter[str], address: str) -> None:
    """One connection fewer from `address`; an address with none left is forgotten, so the table stays small."""
    if by_address[address] > 1:
        by_address[address] -= 1
    else:
        del by_address[address]


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
        _count_out(self._by_address, address)


class TokenBucket:
    """`rate` units a second, saved up to `burst`: the usual shape of a rate limit."""

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst = rate, burst
        self._tokens, self._at = float(burst), now

    def take(self, amount: float, now: float) -> bool:
        """Take `amount` if there is that much; otherwise take nothing."""
        self._refill(now)
        if amount > self._tokens:
            return False
        self._tokens -= amount
        return True

    def take_upto(self, amount: int, now: float) -> int:
        """Take as much of `amount` as there is; how much was taken."""
        self._refill(now)
        taken = max(0, min(amount, int(self._tokens)))
        self._tokens -= taken
        return taken

    def tokens(self, now: float) -> float:
        """How much there is to take now."""
        self._refill(now)
        return self._tokens

    def full(self, now: float) -> bool:
        self._refill(now)
        return self._tokens >= self.burst

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now


@dataclass
class OpeningLimits:
    """Connections not yet authenticated: at most `per_address` from one address and `total` in all, and new
    connections from one address at `rate` a second (bursts of `burst`) — the way OpenSSH's MaxStartups and
    PerSourcePenalties, and Wish's rate limiter, keep one address from locking the others out."""

    per_address: int
    total: int
    rate: float
    burst: int
    _by_address: Counter[str] = field(default_factory=Counter, init=False, repr=False)
    _buckets: dict[str, TokenBucket] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def for_class(cls, max_sessions: int, max_per_address: int) -> OpeningLimits:
        """Derived from the session limits, so raising `--max-per-address` for a NAT-ed class raises these too."""
        total = max(20, 2 * max_sessions)
        return cls(
            per_address=min(max(10, 2 * max_per_address), total // 2),  # one address never fills them all
            total=total,
            rate=max(2.0, max_per_address / 5),
            burst=max(20, 2 * max_per_address),
        )

    @property
    def opening(self) -> int:
        return sum(self._by_address.values())

    def open(self, address: str, now: float) -> str | None:
        """Count a new connection in, or say (for the log) why it is dropped at once (then nothing is counted)."""
        bucket = self._buckets.get(address)
        if bucket is None:
            if len(self._buckets) > 4 * self.total:  # forget addresses that have been quiet long enough
                self._buckets = {a: b for a, b in self._buckets.items() if self._by_address[a] or not b.full(now)}
            bucket = self._buckets[address] = TokenBucket(self.rate, self.burst, now)
        if not bucket.take(1, now):
            return "connecting too fast"
        if self._by_address[address] >= self.per_address:
            return "too many connections opening from address"
        if self.opening >= self.total:
            return "too many connections opening"
        self._by_address[address] += 1
        return None

    def close(self, address: str) -> None:
        """The connection authenticated or went."""
        _count_out(self._by_address, address)


@dataclass(frozen=True)
class InputLimits:
    """How much one session may type: each typed byte costs the app an event; a bracketed paste costs one."""

    typed_rate: float = 512  # bytes a second, sustained (a fast typist sends well under 100; mouse moves more)
    typed_burst: int = 1024  # bytes at once
    max_paste: int = 65536  # bytes of one bracketed paste (a page of text is about 4000)
    paste_rate: float = 16384  # bytes a second of pasted text, sustained (bursts of max_paste)


@dataclass(frozen=True)
class SessionBudget:
    """What one session may use while it runs; the server ends a session over it and says why."""

    max_memory: int = 150 * MB  # resident anonymous memory (a session starts at about 40 MB of it)
    memory_check_seconds: float = 5.0
    resize_seconds: float = 0.2  # resizes closer together than this are passed on as one
    max_env: int = 32  # environment requests read per session; only allow-listed names are kept
    max_env_value: int = 256  # bytes of one kept value


def idle_warning(idle_timeout: float) -> float:
    """How long before the idle timeout a student is warned: a minute, or a fifth of a short timeout."""
    return min(60.0, idle_timeout / 5) if idle_timeout > 0 else 0.0


def _sessions(count: int) -> str:
    return f"{count} session{'' if count == 1 else 's'}"

"""Wrong sign-ins, counted per address: past a burst, one more try every few seconds, so a password is not guessed.

A browser has no key, so `explainer web --auth password` rests on a password a class shares, and a script could
try thousands a minute. Each address may get `burst` sign-ins wrong (name or password) at once; after that it earns
one more try every `1 / rate` seconds, and until then every sign-in from it is refused unread, the right password
too (a token bucket, as `serve` counts new connections per address). A class behind one NAT-ed address, where many
students may mistype at once, gets room in proportion to `--max-per-address`, as `serve`'s limits do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from explainer.serve.limits import TokenBucket


@dataclass
class SignInThrottle:
    """Wrong sign-ins per address: `burst` at once, then `rate` a second."""

    burst: int
    rate: float
    _buckets: dict[str, TokenBucket] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def for_class(cls, max_per_address: int) -> SignInThrottle:
        """Ten wrong tries at once, or two a session allowed per address; then one every 30 s per 5 sessions."""
        return cls(burst=max(10, 2 * max_per_address), rate=max_per_address / 150)

    def wait(self, address: str, now: float) -> float:
        """Seconds before `address` may try again: 0 if it may now."""
        bucket = self._buckets.get(address)
        left = bucket.tokens(now) if bucket is not None else 1.0
        return 0.0 if left >= 1 else (1 - left) / self.rate

    def wrong(self, address: str, now: float) -> bool:
        """A wrong sign-in from `address`; True if that was its last try for now."""
        bucket = self._buckets.get(address)
        if bucket is None:
            if len(self._buckets) > 10_000:  # forget the addresses whose tries have all come back
                self._buckets = {a: b for a, b in self._buckets.items() if not b.full(now)}
            bucket = self._buckets[address] = TokenBucket(self.rate, self.burst, now)
        bucket.take(1, now)
        return bucket.tokens(now) < 1


def seconds_to_say(wait: float) -> int:
    """A wait as the page and the log say it: whole seconds, at least one."""
    return max(1, math.ceil(wait))

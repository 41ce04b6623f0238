"""Wrong sign-ins, counted per address and per student's name: past a burst, one more try every few seconds, so a
password is not guessed.

A browser has no key, so `explainer web --auth password(s)` rests on passwords, and a script could try thousands
a minute. Each address may get `burst` sign-ins wrong (name or password) at once; after that it earns one more try
every `1 / rate` seconds, and until then every sign-in from it is refused unread, the right password too (a token
bucket, as `serve` counts new connections per address). A class behind one NAT-ed address, where many students may
mistype at once, gets room in proportion to `--max-per-address`, as `serve`'s limits do.

With `--auth passwords` a name is an account, and a guesser with many addresses could try one student's password
from each. So each listed name has a bucket too, slower (`for_names`). Counted from any browser, it would let one
student lock another out by typing the other's name wrongly; so a browser where a student has signed in before
(`KnownBrowsers`: a cookie only this server can make, one per name) is not held up by that name's bucket, nor
counted in it. Only a browser new to that name waits its turn there.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass, field

from explainer.serve.limits import TokenBucket


@dataclass
class SignInThrottle:
    """Wrong sign-ins per key (an address, or a name): `burst` at once, then `rate` a second."""

    burst: int
    rate: float
    _buckets: dict[str, TokenBucket] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def for_class(cls, max_per_address: int) -> SignInThrottle:
        """Per address: ten wrong tries at once, or two a session allowed; then one every 30 s per 5 sessions."""
        return cls(burst=max(10, 2 * max_per_address), rate=max_per_address / 150)

    @classmethod
    def for_names(cls) -> SignInThrottle:
        """Per listed name, from browsers new to it: ten wrong tries, then one a minute, whatever the address."""
        return cls(burst=10, rate=1 / 60)

    def wait(self, key: str, now: float) -> float:
        """Seconds before `key` may try again: 0 if it may now."""
        bucket = self._buckets.get(key)
        left = bucket.tokens(now) if bucket is not None else 1.0
        return 0.0 if left >= 1 else (1 - left) / self.rate

    def wrong(self, key: str, now: float) -> bool:
        """A wrong sign-in counted against `key`; True if that was its last try for now."""
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) > 10_000:  # forget the keys whose tries have all come back
                self._buckets = {a: b for a, b in self._buckets.items() if not b.full(now)}
            bucket = self._buckets[key] = TokenBucket(self.rate, self.burst, now)
        bucket.take(1, now)
        return bucket.tokens(now) < 1


KNOWN_COOKIE = "explainer-known"
KNOWN_KEPT = 8  # names a shared browser (a lab computer) is known for, the latest kept


@dataclass
class KnownBrowsers:
    """Which browsers a student has signed in from: a cookie of marks, one per name, that only this server can
    make (a keyed hash of the name). Lost on restart, when every browser is new again."""

    _key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)

    def _mark(self, name: str) -> str:
        digest = hmac.new(self._key, name.casefold().encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")

    def knows(self, cookie: str, name: str) -> bool:
        """Whether the browser sending `cookie` has signed in as `name` before."""
        mark = self._mark(name)
        return any(hmac.compare_digest(mark, seen) for seen in cookie.split(".")[:KNOWN_KEPT])

    def remember(self, cookie: str, name: str) -> str:
        """The cookie once this browser has signed in as `name`."""
        mark = self._mark(name)
        kept = [seen for seen in cookie.split(".") if seen and seen != mark]
        return ".".join([mark, *kept][:KNOWN_KEPT])


def seconds_to_say(wait: float) -> int:
    """A wait as the page and the log say it: whole seconds, at least one."""
    return max(1, math.ceil(wait))

"""Login throttling: failures per account and per client address slow, then refuse, new attempts.

State lives in this process only (no table, no migration). With several gunicorn workers each
worker keeps its own counts, so an attacker gets up to `workers` times the limits below; that is
still a few dozen guesses per quarter hour against scrypt hashes. A shared store (the database or
Redis) would make the limits exact; see the README's Security section.

"Slowed" means refused until a short wait has passed, not a sleep in the request: sleeping would
hold a worker per attempt and turn the throttle itself into a way to take the site down.
"""
from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """After `slow_after` failures inside `window` seconds, each attempt waits 2, 4, 8... seconds
    (at most `max_wait`) after the last failure; after `lock_after` failures, `lockout` seconds."""

    slow_after: int
    lock_after: int
    window: float = 15 * 60
    lockout: float = 15 * 60
    max_wait: float = 30


ACCOUNT_LIMITS = Limits(slow_after=3, lock_after=5)
# A newsroom shares one public address, so the per-address limits are looser.
ADDRESS_LIMITS = Limits(slow_after=10, lock_after=30)


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused now, and for how many more seconds."""

    scope: str  # "account" or "address"
    locked: bool  # True: locked out; False: only asked to wait a little
    retry_after: float

    @property
    def message(self) -> str:
        whom = "for this account" if self.scope == "account" else "from your network address"
        if self.locked:
            minutes = max(1, math.ceil(self.retry_after / 60))
            unit = "minute" if minutes == 1 else "minutes"
            return f"Too many failed logins {whom}; try again in {minutes} {unit}."
        seconds = max(1, math.ceil(self.retry_after))
        unit = "second" if seconds == 1 else "seconds"
        return f"Several failed logins {whom}; wait {seconds} {unit} before trying again."


@dataclass
class _Record:
    failures: list[float]
    locked_until: float = 0.0


class LoginThrottle:
    """Counts failed logins by account and by client address. Thread-safe; the clock is injectable.

    Keys are kept for at most a window after their last failure, and at most `max_keys` of each
    kind (oldest dropped first), so a flood of made-up usernames cannot grow memory without bound.
    """

    def __init__(self, *, clock: Callable[[], float] = time.monotonic,
                 account_limits: Limits = ACCOUNT_LIMITS, address_limits: Limits = ADDRESS_LIMITS,
                 max_keys: int = 50_000):
        self.clock = clock
        self.limits = {"account": account_limits, "address": address_limits}
        self.max_keys = max_keys
        self._records: dict[str, OrderedDict[str, _Record]] = {"account": OrderedDict(),
                                                               "address": OrderedDict()}
        self._lock = threading.Lock()

    @staticmethod
    def _account_key(username: str) -> str:
        # "Maria" and "maria" are the same target for a guesser.
        return username.strip().casefold()

    def check(self, *, username: str, address: str | None) -> Refusal | None:
        """None if an attempt may go ahead now, else the refusal to show."""
        now = self.clock()
        with self._lock:
            refusals = [r for r in (self._check("account", self._account_key(username), now),
                                    self._check("address", address or "", now)) if r]
        # A lockout outranks a short wait; the longer wait wins between equals.
        return max(refusals, key=lambda r: (r.locked, r.retry_after), default=None)

    def failure(self, *, username: str, address: str | None) -> None:
        now = self.clock()
        with self._lock:
            self._fail("account", self._account_key(username), now)
            self._fail("address", address or "", now)

    def success(self, *, username: str) -> None:
        """A good login clears the account's count. Not the address's: one valid account must not
        reset the count for guesses against all the others."""
        with self._lock:
            self._records["account"].pop(self._account_key(username), None)

    def _live(self, scope: str, key: str, now: float) -> _Record | None:
        record = self._records[scope].get(key)
        if record is None:
            return None
        window = self.limits[scope].window
        record.failures = [t for t in record.failures if now - t < window]
        if not record.failures and record.locked_until <= now:
            del self._records[scope][key]
            return None
        return record

    def _check(self, scope: str, key: str, now: float) -> Refusal | None:
        record = self._live(scope, key, now)
        if record is None:
            return None
        if record.locked_until > now:
            return Refusal(scope, True, record.locked_until - now)
        limits = self.limits[scope]
        count = len(record.failures)
        if count >= limits.slow_after:
            wait = min(limits.max_wait, 2.0 ** (count - limits.slow_after + 1))
            remaining = record.failures[-1] + wait - now
            if remaining > 0:
                return Refusal(scope, False, remaining)
        return None

    def _fail(self, scope: str, key: str, now: float) -> None:
        records = self._records[scope]
        record = self._live(scope, key, now) or _Record(failures=[])
        record.failures.append(now)
        limits = self.limits[scope]
        if len(record.failures) >= limits.lock_after:
            record.locked_until = now + limits.lockout
            # The lockout is the penalty for these failures; start counting afresh after it.
            record.failures = []
        records[key] = record
        records.move_to_end(key)
        while len(records) > self.max_keys:
            records.popitem(last=False)

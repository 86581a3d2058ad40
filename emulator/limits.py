"""Telegram's flood limits as token buckets.

Telegram publishes the limits loosely: about 30 messages per second overall,
about one per second in a private chat (short bursts pass), 20 per minute in
a group. Buckets reproduce that: a burst up to the bucket size, then the
refill rate. A refused call is told how many whole seconds to wait.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class FloodConfig:
    enabled: bool = True
    global_per_second: float = 30.0
    global_burst: int = 30
    chat_per_second: float = 1.0
    chat_burst: int = 5
    group_per_minute: float = 20.0
    group_burst: int = 20

    def changed(self, **changes: object) -> FloodConfig:
        known = {f.name for f in fields(self)}
        unknown = set(changes) - known
        if unknown:
            raise ValueError(f"unknown flood settings: {', '.join(sorted(unknown))}")
        for name, value in changes.items():
            wanted = bool if name == "enabled" else (int, float)
            if not isinstance(value, wanted) or (name != "enabled" and isinstance(value, bool)):
                raise ValueError(f"flood setting {name!r} has the wrong type")
            if name.endswith("burst") and value < 1:  # type: ignore[operator]
                raise ValueError(f"flood setting {name!r} must be at least 1")
            if name != "enabled" and value < 0:  # type: ignore[operator]
                raise ValueError(f"flood setting {name!r} must not be negative")
        return replace(self, **changes)  # type: ignore[arg-type]


class TokenBucket:
    def __init__(self, rate: float, capacity: int, now: float):
        self.rate = rate
        self.capacity = capacity
        self.tokens = float(capacity)
        self.stamp = now

    def wait_time(self, now: float) -> float:
        """Seconds until one token is available (0 if one is available now)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            return 0.0
        return (1 - self.tokens) / self.rate if self.rate > 0 else math.inf

    def take(self) -> None:
        self.tokens -= 1


class FloodLimiter:
    def __init__(self, config: FloodConfig, clock: Callable[[], float] = time.monotonic):
        self.config = config
        self._clock = clock
        self._global: TokenBucket | None = None
        self._chats: dict[int, TokenBucket] = {}

    def configure(self, **changes: object) -> FloodConfig:
        self.config = self.config.changed(**changes)
        self.reset()
        return self.config

    def reset(self) -> None:
        self._global = None
        self._chats.clear()

    def acquire(self, chat_id: int, private: bool) -> int | None:
        """Take one message from the budget, or return retry_after in whole seconds."""
        if not self.config.enabled:
            return None
        now = self._clock()
        buckets = [self._global_bucket(now), self._chat_bucket(chat_id, private, now)]
        wait = max(bucket.wait_time(now) for bucket in buckets)
        if wait > 0:
            return max(1, math.ceil(min(wait, 3600.0)))
        for bucket in buckets:
            bucket.take()
        return None

    def _global_bucket(self, now: float) -> TokenBucket:
        if self._global is None:
            c = self.config
            self._global = TokenBucket(c.global_per_second, c.global_burst, now)
        return self._global

    def _chat_bucket(self, chat_id: int, private: bool, now: float) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            c = self.config
            if private:
                bucket = TokenBucket(c.chat_per_second, c.chat_burst, now)
            else:
                bucket = TokenBucket(c.group_per_minute / 60.0, c.group_burst, now)
            self._chats[chat_id] = bucket
        return bucket

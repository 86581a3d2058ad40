"""Telegram's sending limits, owned in one place: about 30 messages a second for the whole
bot, about one a second per private chat (short bursts allowed) and 20 a minute per group.
Interactive replies go before bulk notifications: while a reply waits for the bot-wide
budget, no bulk message may take from it; and while a 429 holds bulk sending back,
replies go on within a share of the budget of their own."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

# Sleeping exactly the computed wait can leave 0.9999999999 tokens to float rounding;
# a token that close counts as whole, or every message would pay an extra MIN_SLEEP.
TOKEN_TOLERANCE = 1e-9
# A waiter never sleeps less than this, so no rounding or odd clock can make it spin.
MIN_SLEEP = 0.001
# Chat buckets kept before full ones are forgotten; a full bucket is the same as a new one.
PRUNE_AT = 1_000


@dataclass(frozen=True)
class Limits:
    global_per_second: float = 30.0
    global_burst: int = 30
    chat_per_second: float = 1.0
    chat_burst: int = 5
    group_per_minute: float = 20.0
    group_burst: int = 20
    # The part of the bot-wide budget replies may use while a 429 holds bulk back.
    reply_share: float = 0.5


class TokenBucket:
    """`rate` tokens a second up to `capacity`; refills continuously, starts full."""

    def __init__(self, rate: float, capacity: float, *, now: float) -> None:
        if rate <= 0 or capacity < 1:
            raise ValueError("a bucket needs a positive rate and room for one token")
        self.rate = rate
        self.capacity = capacity
        self.tokens = float(capacity)
        self.updated = now

    def try_take(self, now: float) -> bool:
        """Take one token if one is available now."""
        self._refill(now)
        if self.tokens < 1 - TOKEN_TOLERANCE:
            return False
        self.tokens -= 1
        return True

    def wait_time(self, now: float) -> float:
        """Seconds until a token is available; 0 if one is available now."""
        self._refill(now)
        if self.tokens >= 1 - TOKEN_TOLERANCE:
            return 0.0
        return (1 - self.tokens) / self.rate

    def drain(self, *, until: float) -> None:
        """No tokens now, and none accrue before `until`."""
        self.tokens = 0.0
        self.updated = max(self.updated, until)

    def is_full(self, now: float) -> bool:
        self._refill(now)
        return self.tokens >= self.capacity

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now


class Limiter:
    """Decides when the next message to a chat may go out. Clock and sleep are injectable
    so tests can run in virtual time."""

    def __init__(self, limits: Limits = Limits(), *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.limits = limits
        self._clock = clock
        self._sleep = sleep
        now = clock()
        self._global = TokenBucket(limits.global_per_second, limits.global_burst, now=now)
        self._chats: dict[int, TokenBucket] = {}
        self._prune_at = PRUNE_AT
        self._paused_until = now  # nothing is sent before (a 429 on a reply)
        self._bulk_paused_until = now  # no bulk message is sent before (a 429 on any send)
        # What replies take from instead of the global bucket while only bulk is paused.
        self._share = TokenBucket(limits.global_per_second * limits.reply_share,
                                  max(1.0, limits.global_burst * limits.reply_share), now=now)
        self._replies_waiting = 0
        # Set (and dropped) when the last waiting reply got its token; None when none waits.
        self._replies_done: asyncio.Event | None = None

    @property
    def paused_until(self) -> float:
        """Clock time before which nothing is sent (a past time when not paused)."""
        return self._paused_until

    @property
    def tracked_chats(self) -> int:
        """How many per-chat buckets are held in memory."""
        return len(self._chats)

    def pause(self, seconds: float, *, bulk_only: bool = False) -> None:
        """After HTTP 429 retry_after: no bulk message until now + seconds, nor any reply
        unless bulk_only (the 429 answered a bulk send).

        Telegram asks the whole bot to slow down, not one chat. Bulk sends are what use
        the budget up, so holding them back is what gives it back; replies to people who
        just wrote go on meanwhile, at a share of the pace, starting from nothing. A 429
        on a reply means even that is too much: everything waits. A shorter pause never
        cuts a longer one short."""
        now = self._clock()
        fresh = now >= self._bulk_paused_until  # no bulk pause running yet
        if not bulk_only:
            self._paused_until = max(self._paused_until, now + seconds)
        self._bulk_paused_until = max(self._bulk_paused_until, self._paused_until, now + seconds)
        # Resume at the steady pace, not with a full burst: a burst right after the pause
        # meets Telegram's own bucket still refilling and earns the next 429 at once.
        self._global.drain(until=self._bulk_paused_until)
        if fresh or not bulk_only:
            self._share.drain(until=max(now, self._paused_until))

    async def acquire(self, chat_id: int, *, interactive: bool) -> None:
        """Wait until a message to chat_id may be sent now, then consume the chat's and the
        global budget."""
        # Chat buckets are independent, so waiting for this chat first holds nobody up;
        # only then does a reply count as waiting for the shared budget.
        await self._wait_for_chat(chat_id)
        if not interactive:
            await self._take(chat_id, interactive=False)
            return
        self._reply_waits()
        try:
            await self._take(chat_id, interactive=True)
        finally:
            self._reply_leaves()

    async def _wait_for_chat(self, chat_id: int) -> None:
        while True:
            now = self._clock()
            delay = self._chat(chat_id, now).wait_time(now)
            if delay <= 0:
                return
            await self._sleep(max(delay, MIN_SLEEP))

    async def _take(self, chat_id: int, *, interactive: bool) -> None:
        while True:
            replies_done = self._replies_done
            if not interactive and replies_done is not None:
                await replies_done.wait()
                continue
            now = self._clock()
            chat = self._chat(chat_id, now)
            budget = self._budget(now, interactive=interactive)
            paused = self._paused_until if interactive else self._bulk_paused_until
            budget_wait = budget.wait_time(now)
            if budget is self._share:  # the global bucket may serve sooner, when bulk resumes
                budget_wait = min(budget_wait, self._bulk_paused_until - now)
            delay = max(paused - now, chat.wait_time(now), budget_wait)
            if delay <= 0:
                # Both buckets have a token at this same instant, so both takes succeed.
                chat.try_take(now)
                budget.try_take(now)
                return
            await self._sleep(max(delay, MIN_SLEEP))

    def _budget(self, now: float, *, interactive: bool) -> TokenBucket:
        """The bucket a send takes from now: the replies' share while only bulk is held
        back (the global bucket gets no tokens then), else the global bucket."""
        if interactive and self._paused_until <= now < self._bulk_paused_until:
            return self._share
        return self._global

    def _reply_waits(self) -> None:
        if self._replies_waiting == 0:
            self._replies_done = asyncio.Event()
        self._replies_waiting += 1

    def _reply_leaves(self) -> None:
        self._replies_waiting -= 1
        if self._replies_waiting == 0 and self._replies_done is not None:
            self._replies_done.set()
            self._replies_done = None

    def _chat(self, chat_id: int, now: float) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) >= self._prune_at:
                self._prune(now)
            bucket = self._chats[chat_id] = self._new_chat_bucket(chat_id, now)
        return bucket

    def _new_chat_bucket(self, chat_id: int, now: float) -> TokenBucket:
        if chat_id < 0:  # groups, supergroups and channels
            return TokenBucket(self.limits.group_per_minute / 60, self.limits.group_burst,
                               now=now)
        return TokenBucket(self.limits.chat_per_second, self.limits.chat_burst, now=now)

    def _prune(self, now: float) -> None:
        # A full bucket behaves exactly like a new one, so forgetting it loses nothing.
        self._chats = {chat_id: bucket for chat_id, bucket in self._chats.items()
                       if not bucket.is_full(now)}
        # If many chats are genuinely busy, scan again only after the map doubles, so
        # pruning stays linear overall.
        self._prune_at = max(PRUNE_AT, 2 * len(self._chats))

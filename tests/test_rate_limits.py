"""The limiter in virtual time: no test depends on how fast the machine is.

Virtual time is an event loop whose clock jumps straight to the next timer whenever every
task is waiting. A fake sleep that merely adds its duration to a counter would be wrong
as soon as two tasks sleep at once (time would advance by the sum of their sleeps); this
loop advances it the way real time does, by the longest, and costs no real time."""

import asyncio
import selectors
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rate_limits import PRUNE_AT, Limiter, Limits, TokenBucket

T = TypeVar("T")


class _JumpingSelector(selectors.DefaultSelector):
    def __init__(self, loop: "VirtualTimeLoop") -> None:
        super().__init__()
        self.loop = loop

    def select(self, timeout: float | None = None) -> list[Any]:
        # The loop passes the time until its next timer, or 0 while tasks are ready.
        if timeout is None:
            raise RuntimeError("deadlock: every task is waiting and no timer is set")
        self.loop.now += timeout
        return super().select(0)


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    def __init__(self) -> None:
        self.now = 0.0
        super().__init__(_JumpingSelector(self))

    def time(self) -> float:
        return self.now


def run_virtual(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        return runner.run(main())


def virtual_limiter(limits: Limits | None = None) -> Limiter:
    """A limiter on the running virtual loop's clock; asyncio.sleep is virtual there."""
    return Limiter(limits or Limits(), clock=asyncio.get_running_loop().time,
                   sleep=asyncio.sleep)


def now() -> float:
    return asyncio.get_running_loop().time()


async def send_times(limiter: Limiter, chat_ids: list[int], *,
                     interactive: bool = False) -> list[float]:
    """Acquire for each chat at once; the virtual times at which each was let through."""
    async def one(chat_id: int) -> float:
        await limiter.acquire(chat_id, interactive=interactive)
        return now()
    return sorted(await asyncio.gather(*(one(chat_id) for chat_id in chat_ids)))


def test_bucket_refills_continuously_up_to_capacity() -> None:
    bucket = TokenBucket(2.0, 3, now=0.0)
    assert [bucket.try_take(0.0) for _ in range(4)] == [True, True, True, False]
    assert bucket.wait_time(0.0) == pytest.approx(0.5)
    assert bucket.wait_time(0.25) == pytest.approx(0.25)
    assert bucket.try_take(0.5) and not bucket.try_take(0.5)
    assert not bucket.is_full(1.0) and bucket.is_full(100.0)
    assert bucket.wait_time(100.0) == 0
    assert [bucket.try_take(100.0) for _ in range(4)] == [True, True, True, False]


@settings(max_examples=30, deadline=None)
@given(rate=st.floats(0.5, 500), burst=st.integers(1, 40), sends=st.integers(1, 70),
       lanes=st.lists(st.booleans(), min_size=70, max_size=70))
def test_global_budget_allows_at_most_burst_plus_rate_times_elapsed(
        rate: float, burst: int, sends: int, lanes: list[bool]) -> None:
    async def main() -> list[float]:
        limiter = virtual_limiter(Limits(global_per_second=rate, global_burst=burst))

        async def one(chat_id: int) -> float:
            await limiter.acquire(chat_id, interactive=lanes[chat_id])
            return now()
        return sorted(await asyncio.gather(*(one(chat_id) for chat_id in range(sends))))

    times = run_virtual(main)
    # Any window [t_i, t_j] holds at most burst + rate × its length sends.
    for i in range(len(times)):
        for j in range(i, len(times)):
            assert j - i + 1 <= burst + rate * (times[j] - times[i]) + 1e-6
    # And the budget is used, not wasted: the last send is as early as the limit allows.
    assert times[-1] <= max(0, sends - burst) / rate + 1e-6


def test_private_chat_gets_its_burst_then_one_message_a_second() -> None:
    async def main() -> list[float]:
        limiter = virtual_limiter()
        times = []
        for _ in range(8):
            await limiter.acquire(42, interactive=True)
            times.append(now())
        return times

    assert run_virtual(main) == pytest.approx([0, 0, 0, 0, 0, 1, 2, 3], abs=1e-6)


def test_group_gets_twenty_messages_a_minute() -> None:
    async def main() -> list[float]:
        return await send_times(virtual_limiter(), [-100] * 23)

    assert run_virtual(main) == pytest.approx([0] * 20 + [3, 6, 9], abs=1e-6)


def test_chats_do_not_wait_for_each_other() -> None:
    async def main() -> list[float]:
        limiter = virtual_limiter()
        await send_times(limiter, [1] * 5)  # chat 1 spends its burst
        return await send_times(limiter, [1, 2, 3, -4])

    assert run_virtual(main) == pytest.approx([0, 0, 0, 1], abs=1e-6)


def test_two_sends_to_one_chat_waiting_for_the_global_budget_share_the_chats_token() -> None:
    async def main() -> list[float]:
        limiter = virtual_limiter(Limits(global_per_second=1, global_burst=1,
                                         chat_per_second=0.25, chat_burst=1))
        await limiter.acquire(9, interactive=False)  # spends the global token
        return await send_times(limiter, [5, 5])  # both see chat 5's one token at first

    assert run_virtual(main) == pytest.approx([1, 5], abs=1e-6)


def test_pause_holds_every_lane_until_it_ends() -> None:
    async def main() -> tuple[list[float], float]:
        limiter = virtual_limiter()
        await limiter.acquire(1, interactive=True)
        limiter.pause(10)  # a 429 on a reply: Telegram says even replies are too many
        limiter.pause(2)  # a second, shorter 429 does not cut the first one short
        paused_until = limiter.paused_until
        times = await asyncio.gather(send_times(limiter, [2, -3], interactive=True),
                                     send_times(limiter, [4, 5]))
        return times[0] + times[1], paused_until

    times, paused_until = run_virtual(main)
    assert paused_until == 10
    # Nothing before the pause ends, then the steady pace (30/s), not a burst.
    assert sorted(times) == pytest.approx([10 + k / 30 for k in range(1, 5)], abs=1e-6)


def test_a_429_on_bulk_holds_bulk_back_while_replies_go_on_within_their_share() -> None:
    async def main() -> tuple[list[float], list[float], float]:
        limiter = virtual_limiter(Limits(global_per_second=10, global_burst=10,
                                         reply_share=0.5))
        await send_times(limiter, list(range(100, 110)))  # the burst, all at 0
        limiter.pause(5, bulk_only=True)
        bulk = asyncio.create_task(send_times(limiter, list(range(200, 220))))
        await asyncio.sleep(1)
        replies = await send_times(limiter, list(range(1, 7)), interactive=True)
        return replies, await bulk, limiter.paused_until

    replies, bulk, paused_until = run_virtual(main)
    assert paused_until == 0  # replies were never paused
    # Their share (5/s) started empty at the 429 and filled up while nobody wrote.
    assert replies == pytest.approx([1] * 5 + [1.2], abs=1e-6)
    # Bulk waits out retry_after, then resumes at the steady pace.
    assert bulk == pytest.approx([5 + k / 10 for k in range(1, 21)], abs=1e-6)


def test_a_429_on_a_reply_during_a_bulk_pause_holds_replies_back_too() -> None:
    async def main() -> list[float]:
        limiter = virtual_limiter(Limits(global_per_second=10, global_burst=10))
        limiter.pause(5, bulk_only=True)
        await asyncio.sleep(1)
        limiter.pause(2)  # a reply was refused: even the share is too much now
        return await send_times(limiter, [1, 2], interactive=True)

    # After the reply's pause, the share again from nothing, at 5/s.
    assert run_virtual(main) == pytest.approx([3.2, 3.4], abs=1e-6)


@settings(max_examples=30, deadline=None)
@given(rate=st.floats(0.5, 200), burst=st.integers(1, 30), share=st.floats(0.05, 1),
       lanes=st.lists(st.booleans(), min_size=60, max_size=60),
       pauses=st.lists(st.tuples(st.floats(0, 3), st.floats(0.1, 3), st.booleans()),
                       max_size=3))
def test_no_429_lets_the_lanes_together_exceed_the_global_budget(
        rate: float, burst: int, share: float, lanes: list[bool],
        pauses: list[tuple[float, float, bool]]) -> None:
    async def main() -> list[tuple[float, bool]]:
        limiter = virtual_limiter(Limits(global_per_second=rate, global_burst=burst,
                                         reply_share=share))

        async def one(chat_id: int) -> tuple[float, bool]:
            await asyncio.sleep(chat_id / 20)  # people keep writing while bulk is held
            await limiter.acquire(chat_id, interactive=lanes[chat_id])
            return now(), lanes[chat_id]

        async def refused(at: float, seconds: float, bulk_only: bool) -> None:
            await asyncio.sleep(at)
            limiter.pause(seconds, bulk_only=bulk_only)
            held.append((at, at + seconds, bulk_only))

        held: list[tuple[float, float, bool]] = []
        sends = asyncio.gather(*(one(chat_id) for chat_id in range(len(lanes))))
        await asyncio.gather(*(refused(*pause) for pause in pauses))
        sent = await sends
        for start, end, bulk_only in held:
            assert not [t for t, reply in sent if start < t < end - 1e-9
                        and not (reply and bulk_only)]
        return sorted(sent)

    times = [t for t, _ in run_virtual(main)]
    for i in range(len(times)):
        for j in range(i, len(times)):
            assert j - i + 1 <= burst + rate * (times[j] - times[i]) + 1e-6


def test_interactive_overtakes_waiting_bulk() -> None:
    async def main() -> tuple[list[str], int]:
        limiter = virtual_limiter(Limits(global_per_second=10, global_burst=10))
        done: list[str] = []

        async def send(name: str, chat_id: int, *, interactive: bool) -> None:
            await limiter.acquire(chat_id, interactive=interactive)
            done.append(name)

        bulk = [asyncio.create_task(send(f"bulk {i}", i, interactive=False))
                for i in range(1, 51)]
        await asyncio.sleep(1.05)  # 10 bulk at once, then one every 0.1 s
        waiting = 50 - len(done)
        await send("reply", 999, interactive=True)
        assert now() == pytest.approx(1.1, abs=1e-6)  # the very next global token
        await asyncio.gather(*bulk)
        return done, waiting

    done, waiting = run_virtual(main)
    assert waiting == 30
    assert done.index("reply") == 50 - waiting
    assert len(done) == 51


def test_reply_waiting_for_its_own_chat_does_not_hold_bulk_back() -> None:
    async def main() -> tuple[list[float], float]:
        limiter = virtual_limiter()
        await send_times(limiter, [7] * 5)  # chat 7 spends its burst

        async def reply() -> float:
            await limiter.acquire(7, interactive=True)
            return now()
        reply_task = asyncio.create_task(reply())
        await asyncio.sleep(0)
        bulk = await send_times(limiter, list(range(100, 110)))
        return bulk, await reply_task

    bulk, reply_at = run_virtual(main)
    assert bulk == [0] * 10
    assert reply_at == pytest.approx(1, abs=1e-6)


def test_cancelled_reply_releases_bulk() -> None:
    async def main() -> list[float]:
        limiter = virtual_limiter(Limits(global_per_second=1, global_burst=1))
        await limiter.acquire(1, interactive=True)
        reply = asyncio.create_task(limiter.acquire(2, interactive=True))
        await asyncio.sleep(0.5)
        reply.cancel()
        return await send_times(limiter, [3])

    assert run_virtual(main) == pytest.approx([1], abs=1e-6)


async def test_chat_buckets_stay_bounded_over_ten_thousand_recipients() -> None:
    clock = [0.0]

    async def never_sleep(seconds: float) -> None:
        raise AssertionError("no wait expected: the clock steps past every chat's limit")

    limiter = Limiter(Limits(global_per_second=1000, global_burst=1000),
                      clock=lambda: clock[0], sleep=never_sleep)
    most = 0
    for recipient in range(1, 10_001):
        chat_id = recipient if recipient % 3 else -recipient  # every third one a group
        await limiter.acquire(chat_id, interactive=False)
        most = max(most, limiter.tracked_chats)
        clock[0] += 0.05
    assert most <= PRUNE_AT



def test_after_a_pause_sending_resumes_at_the_steady_pace_not_in_a_burst() -> None:
    from bot.rate_limits import TokenBucket

    bucket = TokenBucket(rate=30, capacity=30, now=0.0)
    bucket.drain(until=1.0)
    assert not bucket.try_take(0.5)  # nothing during the pause
    assert not bucket.try_take(1.0)  # and no burst saved up by it
    assert bucket.try_take(1.0 + 1 / 30)
    assert not bucket.try_take(1.0 + 1 / 30)

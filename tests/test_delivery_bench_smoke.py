"""The delivery benchmark's machinery with tiny numbers, through the same path as
`python bench/delivery.py`: the bot runs as a process against the flood-limited emulator,
is killed with SIGKILL and restarted, and every recipient is counted. Only correctness is
asserted, never a timing: this machine may be busy with anything."""

import json

from bench.delivery import benchmark
from bench.delivery_report import json_line, percentile_ms, steady_rates, table
from bench.delivery_run import Plan, spread


def test_rates_skip_the_first_second_of_a_long_broadcast() -> None:
    notices = [n / 100 for n in range(1001)]  # 100 a second for 10 s
    rates = steady_rates(notices, replies=[5.0, 5.5])
    assert rates is not None
    assert round(rates.seconds, 6) == 9 and round(rates.notices) == 100
    assert round(rates.messages, 2) == round(902 / 9, 2)


def test_percentiles_are_nearest_rank_in_milliseconds() -> None:
    latencies = [n / 1000 for n in range(100, 0, -1)]
    assert (percentile_ms(latencies, 50), percentile_ms(latencies, 99)) == (50, 99)
    assert percentile_ms([], 99) is None


def test_askers_are_spread_over_the_residents() -> None:
    assert spread(list(range(100)), 4) == [0, 25, 50, 75]
    assert spread([7, 8], 5) == [7, 8]


async def test_a_tiny_broadcast_reaches_everyone_across_a_kill() -> None:
    # A wide emulator burst keeps 429 pauses (a second each) from stretching the test.
    plan = Plan(recipients=60, rate=100, burst=10, emulator_burst=100, askers=3, think=0.1)
    report = await benchmark(plan, quiet=True, timeout=90)
    steady, killed = report.steady, report.killed
    assert steady is not None and killed is not None
    for received in (steady.received, killed.received):
        assert received.targets >= 60
        assert received.misses == 0, "a recipient never got the notice"
        assert received.states == {"sent": received.targets}
    assert steady.received.duplicates == 0
    assert killed.received.duplicates <= plan.concurrency
    assert 0 < killed.sent_before_kill < killed.received.targets
    assert report.rates is not None and report.rates.notices > 0
    assert report.budget_used is not None and report.budget_used > 0
    p50, p99 = report.p(50), report.p(99)
    assert p50 is not None and p99 is not None and 0 < p50 <= p99
    figures = json.loads(json_line(report))
    assert figures["kill"]["misses"] == figures["steady"]["misses"] == 0
    assert "recipients missed = 0" in table(report)

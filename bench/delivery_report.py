"""The delivery benchmark's figures and targets, as a table for people or a JSON line."""

import json
import math
from dataclasses import asdict, dataclass
from typing import Any

from bench.delivery_run import KillRun, Plan, SteadyRun

MIN_BUDGET_USED = 0.95
MAX_429_SHARE = 0.01  # of the messages sent: each one stops the whole bot for >= 1 s
MAX_P99_MS = 300.0
SKIP_SECONDS = 1.0  # the start of a broadcast spends the burst: not the steady rate


@dataclass(frozen=True)
class Rates:
    seconds: float  # the steady window
    notices: float  # notices a second
    messages: float  # every message a second: notices and answers share one budget


@dataclass(frozen=True)
class Check:
    name: str
    value: float | None
    passed: bool | None  # None: not measured in this run


def steady_rates(notices: list[float], replies: list[float]) -> Rates | None:
    """Rates from the first notice (plus a second, if the broadcast is long enough to spare
    one) to the last; messages at the window's opening instant were sent before it."""
    if len(notices) < 2:
        return None
    first, last = min(notices), max(notices)
    start = first + SKIP_SECONDS if last - first > 3 * SKIP_SECONDS else first
    seconds = last - start
    if seconds <= 0:
        return None
    sent = sum(1 for t in notices if start < t <= last)
    answered = sum(1 for t in replies if start < t <= last)
    return Rates(seconds, sent / seconds, (sent + answered) / seconds)


def percentile_ms(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of seconds, in milliseconds."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(p / 100 * len(ordered)) - 1, 0)] * 1000


def latencies(run: SteadyRun) -> list[float]:
    """Exchanges asked while the broadcast was still going out."""
    if not run.notices:
        return []
    last = max(run.notices)
    return [latency for asked, latency in run.exchanges if asked <= last]


@dataclass(frozen=True)
class Report:
    plan: Plan
    steady: SteadyRun | None
    killed: KillRun | None

    @property
    def rates(self) -> Rates | None:
        return steady_rates(self.steady.notices, self.steady.replies) if self.steady else None

    @property
    def budget_used(self) -> float | None:
        return self.rates.messages / self.plan.rate if self.rates else None

    def p(self, percent: float) -> float | None:
        return percentile_ms(latencies(self.steady), percent) if self.steady else None

    def checks(self) -> list[Check]:
        used, p99, steady, killed = self.budget_used, self.p(99), self.steady, self.killed
        sent = len(steady.notices) + len(steady.replies) if steady else 0
        misses = [run.received.misses for run in (steady, killed) if run is not None]
        return [
            _check(f"budget used >= {MIN_BUDGET_USED}", used,
                   lambda v: v >= MIN_BUDGET_USED),
            _check(f"429s <= {MAX_429_SHARE:.0%} of messages",
                   steady.too_many if steady else None, lambda v: v <= MAX_429_SHARE * sent),
            _check(f"reply p99 < {MAX_P99_MS:.0f} ms", p99, lambda v: v < MAX_P99_MS),
            _check("recipients missed = 0", sum(misses) if misses else None, lambda v: v == 0),
            _check(f"duplicates after kill <= {self.plan.concurrency}",
                   killed.received.duplicates if killed else None,
                   lambda v: v <= self.plan.concurrency),
        ]


def _check(name: str, value: float | None, rule: Any) -> Check:
    return Check(name, value, None if value is None else bool(rule(value)))


def table(report: Report) -> str:
    plan = report.plan
    emulator_burst = plan.burst if plan.emulator_burst is None else plan.emulator_burst
    lines = [f"broadcast to {plan.recipients:,} residents (+ the seeded staff); budget "
             f"{plan.rate:g} msg/s, burst {plan.burst} in the bot and {emulator_burst} in the "
             f"emulator; sender concurrency {plan.concurrency}", ""]
    if report.steady is not None:
        lines += _steady_lines(report, report.steady)
    if report.killed is not None:
        lines += _killed_lines(plan, report.killed)
    lines += ["targets:"]
    for check in report.checks():
        mark = {True: "PASS", False: "FAIL", None: "----"}[check.passed]
        value = "not measured" if check.value is None else f"{check.value:g}"
        lines.append(f"  [{mark}] {check.name:34} {value}")
    return "\n".join(lines)


def _steady_lines(report: Report, run: SteadyRun) -> list[str]:
    plan, rates, measured = report.plan, report.rates, latencies(run)
    lines = [f"run 1: broadcast while {plan.askers} residents ask /help "
             f"(one question every ~{plan.think:g}-{plan.think * 1.5:g} s each)",
             f"  notices delivered        {len(run.notices):,} of {run.received.targets:,} "
             f"in {run.seconds:.1f} s from bot start to the last row final"]
    if rates is not None:
        lines += [f"  steady window            {rates.seconds:.1f} s",
                  f"  notices / s              {rates.notices:.1f}",
                  f"  all messages / s         {rates.messages:.1f} "
                  f"(notices + answers) = {rates.messages / plan.rate:.3f} of the budget"]
    lines += [f"  429 answers              {run.too_many}",
              f"  answer latency           p50 {_ms(report.p(50))}  p99 {_ms(report.p(99))}  "
              f"max {_ms(percentile_ms(measured, 100))}  ({len(measured)} exchanges; "
              f"first answers, not counted: max {_ms(percentile_ms(run.warmups, 100))})",
              f"  misses / duplicates      {run.received.misses} / {run.received.duplicates}",
              f"  final rows               {_states(run.received.states)}",
              f"  cpu (share of a core)    bot {_share(run.bot_cpu)}, emulator and askers "
              f"{_share(run.bench_cpu)}", ""]
    return lines


def _killed_lines(plan: Plan, run: KillRun) -> list[str]:
    return [f"run 2: kill -9 after {plan.kill_at:.0%} of the notices, restart with "
            f"SENDER_LEASE_SECONDS={plan.lease:g}",
            f"  sent before the kill     {run.sent_before_kill:,} of {run.received.targets:,}",
            f"  restart to all final     {run.restart_seconds:.1f} s",
            f"  429 answers              {run.too_many}",
            f"  misses / duplicates      {run.received.misses} / {run.received.duplicates}",
            f"  final rows               {_states(run.received.states)}", ""]


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} ms"


def _states(states: dict[str, int]) -> str:
    return ", ".join(f"{state} {n:,}" for state, n in sorted(states.items())) or "none"


def json_line(report: Report) -> str:
    steady, killed, rates = report.steady, report.killed, report.rates
    figures: dict[str, Any] = {"plan": asdict(report.plan)}
    if steady is not None:
        figures["steady"] = {
            "notices": len(steady.notices), "seconds": round(steady.seconds, 3),
            "rates": asdict(rates) if rates else None, "budget_used": report.budget_used,
            "too_many": steady.too_many, "exchanges": len(latencies(steady)),
            "p50_ms": report.p(50), "p99_ms": report.p(99), "bot_cpu": steady.bot_cpu,
            "bench_cpu": steady.bench_cpu, **asdict(steady.received)}
    if killed is not None:
        figures["kill"] = {"sent_before_kill": killed.sent_before_kill,
                           "restart_seconds": round(killed.restart_seconds, 3),
                           "too_many": killed.too_many, **asdict(killed.received)}
    figures["targets"] = {c.name: c.passed for c in report.checks()}
    return json.dumps(figures, ensure_ascii=False)

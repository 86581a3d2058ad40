"""The figures of a benchmark run, as a table for people or a JSON line for tools."""

import json
from dataclasses import asdict, dataclass
from typing import Any

from bench.load import Plan, Result
from bench.measure import Measurement

MIN_RATE = 300.0  # updates per second
MAX_P99_MS = 50.0
MIN_RATIO = 0.5  # of the echo bot's throughput


@dataclass(frozen=True)
class Check:
    name: str
    value: float | None
    passed: bool | None  # None: not measured in this run


@dataclass(frozen=True)
class Report:
    plan: Plan
    yishi: Measurement | None
    echo: Measurement | None
    ptb: Measurement | None = None  # Yishi on python-telegram-bot

    @property
    def ratio(self) -> float | None:
        return _ratio(self.yishi, self.echo)

    @property
    def engine_ratio(self) -> float | None:
        """python-telegram-bot over aiogram, the same bot on the same emulator."""
        return _ratio(self.ptb, self.yishi)

    def checks(self) -> list[Check]:
        """Throughput is the closed loop's (the most the bot takes); latency is the open
        loop's at MIN_RATE offered (what a resident sees at that rate)."""
        rate = self.yishi.result.per_second if self.yishi else None
        opened = self.yishi.open if self.yishi else None
        at_rate = opened is not None and self.plan.rate >= MIN_RATE
        p99 = opened.percentile_ms(99) if opened is not None and at_rate else None
        ratio = self.ratio
        return [
            Check(f">= {MIN_RATE:.0f} updates/s", rate, None if rate is None else rate >= MIN_RATE),
            Check(f"p99 < {MAX_P99_MS:.0f} ms at {MIN_RATE:.0f}/s", p99,
                  None if p99 is None else p99 < MAX_P99_MS),
            Check(f">= {MIN_RATIO} x echo throughput", ratio,
                  None if ratio is None else ratio >= MIN_RATIO),
        ]


def _ratio(top: Measurement | None, bottom: Measurement | None) -> float | None:
    if top is None or bottom is None:
        return None
    return top.result.per_second / bottom.result.per_second


def _cpu(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def table(report: Report) -> str:
    plan = report.plan
    lines = [f"closed loop: {plan.users} users sending {plan.text!r}, {plan.warmup} exchanges "
             f"of warm-up, {plan.updates} measured",
             "",
             f"{'':32} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'count':>6} "
             f"{'bot cpu':>8} {'emulator cpu':>13}"]
    for m in (report.yishi, report.ptb, report.echo):
        if m is not None:
            r = m.result
            lines.append(f"{m.label:32} {r.per_second:10.1f} {r.percentile_ms(50):8.1f} "
                         f"{r.percentile_ms(99):8.1f} {r.count:6d} {_cpu(m.bot_cpu):>8} "
                         f"{_cpu(m.load_cpu):>13}")
            if r.unexpected:
                lines.append(f"  ({r.unexpected} bot messages arrived that nobody waited for)")
    opened = [m for m in (report.yishi, report.ptb, report.echo) if m and m.open]
    if opened:
        lines += ["", f"open loop: {plan.open_users} users, Poisson arrivals at {plan.rate:g}/s, "
                      f"{plan.open_updates} measured, latency from when each message was due",
                  "", f"{'':32} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"]
        for m in opened:
            r = m.open
            assert r is not None
            lines.append(f"{m.label:32} {r.per_second:10.1f} {r.percentile_ms(50):8.1f} "
                         f"{r.percentile_ms(99):8.1f} {r.percentile_ms(100):8.1f}")
            if r.unexpected:
                lines.append(f"  ({r.unexpected} bot messages arrived that nobody waited for)")
    if report.ratio is not None:
        lines += ["", f"ratio yishi/echo throughput: {report.ratio:.2f}"]
    if report.engine_ratio is not None:
        lines += [f"ratio python-telegram-bot/aiogram throughput: {report.engine_ratio:.2f}"]
    lines += ["", "targets for yishi:"]
    for check in report.checks():
        mark = {True: "PASS", False: "FAIL", None: "----"}[check.passed]
        value = "not measured" if check.value is None else f"{check.value:.2f}"
        lines.append(f"  [{mark}] {check.name:28} {value}")
    return "\n".join(lines)


def _figures(m: Measurement | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {"label": m.label, **_result(m.result), "bot_cpu": m.bot_cpu,
            "emulator_cpu": m.load_cpu, "open_loop": _result(m.open) if m.open else None}


def _result(r: Result) -> dict[str, Any]:
    return {"updates_per_second": round(r.per_second, 2),
            "p50_ms": round(r.percentile_ms(50), 3), "p99_ms": round(r.percentile_ms(99), 3),
            "count": r.count, "seconds": round(r.seconds, 4), "unexpected": r.unexpected}


def json_line(report: Report) -> str:
    return json.dumps({
        "plan": asdict(report.plan),
        "yishi": _figures(report.yishi),
        "ptb": _figures(report.ptb),
        "echo": _figures(report.echo),
        "ratio": report.ratio,
        "engine_ratio": report.engine_ratio,
        "targets": {c.name: c.passed for c in report.checks()},
    }, ensure_ascii=False)

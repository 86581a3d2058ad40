"""The figures `/metrics` serves, in Prometheus's text exposition format (version 0.0.4).
Written here rather than taken from prometheus_client: three small kinds of figure are
all the bot needs, and one process's figures live in its `Metrics`, not in a global
registry (tests run several bots in one process).

Counters and histograms are moved by the code they measure; gauges are read when
scraped (bot/health.py), so a figure is never older than the scrape."""

import math
from collections.abc import Iterable, Sequence

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SWEEP_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
Labels = tuple[str, ...]


class Counter:
    def __init__(self, name: str, help: str, labels: Sequence[str] = (),
                 known: Iterable[Labels] = ()) -> None:
        """known: label values shown at 0 before anything happened, so a rate over
        them works from the first scrape."""
        self.name, self.help, self.labels = name, help, tuple(labels)
        self.values: dict[Labels, float] = {values: 0.0 for values in known}

    def inc(self, *values: str, amount: float = 1.0) -> None:
        self.values[values] = self.values.get(values, 0.0) + amount

    def value(self, *values: str) -> float:
        return self.values.get(values, 0.0)

    def lines(self) -> list[str]:
        return [*_header(self.name, self.help, "counter"),
                *(_sample(self.name, self.labels, values, amount)
                  for values, amount in sorted(self.values.items()))]


class Histogram:
    def __init__(self, name: str, help: str, buckets: Sequence[float],
                 labels: Sequence[str] = ()) -> None:
        self.name, self.help, self.labels = name, help, tuple(labels)
        self.buckets = tuple(sorted(buckets))
        self.counts: dict[Labels, list[int]] = {}  # per bucket, then +Inf
        self.sums: dict[Labels, float] = {}

    def observe(self, seconds: float, *values: str) -> None:
        counts = self.counts.setdefault(values, [0] * (len(self.buckets) + 1))
        for index, bound in enumerate((*self.buckets, math.inf)):
            if seconds <= bound:
                counts[index] += 1
        self.sums[values] = self.sums.get(values, 0.0) + seconds

    def count(self, *values: str) -> int:
        return self.counts.get(values, [0])[-1]

    def lines(self) -> list[str]:
        out = _header(self.name, self.help, "histogram")
        for values, counts in sorted(self.counts.items()):
            for bound, count in zip((*self.buckets, math.inf), counts, strict=True):
                out.append(_sample(f"{self.name}_bucket", (*self.labels, "le"),
                                   (*values, _number(bound)), count))
            out.append(_sample(f"{self.name}_sum", self.labels, values, self.sums[values]))
            out.append(_sample(f"{self.name}_count", self.labels, values, counts[-1]))
        return out


class Gauge:
    """A figure read at the scrape: each sample given with its label values."""

    def __init__(self, name: str, help: str, labels: Sequence[str] = (),
                 samples: Iterable[tuple[Labels, float | None]] = ()) -> None:
        self.name, self.help, self.labels = name, help, tuple(labels)
        # None: not known now (the database is away); the sample is left out.
        self.samples = [(values, value) for values, value in samples if value is not None]

    def lines(self) -> list[str]:
        return [*_header(self.name, self.help, "gauge"),
                *(_sample(self.name, self.labels, values, value)
                  for values, value in self.samples)]


class Metrics:
    """What one bot process counts while it runs."""

    def __init__(self) -> None:
        self.updates = Counter(
            "yishi_updates_total", "Updates dispatched, by result: handled, failed (the "
            "handler raised), deferred (the database was away), duplicate.", ("result",),
            known=[(r,) for r in ("handled", "failed", "deferred", "duplicate")])
        self.handling = Histogram(
            "yishi_update_handling_seconds", "Time from claiming an update to its answers "
            "sent.", LATENCY_BUCKETS)
        self.sends = Counter(
            "yishi_sends_total", "Messages to Telegram by result: sent, 429 (asked to "
            "wait, tried again), retry (network or 5xx, queued again), failed (refused), "
            "unreachable (blocked), given_up (failed on every try).", ("result",),
            known=[(r,) for r in ("sent", "429", "retry", "failed", "unreachable",
                                  "given_up")])
        self.flood = Counter(
            "yishi_telegram_429_total", "429 answers from Telegram, by lane.", ("lane",),
            known=[("interactive",), ("bulk",)])
        self.flood_wait = Counter(
            "yishi_telegram_retry_after_seconds_total",
            "Seconds Telegram's 429 answers asked the bot to wait.")
        self.sweeps = Histogram(
            "yishi_sweep_duration_seconds", "Time a periodic job took, by job.",
            SWEEP_BUCKETS, ("job",))
        self.sweep_failures = Counter(
            "yishi_sweep_failures_total", "Periodic job runs that failed, by job.", ("job",))

    def exposition(self, gauges: Iterable[Gauge] = ()) -> str:
        parts: list[Counter | Histogram | Gauge] = [
            self.updates, self.handling, self.sends, self.flood, self.flood_wait,
            self.sweeps, self.sweep_failures, *gauges]
        return "".join(f"{line}\n" for part in parts for line in part.lines())


def _header(name: str, help: str, kind: str) -> list[str]:
    escaped = help.replace("\\", "\\\\").replace("\n", "\\n")
    return [f"# HELP {name} {escaped}", f"# TYPE {name} {kind}"]


def _sample(name: str, labels: Labels, values: Labels, value: float) -> str:
    if not labels:
        return f"{name} {_number(value)}"
    pairs = ",".join(f'{label}="{_escaped(v)}"' for label, v in zip(labels, values,
                                                                   strict=True))
    return f"{name}{{{pairs}}} {_number(value)}"


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return str(int(value)) if float(value).is_integer() else repr(float(value))

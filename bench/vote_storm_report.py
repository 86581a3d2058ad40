"""The vote storm's figures, as a table for people or a JSON line for tools."""

import json
from dataclasses import asdict, dataclass
from typing import Any

from bench.delivery_report import percentile_ms
from bench.vote_storm_check import Verdict
from bench.vote_storm_voters import Plan, Script, Storm


@dataclass(frozen=True)
class Report:
    plan: Plan
    database: str  # "SQLite" or "PostgreSQL"
    made: list[Script]
    storm: Storm
    verdict: Verdict
    setup_seconds: float  # bot start to every ballot delivered
    unanswered_edits: dict[str, int]  # edits the emulator refused, by description
    bot_cpu: float | None  # share of one core during the storm
    bench_cpu: float  # the same for this process: emulator and voters

    @property
    def doubles(self) -> int:
        return sum(s.double for s in self.made)

    @property
    def changes(self) -> int:
        return sum(s.change_to is not None for s in self.made)

    @property
    def ballots(self) -> int:
        """Ballots confirmed: a first one per voter plus each change."""
        return len(self.made) + self.changes

    @property
    def per_second(self) -> float:
        return self.ballots / self.storm.seconds if self.storm.seconds > 0 else 0.0

    def p(self, percent: float, which: str = "confirms") -> float | None:
        return percentile_ms(getattr(self.storm, which), percent)


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} ms"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _counts(counts: dict[str, int] | None) -> str:
    return "-" if counts is None else ", ".join(f"{k} {v:,}" for k, v in counts.items())


def table(report: Report) -> str:
    plan, storm, verdict = report.plan, report.storm, report.verdict
    lines = [
        f"vote storm on {report.database}: {len(report.made):,} voters, first presses "
        f"spread over {plan.spread:g} s (open loop)",
        "",
        f"  ballots confirmed        {report.ballots:,} ({len(report.made):,} first + "
        f"{report.changes:,} changes)",
        f"  double presses           {report.doubles:,} (confirm twice at the same instant)",
        f"  presses sent             {storm.presses:,}",
        f"  storm window             {storm.seconds:.1f} s (first press to last receipt)",
        f"  ballots / s              {report.per_second:.1f}",
        f"  confirm -> receipt       p50 {_ms(report.p(50))}  p99 {_ms(report.p(99))}  "
        f"max {_ms(report.p(100))}",
        f"  option -> confirm screen p50 {_ms(report.p(50, 'picks'))}  "
        f"p99 {_ms(report.p(99, 'picks'))}",
        f"  cpu (share of a core)    bot {_share(report.bot_cpu)}, emulator and voters "
        f"{_share(report.bench_cpu)}",
        f"  setup                    {report.setup_seconds:.1f} s from bot start to every "
        f"ballot delivered",
    ]
    for description, count in sorted(report.unanswered_edits.items()):
        lines.append(f"  edits refused            {count:,}: {description}")
    close = "-" if verdict.close_seconds is None else f"{verdict.close_seconds:.1f} s"
    lines += [
        "",
        f"  expected                 {_counts(verdict.expected)}",
        f"  ballots table (tally)    {_counts(verdict.counted)}",
        f"  close_matter             {_counts(verdict.closed)} (closing took {close})",
        f"  ballot rows              {verdict.rows:,} of {verdict.expected_rows:,} expected",
        f"  receipts not counted     {verdict.receipts_wrong}",
        "",
        f"tally exact: {'yes' if verdict.exact else 'no'}",
    ]
    lines += [f"  {problem}" for problem in verdict.problems]
    return "\n".join(lines)


def json_line(report: Report) -> str:
    storm, verdict = report.storm, report.verdict
    figures: dict[str, Any] = {
        "plan": asdict(report.plan), "database": report.database,
        "voters": len(report.made), "ballots": report.ballots, "changes": report.changes,
        "double_presses": report.doubles, "presses": storm.presses,
        "seconds": round(storm.seconds, 3), "ballots_per_second": round(report.per_second, 2),
        "p50_ms": report.p(50), "p99_ms": report.p(99), "max_ms": report.p(100),
        "pick_p50_ms": report.p(50, "picks"), "pick_p99_ms": report.p(99, "picks"),
        "bot_cpu": report.bot_cpu, "bench_cpu": report.bench_cpu,
        "setup_seconds": round(report.setup_seconds, 3),
        "edits_refused": report.unanswered_edits,
        "expected": verdict.expected, "counted": verdict.counted, "closed": verdict.closed,
        "close_seconds": verdict.close_seconds, "rows": verdict.rows,
        "expected_rows": verdict.expected_rows, "receipts_wrong": verdict.receipts_wrong,
        "tally_exact": verdict.exact, "problems": verdict.problems,
    }
    return json.dumps(figures, ensure_ascii=False)

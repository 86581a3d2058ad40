"""The vote storm's machinery with tiny numbers, through the same path as
`python bench/vote_storm.py`: the bot runs as a process, every voter presses and
confirms through the emulator, some twice at once, some change their vote, and the
database must hold exactly what they did. Timings are never asserted."""

import dataclasses
import json

from bench.vote_storm import benchmark
from bench.vote_storm_check import expected_tally
from bench.vote_storm_report import json_line, table
from bench.vote_storm_voters import OPTIONS, Plan, scripts


def test_scripts_give_each_voter_a_start_an_option_and_the_asked_misbehaviour() -> None:
    plan = Plan(voters=200, spread=2.0, double_share=0.1, change_share=0.25)
    made = scripts(plan, list(range(200)))
    assert [s.telegram_id for s in made] == list(range(200))
    assert all(0 <= s.start <= 2.0 for s in made)
    assert sum(s.double for s in made) == 20
    changers = [s for s in made if s.change_to is not None]
    assert len(changers) == 50
    assert all(s.change_to != s.option and s.final == s.change_to for s in changers)
    assert scripts(plan, list(range(200))) == made  # the same seed, the same storm
    tally = expected_tally(made)
    assert list(tally) == list(OPTIONS) and sum(tally.values()) == 200


async def test_a_tiny_storm_is_counted_exactly(database_url: str) -> None:
    """On SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (wiped first)."""
    plan = Plan(voters=40, spread=1.0, double_share=0.2, change_share=0.2)
    report = await benchmark(plan, database_url=database_url, quiet=True, timeout=240)
    verdict, storm = report.verdict, report.storm
    assert verdict.exact, verdict.problems
    assert verdict.counted == verdict.expected == verdict.closed
    assert sum(verdict.counted.values()) == 40
    assert report.doubles == 8 and report.changes == 8
    assert verdict.rows == verdict.expected_rows == report.ballots == 48
    assert verdict.receipts_wrong == 0 and len(storm.receipts) == 40
    assert storm.presses == 40 + 48 + 8 + 8  # picks, confirms (8 twice), change picks
    assert len(storm.confirms) == 48 and len(storm.picks) == 48
    p50, p99 = report.p(50), report.p(99)
    assert p50 is not None and p99 is not None and 0 < p50 <= p99
    assert storm.seconds > 0 and report.per_second > 0
    # A double press is answered once; the second edit would change nothing.
    assert sum(report.unanswered_edits.values()) <= report.doubles
    figures = json.loads(json_line(report))
    assert figures["tally_exact"] is True and figures["ballots"] == 48
    kind = "PostgreSQL" if database_url.startswith("postgresql") else "SQLite"
    assert figures["database"] == kind and figures["p99_ms"] == p99
    assert "tally exact: yes" in table(report)

    wrong = dataclasses.replace(verdict, problems=["tally differs"])
    worse = dataclasses.replace(report, verdict=wrong)
    assert "tally exact: no" in table(worse)
    assert json.loads(json_line(worse))["tally_exact"] is False

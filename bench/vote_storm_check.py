"""After the storm: what the database holds against what the voters were made to do. The
expected tally is each voter's last confirmed option; the ballots table must give
exactly that, with one row per confirmed ballot (a double press adds none), each voter's
counted receipt must be the one they were shown, and closing the matter must agree."""

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from bench.load import BenchError
from bench.vote_storm_setup import Seeded
from bench.vote_storm_voters import OPTIONS, Script, Storm
from bot.playground import close_vote
from chat.render import Renderer
from models.voting import matters
from models.voting.matters import Matter
from models.voting.tally import last_ballots, tally


@dataclass(frozen=True)
class Verdict:
    expected: dict[str, int]  # from the scripts: each voter's last confirmed option
    counted: dict[str, int]  # models.vote_rules.tally over the ballots table
    rows: int  # ballot rows in the database
    expected_rows: int  # first ballots plus changes
    receipts_wrong: int  # voters whose counted receipt is not the one they were shown
    closed: dict[str, int] | None  # the counts close_matter published
    close_seconds: float | None
    problems: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.problems


def expected_tally(made: list[Script]) -> dict[str, int]:
    counted = Counter(OPTIONS[script.final] for script in made)
    return {option: counted[option] for option in OPTIONS}


async def verify(seeded: Seeded, made: list[Script], storm: Storm) -> Verdict:
    async with seeded.database.sessionmaker() as session:
        matter = await session.get(Matter, seeded.matter_id)
        if matter is None:
            raise BenchError(f"matter {seeded.matter_id} is gone")
        rows = await matters.ballots(session, seeded.matter_id)
    casts = matters.casts(rows)
    counted = tally(casts, matter.options)
    expected = expected_tally(made)
    expected_rows = len(made) + sum(s.change_to is not None for s in made)
    latest = last_ballots(casts)
    by_voter = {(b.voter_id, b.version): b.receipt for b in rows}
    person = seeded.voters
    receipts_wrong = sum(
        1 for s in made
        if (cast := latest.get(person[s.telegram_id])) is None
        or by_voter[(cast.voter, cast.version)] != storm.receipts.get(s.telegram_id))
    closed, close_seconds = await close(seeded, matter)
    problems = []
    if counted != expected:
        problems.append(f"tally {counted} != expected {expected}")
    if len(rows) != expected_rows:
        problems.append(f"{len(rows)} ballot rows != {expected_rows} confirmed ballots")
    if receipts_wrong:
        problems.append(f"{receipts_wrong} voters were shown a receipt that is not counted")
    if closed != expected:
        problems.append(f"close_matter counted {closed} != expected {expected}")
    return Verdict(expected, counted, len(rows), expected_rows, receipts_wrong, closed,
                   close_seconds, problems)


async def close(seeded: Seeded, matter: Matter) -> tuple[dict[str, int] | None, float]:
    """Close the matter the way the scheduler does at its time (chart, disclosure, the
    result queued to every voter), once the bot is stopped; timed, for information."""
    when = matter.closes_at + timedelta(seconds=1)
    started = time.perf_counter()
    await close_vote(seeded.database, seeded.matter_id, Renderer(), now=when)
    seconds = time.perf_counter() - started
    async with seeded.database.sessionmaker() as session:
        closed = await session.get(Matter, seeded.matter_id)
    result = closed.result if closed is not None else None
    return (dict(result["counts"]) if result else None), seconds

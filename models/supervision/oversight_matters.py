"""Every matter (表决事项) of the community for the supervisors to read, with its record:
its rules, its electorate, how many have voted and, once closed, the counts per option.
Who voted what is shown only for an open ballot (记名投票) and only once it has closed,
as its disclosure shows everyone; a secret ballot (无记名投票) shows counts and nothing
that ties a voter to a choice, ever. While a vote runs nobody, the committee included,
sees how it is going beyond how many have voted. Read-only: opening, closing and
cancelling stay with the committee and the scheduler."""

from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.supervision.oversight import Page, community_page, oversight_refusal
from models.voting import matters
from models.voting.matters import Matter, MatterState
from models.voting.tally import last_ballots


@dataclass(frozen=True)
class MatterRecord:
    matter: Matter
    electorate: int  # ballots expected: voters, or households
    voted: int  # ballots counted so far (each voter's last)
    counts: list[tuple[str, int]] | None  # per option, once closed
    roll_call: list[tuple[str, str]]  # (name, option): an open ballot's, once closed
    passed: bool = False  # once closed
    quorum_met: bool = False
    winner: str | None = None  # the option that carried a choice


def names_shown(matter: Matter) -> bool:
    """Whether a supervisor may see who voted what: an open ballot, once closed."""
    return not matter.secret and matter.state == MatterState.closed


async def matters_page(session: AsyncSession, *, person: Person, page: int,
                       size: int = 8) -> Outcome[Page[Matter]]:
    """The community's matters, newest first, in every state."""
    if refusal := await oversight_refusal(session, person):
        return refusal
    return Done(await community_page(session, Matter, person.community_id, page=page,
                                     size=size))


async def matter_record(session: AsyncSession, *, person: Person,
                        matter_id: int) -> Outcome[MatterRecord]:
    """One matter with what a supervisor may read of it."""
    if refusal := await oversight_refusal(session, person):
        return refusal
    matter = await session.get(Matter, matter_id)
    if matter is None or matter.community_id != person.community_id:
        return Refused("supervision/oversight_no_matter")
    counted = last_ballots(matters.casts(await matters.ballots(session, matter_id)))
    closed = matter.state == MatterState.closed and matter.result is not None
    found = matter.result if closed and matter.result is not None else {}
    counts = list(dict(found.get("counts", {})).items()) if closed else None
    roll_call: list[tuple[str, str]] = []
    if names_shown(matter) and counted:
        names = {p.id: p.name or p.display_name for p in (await session.exec(
            select(Person).where(col(Person.id).in_(list(counted))))).all()}
        roll_call = sorted((names.get(v, "?"), c.option) for v, c in counted.items())
    return Done(MatterRecord(matter, await matters.electorate_size(session, matter),
                             len(counted), counts, roll_call, bool(found.get("passed")),
                             bool(found.get("quorum_met")), found.get("winner")))

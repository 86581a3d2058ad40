"""A voter's ballots: the checks made at a press and again at its confirmation,
recording a ballot (two presses at once make one), and verifying a receipt."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit
from models.meetings import roster
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.voting import matters, receipts
from models.voting.matters import Ballot, Matter, MatterState, MatterVoter


async def check_ballot(session: AsyncSession, *, voter: Person, matter_id: int, option: int,
                       now: datetime) -> Matter | Refused:
    """May this person vote for this option now? Checked at the press and again at the
    confirmation, since a button can be pressed long after it was sent."""
    matter = await session.get(Matter, matter_id)
    if matter is None or matter.community_id != voter.community_id:
        return Refused("voting/not_found")
    if not 0 <= option < len(matter.options):
        return Refused("common/stale_button")
    if matter.state == MatterState.scheduled:  # the sweep opens it at opens_at
        return Refused("voting/not_open_yet", {"matter": matter})
    if not await matters.is_voter(session, matter_id, voter.id or 0):
        if matter.meeting_id is not None:  # the electorate is those checked in
            return await roster.not_on_the_roll(session, matter, voter.id or 0)
        return Refused("voting/not_in_electorate", {"matter": matter})
    if matter.state == MatterState.closed or now >= matter.closes_at:
        return Refused("voting/closed", {"matter": matter})
    if await _household_voted(session, matter, voter.id or 0):
        return Refused("voting/household_voted", {"matter": matter})
    return matter


async def _household_voted(session: AsyncSession, matter: Matter, voter_id: int) -> bool:
    """One ballot per household: has another member of the voter's household voted?"""
    household = await _household(session, matter, voter_id)
    if household is None:
        return False
    first = await matters.household_ballot(session, matter.id or 0, household)
    return first is not None and first.voter_id != voter_id


async def _household(session: AsyncSession, matter: Matter, voter_id: int) -> str | None:
    row = await session.get(MatterVoter, (matter.id, voter_id))
    return row.household if row is not None else None


@dataclass(frozen=True)
class Cast:
    ballot: Ballot
    changed: bool  # False: the same choice again (a double press), nothing recorded


async def cast(session: AsyncSession, *, voter: Person, matter_id: int, option: int,
               now: datetime) -> Outcome[Cast]:
    """Record a confirmed ballot. Two presses at once make one ballot: the second finds
    the first (or loses the race for its version key) and changes nothing."""
    checked = await check_ballot(session, voter=voter, matter_id=matter_id, option=option,
                                 now=now)
    if isinstance(checked, Refused):
        return checked
    matter = checked
    code = matter.options[option]
    latest = await matters.latest_ballot(session, matter_id, voter.id or 0)
    if latest is not None and latest.option == code:
        return Done(Cast(latest, changed=False))
    if latest is not None and not matter.may_change:
        return Refused("voting/no_changes", {"matter": matter})
    version = latest.version + 1 if latest else 1
    ballot = Ballot(matter_id=matter_id, voter_id=voter.id or 0, version=version, option=code,
                    receipt=receipts.receipt(matter.salt, matter_id, voter.id or 0, version,
                                             code),
                    household=await _household(session, matter, voter.id or 0), cast_at=now)
    try:
        async with session.begin_nested():
            session.add(ballot)
    except IntegrityError:
        # A simultaneous press took this version first: that ballot stands. Or another
        # member of the household voted at the same instant: theirs counts.
        winner = await matters.latest_ballot(session, matter_id, voter.id or 0)
        if winner is None:
            return Refused("voting/household_voted", {"matter": matter})
        return Done(Cast(winner, changed=False))
    # A secret ballot's audit entry says only that a ballot was cast: with the receipt
    # or the option, the audit log would name how each person voted.
    details: dict[str, Any] = {"version": version}
    if not matter.secret:
        details |= {"option": code, "receipt": ballot.receipt}
    await audit.record(session, action="ballot.changed" if latest else "ballot.cast",
                       subject_type="matter", subject_id=matter_id, actor_id=voter.id,
                       details=details, community_id=matter.community_id, now=now)
    return Done(Cast(ballot, changed=True))


@dataclass(frozen=True)
class Verification:
    matter: Matter
    ballot: Ballot
    counted: bool  # the voter's last ballot (a replaced one does not count)


async def verify(session: AsyncSession, code: str) -> Verification | None:
    ballot = await matters.by_receipt(session, code)
    if ballot is None:
        return None
    matter = await session.get(Matter, ballot.matter_id)
    latest = await matters.latest_ballot(session, ballot.matter_id, ballot.voter_id)
    assert matter is not None and latest is not None
    return Verification(matter, ballot, counted=latest.id == ballot.id)

"""The end of a vote: reminders to those who have not voted, and the close, exactly
once, with the tally, the result, its chart and its disclosure."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit, files, reminders
from models.board import disclosures
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.meetings import roster
from models.meetings.meetings import Meeting
from models.messages import Media, Notifier
from models.people.persons import Person, with_role
from models.people.roles import Role
from models.proposals import binding
from models.voting import appoint, comments, matters, recall
from models.voting.matters import Matter, MatterReminder, MatterState
from models.voting.setup import BallotButtons
from models.voting.tally import MatterKind, Result, result, share, tally


async def open_ids(session: AsyncSession, now: datetime) -> list[int]:
    query = select(Matter.id).where(Matter.state == MatterState.open, Matter.closes_at > now)
    return [i for i in (await session.exec(query)).all() if i is not None]


async def remind(session: AsyncSession, matter_id: int, *, now: datetime, notify: Notifier,
                 buttons: BallotButtons) -> int:
    """Remind voters who have not voted, once per configured offset before the close.
    When several offsets fell due together (the bot was down) only one reminder goes."""
    matter = await session.get(Matter, matter_id)
    if matter is None or matter.state != MatterState.open:
        return 0
    due = [h for h in matter.reminder_hours
           if matter.opens_at < matter.closes_at - timedelta(hours=h) <= now]
    if not due or not await _claim_reminders(session, matter, due, now):
        return 0
    waiting = await matters.waiting_ids(session, matter)
    people = (await session.exec(select(Person).where(col(Person.id).in_(waiting)))).all()
    for person in people:
        notify(person, "voting/reminder", matter=matter, hours=min(due),
               buttons=buttons(matter, None))
    return len(people)


async def _claim_reminders(session: AsyncSession, matter: Matter, hours: list[int],
                           now: datetime) -> bool:
    sent = (await session.exec(select(MatterReminder.hours_before).where(
        MatterReminder.matter_id == matter.id))).all()
    return await reminders.claim(session, due=hours, sent=sent, row=lambda h: MatterReminder(
        matter_id=matter.id or 0, hours_before=h, sent_at=now))


@dataclass(frozen=True)
class Closed:
    matter: Matter
    result: Result
    receipts: dict[str, list[str]]  # option -> receipt codes counted for it
    roll_call: list[tuple[str, str]]  # (name, option) for open ballots; empty if secret
    disclosure: DisclosureEntry


Chart = Callable[[Matter, Result], Awaitable[bytes]]
Render = Callable[[str, dict[str, Any]], str]


async def due_to_close(session: AsyncSession, now: datetime) -> list[int]:
    """Matters due to close, but a meeting's: the meeting's own sweep closes those, with
    its agenda item (models/meetings/votes.py)."""
    query = (select(Matter.id).where(Matter.state == MatterState.open, Matter.closes_at <= now,
                                     col(Matter.meeting_id).is_(None))
             .order_by(col(Matter.id)))
    return [i for i in (await session.exec(query)).all() if i is not None]


async def close_matter(session: AsyncSession, matter_id: int, *, now: datetime,
                       notify: Notifier, chart: Chart, render: Render) -> Closed | None:
    """open -> closed, exactly once however many workers try: count the last ballot of
    each voter, decide, publish the result with its chart and receipts, and send it to
    every voter and to the committee. None when it was not due or already closed."""
    matter = await session.get(Matter, matter_id)
    if matter is None or matter.closes_at > now or not await matters.move_state(
            session, matter, MatterState.open, MatterState.closed, closed_at=now):
        return None
    return await _conclude(session, matter, notify, chart, render, now)


async def _conclude(session: AsyncSession, matter: Matter, notify: Notifier, chart: Chart,
                    render: Render, now: datetime) -> Closed:
    rows = await matters.ballots(session, matter.id or 0)
    voters = await matters.voter_ids(session, matter.id or 0)
    counts = tally(matters.casts(rows), matter.options)
    # One ballot per household: a household is counted once, so are its expected ballots.
    size = await matters.electorate_size(session, matter)
    outcome = result(matter.kind, counts, size, quorum=share(matter.quorum),
                     rule=matter.pass_rule)
    if not await _meeting_quorate(session, matter):
        # A vote of a meeting that is not quorate decides nothing, whatever its ballots.
        outcome = replace(outcome, quorum_met=False, passed=False, winner=None)
    counted = {b.voter_id: b for b in rows}  # ordered by id: the last version wins
    by_option: dict[str, list[str]] = {o: [] for o in matter.options}
    for ballot in counted.values():
        by_option[ballot.option].append(ballot.receipt)
    for codes in by_option.values():
        codes.sort()  # published in code order: the order of voting would identify voters
    roll_call: list[tuple[str, str]] = []
    if not matter.secret:
        names = {p.id: p.name or p.display_name for p in (await session.exec(
            select(Person).where(col(Person.id).in_(list(counted))))).all()}
        roll_call = sorted((names.get(v, "?"), b.option) for v, b in counted.items())
    matter.result = {"counts": counts, "cast": outcome.cast, "electorate": outcome.electorate,
                     "quorum_met": outcome.quorum_met, "passed": outcome.passed,
                     "winner": outcome.winner, "receipts": by_option}
    image = await chart(matter, outcome)
    stored = await _store_chart(session, matter, image, now)
    params = {"matter": matter, "result": outcome, "receipts": list(by_option.items()),
              "roll_call": roll_call}
    poll = matter.kind == MatterKind.poll
    if poll:  # published without names, whatever the ballot
        params["comments"] = await comments.published(session, matter.id or 0)
    entry = await disclosures.publish(
        session, community_id=matter.community_id, author=None,
        kind=DisclosureKind.poll_result if poll else DisclosureKind.vote_result,
        title=f"{matter.number} {matter.title}",
        body=render("voting/poll_disclosure" if poll else "voting/disclosure", params),
        proposal_id=matter.proposal_id,
        matter_id=matter.id, media=[Media("photo", stored_file_id=stored)], now=now)
    await audit.record(session, action="matter.closed", subject_type="matter",
                       subject_id=matter.id,
                       details={"counts": counts, "cast": outcome.cast,
                                "electorate": outcome.electorate,
                                "passed": outcome.passed, "disclosure": entry.id},
                       community_id=matter.community_id, now=now)
    # A poll decides nothing: it neither binds a proposal nor removes anyone.
    if matter.proposal_id is not None and outcome.decides:
        await binding.conclude_vote(
            session, proposal_id=matter.proposal_id, matter_id=matter.id or 0,
            passed=outcome.quorum_met and outcome.passed,
            outcome=render("voting/resolution", params).strip(), notify=notify, now=now)
    if matter.kind == MatterKind.recall and outcome.quorum_met and outcome.passed:
        await recall.carry_out(session, matter, notify=notify, now=now)
    if matter.kind == MatterKind.appoint and outcome.quorum_met and outcome.passed:
        await appoint.carry_out(session, matter, notify=notify, now=now)
    recipients = {p.id: p for p in await with_role(session, matter.community_id,
                                                     Role.committee)}
    for person in (await session.exec(select(Person).where(col(Person.id).in_(voters)))).all():
        recipients[person.id] = person
    photo = [Media("photo", stored_file_id=stored)]
    for person in recipients.values():
        notify(person, "voting/poll_result" if poll else "voting/result", matter=matter,
               result=outcome, media=photo)
    return Closed(matter, outcome, by_option, roll_call, entry)


async def _meeting_quorate(session: AsyncSession, matter: Matter) -> bool:
    """True for a vote outside a meeting; for one at a meeting, whether more than the
    meeting's quorum of the sitting representatives are present as it closes."""
    if matter.meeting_id is None:
        return True
    meeting = await session.get(Meeting, matter.meeting_id)
    return meeting is not None and await roster.is_quorate(session, meeting)


async def _store_chart(session: AsyncSession, matter: Matter, image: bytes,
                       now: datetime) -> int:
    stored = await files.store(session, name=f"{matter.number}.png", content_type="image/png",
                               data=image, now=now)
    return stored.id or 0

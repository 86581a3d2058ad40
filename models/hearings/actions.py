"""Use cases of hearings for the committee and the scheduler: scheduling, changes and
cancellation, reminders, and the minutes (seats are in models/hearings/seats.py). Each
checks who acts and in which state, changes rows, queues notifications, audits, and
returns an outcome."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audiences, audit, files
from models.board import disclosures, links
from models.board.disclosures import DisclosureKind
from models.community import Community
from models.hearings import calendar as hearings_calendar
from models.hearings.hearings import (
    MINUTES_FILES_MAX,
    MINUTES_MAX,
    Hearing,
    HearingReminder,
    HearingState,
    Seat,
    reminder_times,
    seated,
)
from models.messages import Markup, Media, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person, roles_of
from models.people.roles import Role
from models.periodic import Work
from models.proposals import actions as proposal_actions
from models.proposals import deliberation, path
from models.proposals.proposals import Proposal
from models.proposals.stages import Stage

# Buttons under a hearing notice carry ids the handlers own; use cases only place them.
NoticeButtons = Callable[[Hearing], Markup]
LINKABLE = frozenset({Stage.under_review, Stage.accepted})


@dataclass(frozen=True)
class Plan:
    topic: str
    place: str
    starts_at: datetime
    capacity: int
    audience: dict[str, Any]
    registration_deadline: datetime | None = None
    proposal_id: int | None = None


@dataclass(frozen=True)
class Minuted:
    hearing: Hearing
    step_recorded: bool  # a deliberation step on the linked proposal


async def schedule(session: AsyncSession, *, author: Person, community: Community, plan: Plan,
                   now: datetime, notify: Notifier,
                   buttons: NoticeButtons) -> Outcome[Hearing]:
    """Create the hearing, plan its reminders and send the notice to its audience."""
    if refusal := await _committee(session, author) or await _check_plan(session, community,
                                                                           plan, now):
        return refusal
    rules = community.config.hearings
    hearing = Hearing(
        community_id=community.id or 0, proposal_id=plan.proposal_id, topic=plan.topic,
        place=plan.place, starts_at=plan.starts_at, capacity=plan.capacity,
        ends_at=plan.starts_at + timedelta(minutes=rules.duration_minutes),
        registration_deadline=plan.registration_deadline or plan.starts_at,
        audience=plan.audience, created_by_id=author.id or 0, created_at=now, updated_at=now)
    session.add(hearing)
    await session.flush()
    await _plan_reminders(session, hearing, rules.reminder_hours, now)
    await audit.record(session, action="hearing.scheduled", subject_type="hearing",
                       subject_id=hearing.id, actor_id=author.id,
                       details={"starts_at": hearing.starts_at.isoformat(),
                                "capacity": hearing.capacity, "audience": hearing.audience},
                       community_id=hearing.community_id, now=now)
    calendar = await _calendar(session, hearing, now)
    for person in await audiences.members(session, hearing.community_id, hearing.audience):
        notify(person, "hearings/notice", buttons=buttons(hearing), media=calendar,
               hearing=hearing)
    return Done(hearing)


async def _calendar(session: AsyncSession, hearing: Hearing, now: datetime) -> list[Media]:
    """The hearing as an .ics file, stored once and sent with every notice about it."""
    community = await session.get(Community, hearing.community_id)
    if community is None:
        return []
    proposal = (await session.get(Proposal, hearing.proposal_id)
                if hearing.proposal_id else None)
    data = hearings_calendar.build(hearing, community_code=community.code,
                                   timezone=community.timezone, now=now, proposal=proposal,
                                   url=links.entry_page(community, hearing.disclosure_id))
    stored = await files.store(session, name=hearings_calendar.file_name(hearing),
                               content_type=hearings_calendar.CONTENT_TYPE, data=data,
                               now=now)
    return [Media(kind="document", stored_file_id=stored.id)]


async def _check_plan(session: AsyncSession, community: Community, plan: Plan,
                      now: datetime) -> Refused | None:
    if plan.starts_at <= now:
        return Refused("hearings/time_in_past")
    deadline = plan.registration_deadline
    if deadline is not None and not now < deadline <= plan.starts_at:
        return Refused("hearings/bad_deadline")
    if not audiences.is_valid(community.config, plan.audience):
        return Refused("common/stale_button")
    if plan.proposal_id is not None:
        proposal = await session.get(Proposal, plan.proposal_id)
        if (proposal is None or proposal.community_id != community.id
                or proposal.stage not in LINKABLE):
            return Refused("hearings/bad_proposal")
    return None


async def _plan_reminders(session: AsyncSession, hearing: Hearing, hours: list[int],
                          now: datetime) -> None:
    await session.exec(delete(HearingReminder).where(  # type: ignore[call-overload]
        col(HearingReminder.hearing_id) == hearing.id))
    for h, due in reminder_times(hearing.starts_at, hours, now=now).items():
        session.add(HearingReminder(hearing_id=hearing.id or 0, hours_before=h, due_at=due))
    await session.flush()


async def change(session: AsyncSession, *, actor: Person, hearing_id: int, now: datetime,
                 notify: Notifier, buttons: NoticeButtons, starts_at: datetime | None = None,
                 place: str | None = None) -> Outcome[Hearing]:
    """A new time or place: reminders are planned again, and everyone registered and
    the whole audience are told."""
    hearing, refusal = await _open_for_committee(session, actor, hearing_id, now)
    if refusal:
        return refusal
    assert hearing is not None
    if starts_at is not None and starts_at <= now:
        return Refused("hearings/time_in_past")
    before = {"starts_at": hearing.starts_at.isoformat(), "place": hearing.place}
    if starts_at is not None:
        community = await session.get(Community, hearing.community_id)
        rules = community.config.hearings if community else None
        length = hearing.ends_at - hearing.starts_at
        hearing.starts_at, hearing.ends_at = starts_at, starts_at + length
        hearing.registration_deadline = min(hearing.registration_deadline, starts_at)
        await _plan_reminders(session, hearing, rules.reminder_hours if rules else [], now)
    if place is not None:
        hearing.place = place
    hearing.sequence, hearing.updated_at = hearing.sequence + 1, now
    await audit.record(session, action="hearing.changed", subject_type="hearing",
                       subject_id=hearing_id, actor_id=actor.id,
                       details={"before": before, "starts_at": hearing.starts_at.isoformat(),
                                "place": hearing.place}, community_id=hearing.community_id, now=now)
    calendar = await _calendar(session, hearing, now)
    for person in await _everyone_concerned(session, hearing):
        notify(person, "hearings/changed", buttons=buttons(hearing), media=calendar,
               hearing=hearing, before=before, moved=starts_at is not None)
    return Done(hearing)


async def cancel(session: AsyncSession, *, actor: Person, hearing_id: int, now: datetime,
                 notify: Notifier) -> Outcome[Hearing]:
    hearing, refusal = await _open_for_committee(session, actor, hearing_id, now)
    if refusal:
        return refusal
    assert hearing is not None
    hearing.state, hearing.sequence, hearing.updated_at = (HearingState.cancelled,
                                                           hearing.sequence + 1, now)
    await session.exec(delete(HearingReminder).where(  # type: ignore[call-overload]
        col(HearingReminder.hearing_id) == hearing_id))
    await audit.record(session, action="hearing.cancelled", subject_type="hearing",
                       subject_id=hearing_id, actor_id=actor.id,
                       community_id=hearing.community_id, now=now)
    calendar = await _calendar(session, hearing, now)  # METHOD:CANCEL removes the entry
    for person in await _everyone_concerned(session, hearing):
        notify(person, "hearings/cancelled", media=calendar, hearing=hearing)
    return Done(hearing)


async def _everyone_concerned(session: AsyncSession, hearing: Hearing) -> list[Person]:
    """Those registered (seated or waiting) and the audience, each once."""
    people = {p.id: p for _, p in await seated(session, hearing.id or 0,
                                               (Seat.confirmed, Seat.waiting))}
    for person in await audiences.members(session, hearing.community_id, hearing.audience):
        people.setdefault(person.id, person)
    return [people[k] for k in sorted(people, key=lambda i: i or 0)]


async def _committee(session: AsyncSession, actor: Person) -> Refused | None:
    if Role.committee not in await roles_of(session, actor.id or 0):
        return Refused("common/not_allowed")
    return None


async def _open_for_committee(session: AsyncSession, actor: Person, hearing_id: int,
                              now: datetime) -> tuple[Hearing | None, Refused | None]:
    if refusal := await _committee(session, actor):
        return None, refusal
    hearing = await session.get(Hearing, hearing_id, with_for_update=True)
    if hearing is None or hearing.community_id != actor.community_id:
        return None, Refused("hearings/not_found")
    if hearing.state != HearingState.scheduled or hearing.starts_at <= now:
        return None, Refused("hearings/not_open", {"hearing": hearing})
    return hearing, None


async def remind_due(session: AsyncSession, *, now: datetime, notify: Notifier) -> int:
    """Send every due reminder once. The row is marked sent by an UPDATE guarded by
    `sent_at IS NULL`, so a second sweep or worker finds nothing to repeat."""
    query = (select(HearingReminder, Hearing)
             .join(Hearing, col(Hearing.id) == col(HearingReminder.hearing_id))
             .where(col(HearingReminder.sent_at).is_(None), col(HearingReminder.due_at) <= now)
             .order_by(col(HearingReminder.due_at))
             .with_for_update(skip_locked=True, of=HearingReminder))  # type: ignore[arg-type]
    sent = 0
    for reminder, hearing in (await session.exec(query)).all():
        result = await session.exec(
            update(HearingReminder).where(col(HearingReminder.id) == reminder.id,
                                          col(HearingReminder.sent_at).is_(None))
            .values(sent_at=now).execution_options(synchronize_session=False))
        if result.rowcount != 1:  # type: ignore[attr-defined]
            continue
        # Too late to be of use (the bot was down) or no longer held: mark, don't send.
        if hearing.state != HearingState.scheduled or hearing.starts_at <= now:
            continue
        for _, person in await seated(session, hearing.id or 0):
            hours = reminder.hours_before
            notify(person, "hearings/reminder", hearing=hearing, hours=hours,
                   days=hours // 24 if hours % 24 == 0 else 0)
        sent += 1
    return sent


async def record_minutes(session: AsyncSession, *, actor: Person, hearing_id: int, text: str,
                         files: list[dict[str, Any]], now: datetime,
                         notify: Notifier) -> Outcome[Minuted]:
    """The minutes become a disclosure entry and, for a linked proposal, a deliberation
    step of the kind "hearing"."""
    if refusal := await _committee(session, actor):
        return refusal
    hearing = await session.get(Hearing, hearing_id, with_for_update=True)
    if hearing is None or hearing.community_id != actor.community_id:
        return Refused("hearings/not_found")
    if hearing.state != HearingState.scheduled or hearing.starts_at > now:
        return Refused("hearings/not_held", {"hearing": hearing})
    body = text.strip()
    if not body or len(body) > MINUTES_MAX:
        return Refused("hearings/bad_minutes", {"limit": MINUTES_MAX, "length": len(body)})
    if len(files) > MINUTES_FILES_MAX:
        return Refused("hearings/too_many_files", {"limit": MINUTES_FILES_MAX})
    entry = await disclosures.publish(
        session, community_id=hearing.community_id, author=actor,
        kind=DisclosureKind.hearing_minutes, title=f"{hearing.number} {hearing.topic}",
        body=body, proposal_id=hearing.proposal_id,
        media=[Media(kind=f["kind"], file_id=f["file_id"]) for f in files], now=now)
    hearing.state, hearing.minutes, hearing.minutes_files = HearingState.minuted, body, files
    hearing.disclosure_id, hearing.updated_at = entry.id, now
    step = False
    if hearing.proposal_id is not None:
        community = await session.get(Community, hearing.community_id)
        zone = community.config.zone if community else UTC
        outcome = await deliberation.deliberate(
            session, reviewer=actor, proposal_id=hearing.proposal_id, kind=path.HEARING,
            note=f"{hearing.number} {hearing.topic}"[:proposal_actions.REASON_MAX],
            held_on=hearing.starts_at.astimezone(zone).date(), now=now)
        step = isinstance(outcome, Done)
    await audit.record(session, action="hearing.minuted", subject_type="hearing",
                       subject_id=hearing_id, actor_id=actor.id,
                       details={"disclosure": entry.id, "files": len(files), "step": step},
                       community_id=hearing.community_id, now=now)
    for _, person in await seated(session, hearing_id):
        notify(person, "hearings/minuted", hearing=hearing)
    return Done(Minuted(hearing, step))


async def remind(work: Work) -> int:
    """The scheduler's part: send the due reminders, in one transaction."""
    async with work.sessionmaker() as session, session.begin():
        return await remind_due(session, now=work.now, notify=work.notifier(session, None))

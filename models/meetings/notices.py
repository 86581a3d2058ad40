"""The notice of a meeting to every representative and invited observer, with its
agenda, its documents and an .ics file, and the reminders before the start: each offset
once, to those who have not sent their apologies."""

from collections.abc import Callable
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import audit, files, ical, reminders
from models.board import links
from models.community import Community
from models.meetings import agenda, roster, rules
from models.meetings import calendar as meeting_calendar
from models.meetings.access import meeting_for, organiser_only
from models.meetings.meetings import (
    Meeting,
    MeetingAttendance,
    MeetingReminder,
    MeetingState,
    Presence,
)
from models.messages import Markup, Media, Notifier
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.periodic import NotifierFor, Work

# Buttons under a notice (apologies, check-in): payloads the handlers own, per person.
NoticeButtons = Callable[[Meeting, Person], Markup]


async def send_notices(session: AsyncSession, *, actor: Person, meeting_id: int,
                       now: datetime, notify: Notifier,
                       buttons: NoticeButtons | None = None) -> Outcome[Meeting]:
    """draft -> convened: the notice goes out once, the agenda as it stands."""
    meeting = await meeting_for(session, actor, meeting_id, lock=True)
    if isinstance(meeting, Refused):
        return meeting
    if refusal := organiser_only(meeting, actor):
        return refusal
    if meeting.state != MeetingState.draft:
        return Refused("meetings/already_notified", {"meeting": meeting})
    if meeting.starts_at <= now:
        return Refused("meetings/time_in_past")
    items = await agenda.items(session, meeting_id)
    if not items:
        return Refused("meetings/empty_agenda", {"meeting": meeting})
    meeting.state, meeting.notified_at, meeting.updated_at = MeetingState.convened, now, now
    media = await _calendar(session, meeting, now)
    media += [Media.from_dict(d) for d in meeting.documents]
    opens_at = await checkin_opens_at(session, meeting)
    people = await recipients(session, meeting)
    for person, observer in people:
        notify(person, "meetings/notice", meeting=meeting, items=items, observer=observer,
               checkin_opens_at=opens_at, media=media,
               buttons=buttons(meeting, person) if buttons and not observer else None)
    await audit.record(session, action="meeting.notified", subject_type="meeting",
                       subject_id=meeting_id, actor_id=actor.id,
                       details={"recipients": len(people),
                                "observers": sum(o for _, o in people)},
                                community_id=meeting.community_id, now=now)
    return Done(meeting)


async def tell_agenda(session: AsyncSession, *, actor: Person, meeting_id: int,
                      now: datetime, notify: Notifier) -> Outcome[int]:
    """The agenda as changed since the notice, to everyone the notice reached, once for
    however many changes were made: how many were told."""
    meeting = await agenda.editable(session, actor, meeting_id)
    if isinstance(meeting, Refused):
        return meeting
    if meeting.state != MeetingState.convened:
        return Refused("meetings/not_convened", {"meeting": meeting})
    if meeting.agenda_changed_at is None:
        return Refused("meetings/agenda_unchanged", {"meeting": meeting})
    items = await agenda.items(session, meeting_id)
    if not items:
        return Refused("meetings/empty_agenda", {"meeting": meeting})
    people = await recipients(session, meeting)
    for person, observer in people:
        notify(person, "meetings/agenda_changed", meeting=meeting, items=items,
               observer=observer)
    meeting.agenda_changed_at, meeting.updated_at = None, now
    await audit.record(session, action="meeting.agenda_told", subject_type="meeting",
                       subject_id=meeting_id, actor_id=actor.id,
                       details={"recipients": len(people), "items": len(items)},
                       community_id=meeting.community_id, now=now)
    return Done(len(people))


async def checkin_opens_at(session: AsyncSession, meeting: Meeting) -> datetime:
    community = await session.get(Community, meeting.community_id)
    minutes = community.config.meetings.checkin_opens_minutes if community else 0
    return rules.checkin_opens_at(meeting.starts_at, minutes)


async def recipients(session: AsyncSession, meeting: Meeting, *,
                     with_excused: bool = True) -> list[tuple[Person, bool]]:
    """Each sitting representative (those who sent apologies only `with_excused`) and
    each observer who is not one, once: (person, is an observer)."""
    skip: set[int] = set()
    if not with_excused:
        skip = set((await session.exec(select(MeetingAttendance.person_id).where(
            MeetingAttendance.meeting_id == meeting.id,
            MeetingAttendance.status == Presence.apologies))).all())
    people = [(p, False) for p in await roster.sitting(session, meeting.community_id)]
    seated = {p.id for p, _ in people}
    observers = (await session.exec(select(Person).where(
        col(Person.id).in_(meeting.observer_ids)).order_by(col(Person.id)))).all()
    people += [(p, True) for p in observers if p.id not in seated]
    return [(p, o) for p, o in people if p.id not in skip]


async def _calendar(session: AsyncSession, meeting: Meeting, now: datetime) -> list[Media]:
    """The meeting as an .ics file, stored once and sent with every notice."""
    community = await session.get(Community, meeting.community_id)
    if community is None:
        return []
    items = await agenda.items(session, meeting.id or 0)
    entry = meeting_calendar.entry(meeting, items, community_code=community.code,
                                   url=links.board_page(community))
    data = ical.build(entry, product="meetings", timezone=community.timezone, now=now)
    stored = await files.store(session, name=f"meeting-{meeting.number}.ics",
                               content_type=ical.CONTENT_TYPE, data=data, now=now)
    return [Media(kind="document", stored_file_id=stored.id)]


async def remind_due(session: AsyncSession, *, now: datetime, notifier: NotifierFor) -> int:
    """Remind of every meeting coming up, once per offset before its start. When several
    offsets fell due together (the bot was down) only one reminder goes."""
    query = (select(Meeting).where(Meeting.state == MeetingState.convened,
                                   col(Meeting.starts_at) > now)
             .order_by(col(Meeting.starts_at)))
    sent = 0
    for meeting in (await session.exec(query)).all():
        assert meeting.notified_at is not None
        due = rules.due_reminders(meeting.starts_at, meeting.reminder_hours,
                                  notified_at=meeting.notified_at, now=now)
        if not due or not await _claim(session, meeting, due, now):
            continue
        notify = notifier(session, await session.get(Community, meeting.community_id))
        for person, observer in await recipients(session, meeting, with_excused=False):
            notify(person, "meetings/reminder", meeting=meeting, hours=min(due),
                   observer=observer)
            sent += 1
    return sent


async def _claim(session: AsyncSession, meeting: Meeting, hours: list[int],
                 now: datetime) -> bool:
    sent = (await session.exec(select(MeetingReminder.hours_before).where(
        MeetingReminder.meeting_id == meeting.id))).all()
    return await reminders.claim(session, due=hours, sent=sent, row=lambda h: MeetingReminder(
        meeting_id=meeting.id or 0, hours_before=h, sent_at=now))


async def remind(work: Work) -> int:
    """The scheduler's part, in one transaction."""
    async with work.sessionmaker() as session, session.begin():
        return await remind_due(session, now=work.now, notifier=work.notifier)

"""Before and at a representatives' meeting: the notice with its .ics, reminders sent
once, apologies, check-in in its window until the chair closes it, the chair marking
someone present in person, and attendance until the meeting is quorate. Every refusal
leaves the database as it was."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from sqlmodel import col, select

from bot.app import Database
from models.audit import AuditEntry
from models.files import StoredFile
from models.meetings import attendance, notices
from models.meetings.meetings import Meeting, MeetingAttendance, MeetingState, Presence
from models.outcomes import Done, Refused
from models.people.persons import by_telegram_id
from tests.factories import residents
from tests.meetings_kit import (
    CHAIR,
    OTHER_COMMITTEE,
    Recorder,
    act,
    check_in_all,
    convene,
    convened,
    fetch,
    representatives,
    snapshot,
)


async def person_id(db: Database, tg: int) -> int:
    async with db.sessionmaker() as session:
        person = await by_telegram_id(session, tg)
    assert person is not None and person.id is not None
    return person.id


async def test_the_notice_goes_to_representatives_and_observers_with_its_ics(
        db: Database) -> None:
    reps = await representatives(db, 3)
    guest, = await residents(db, 1, first_id=39000)
    sent = Recorder()
    meeting = await convened(db, sent, observer_ids=[await person_id(db, guest)])
    assert meeting.state == MeetingState.convened
    assert sent.to("meetings/notice") == sorted([*reps, guest])
    observers = {tg for tg, name, params in sent.sent if params["observer"]}
    assert observers == {guest}
    _, _, params = sent.sent[0]
    assert [i.title for i in params["items"]] == ["审议社区公约修订"]
    [document] = params["media"]
    async with db.sessionmaker() as session:
        stored = await session.get(StoredFile, document.stored_file_id)
    assert stored is not None and stored.content_type == "text/calendar"
    [event] = Calendar.from_ical(stored.data).walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.id}@xingfuli.yishi"
    start = event.decoded("DTSTART")
    assert start == meeting.starts_at.replace(microsecond=0)  # iCalendar counts seconds
    assert start.tzinfo == ZoneInfo("Asia/Shanghai")
    assert event.decoded("DTEND") - start == timedelta(minutes=120)
    assert str(event["DESCRIPTION"]) == f"{meeting.number}\n\n1. 审议社区公约修订"
    assert str(event["URL"]) == "https://board.xingfuli.example/c/xingfuli/"
    [alarm] = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1) and str(alarm["ACTION"]) == "DISPLAY"

    before = await snapshot(db)
    again = await act(db, notices.send_notices, who="actor", tg=CHAIR, meeting_id=meeting.id,
                      notify=Recorder())
    assert isinstance(again, Refused) and again.template == "meetings/already_notified"
    assert await snapshot(db) == before


async def test_only_an_organiser_sends_the_notice_and_never_for_the_past(
        db: Database) -> None:
    rep, = await representatives(db, 1)
    draft = await convene(db, starts_in=timedelta(hours=1))
    assert isinstance(draft, Done)
    before = await snapshot(db)
    stranger = await act(db, notices.send_notices, who="actor", tg=OTHER_COMMITTEE,
                         meeting_id=draft.value.id, notify=Recorder())
    assert stranger == Refused("common/not_allowed")
    late = await act(db, notices.send_notices, who="actor", tg=CHAIR, notify=Recorder(),
                     meeting_id=draft.value.id, at=draft.value.starts_at)
    assert late == Refused("meetings/time_in_past")
    assert await snapshot(db) == before


async def test_each_reminder_goes_once_and_not_to_those_excused(db: Database) -> None:
    first, excused, *_ = await representatives(db, 3)
    meeting = await convened(db)  # two days ahead: both reminders to come
    apologised = await act(db, attendance.send_apologies, tg=excused, meeting_id=meeting.id,
                           reason="出差")
    assert isinstance(apologised, Done)

    async def remind(at: timedelta) -> Recorder:
        told = Recorder()
        async with db.sessionmaker() as session, session.begin():
            await notices.remind_due(session, now=meeting.starts_at - at,
                                     notifier=lambda session, community: told)
        return told

    assert (await remind(timedelta(hours=25))).sent == []
    day_before = await remind(timedelta(hours=24))
    assert excused not in day_before.to("meetings/reminder")
    assert first in day_before.to("meetings/reminder")
    assert {p["hours"] for _, _, p in day_before.sent} == {24}
    assert (await remind(timedelta(hours=23))).sent == []
    # The bot was down from the day before to the hour before: one reminder, the latest.
    assert {p["hours"] for _, _, p in (await remind(timedelta(hours=1))).sent} == {2}
    assert (await remind(timedelta(minutes=30))).sent == []


async def test_a_meeting_called_at_short_notice_gets_no_day_before_reminder(
        db: Database) -> None:
    await representatives(db, 2)
    meeting = await convened(db, starts_in=timedelta(hours=3))
    told = Recorder()
    async with db.sessionmaker() as session, session.begin():
        await notices.remind_due(session, now=meeting.starts_at - timedelta(hours=2),
                                 notifier=lambda session, community: told)
    assert {p["hours"] for _, _, p in told.sent} == {2}


async def test_check_in_opens_shortly_before_and_ends_when_the_chair_closes_it(
        db: Database) -> None:
    rep, other, late = await representatives(db, 3)
    resident, = await residents(db, 1, first_id=39000)
    meeting = await convened(db)
    opens = meeting.starts_at - timedelta(minutes=30)

    before = await snapshot(db)
    early = await act(db, attendance.check_in, tg=rep, meeting_id=meeting.id,
                      at=opens - timedelta(seconds=1))
    assert early == Refused("meetings/checkin_not_open", {"meeting": early.params["meeting"],
                                                          "opens_at": opens})
    outsider = await act(db, attendance.check_in, tg=resident, meeting_id=meeting.id, at=opens)
    assert outsider == Refused("meetings/representatives_only")
    assert await snapshot(db) == before

    first = await act(db, attendance.check_in, tg=rep, meeting_id=meeting.id, at=opens)
    assert isinstance(first, Done) and first.value.status == Presence.present
    assert first.value.entered_by_id is None
    before = await snapshot(db)
    second = await act(db, attendance.check_in, tg=rep, meeting_id=meeting.id,
                       at=opens + timedelta(minutes=5))
    assert isinstance(second, Refused) and second.template == "meetings/already_checked_in"
    assert second.params["at"] == opens
    not_chair = await act(db, attendance.close_checkin, who="chair", tg=OTHER_COMMITTEE,
                          meeting_id=meeting.id, at=meeting.starts_at)
    assert isinstance(not_chair, Refused) and not_chair.template == "meetings/chair_only"
    assert await snapshot(db) == before

    assert isinstance(await act(db, attendance.check_in, tg=other, meeting_id=meeting.id,
                                at=meeting.starts_at + timedelta(minutes=20)), Done)
    closed = await act(db, attendance.close_checkin, who="chair", tg=CHAIR,
                       meeting_id=meeting.id, at=meeting.starts_at + timedelta(minutes=25))
    assert isinstance(closed, Done) and closed.value.quorate
    assert (await fetch(db, Meeting, meeting.id)).state == MeetingState.in_session
    before = await snapshot(db)
    after = await act(db, attendance.check_in, tg=late, meeting_id=meeting.id,
                      at=meeting.starts_at + timedelta(minutes=26))
    assert isinstance(after, Refused) and after.template == "meetings/checkin_closed"
    assert await snapshot(db) == before


async def test_the_chair_marks_present_in_person_and_it_says_so(db: Database) -> None:
    rep, no_phone = await representatives(db, 2)
    meeting = await convened(db)
    db.clock.set(meeting.starts_at)
    target = await person_id(db, no_phone)

    before = await snapshot(db)
    by_other = await act(db, attendance.mark_present, who="chair", tg=OTHER_COMMITTEE,
                         meeting_id=meeting.id, person_id=target)
    assert isinstance(by_other, Refused) and by_other.template == "meetings/chair_only"
    by_rep = await act(db, attendance.mark_present, who="chair", tg=rep,
                       meeting_id=meeting.id, person_id=target)
    assert isinstance(by_rep, Refused) and by_rep.template == "meetings/chair_only"
    assert await snapshot(db) == before

    marked = await act(db, attendance.mark_present, who="chair", tg=CHAIR,
                       meeting_id=meeting.id, person_id=target)
    assert isinstance(marked, Done)
    chair = await person_id(db, CHAIR)
    assert marked.value.entered_by_id == chair
    async with db.sessionmaker() as session:
        entry = (await session.exec(select(AuditEntry).order_by(
            col(AuditEntry.seq).desc()))).first()
    assert entry is not None and entry.action == "meeting.marked_present"
    assert entry.actor_id == chair and entry.details == {"person": target, "entered_by": chair}
    summary = await act(db, attendance.attendance, tg=CHAIR, meeting_id=meeting.id)
    assert [a.entered_by_id for a in summary.value.present] == [chair]
    twice = await act(db, attendance.mark_present, who="chair", tg=CHAIR,
                      meeting_id=meeting.id, person_id=target)
    assert isinstance(twice, Refused) and twice.template == "meetings/already_checked_in"


async def test_apologies_with_a_reason_until_one_checks_in(db: Database) -> None:
    rep, = await representatives(db, 1)
    meeting = await convened(db)
    before = await snapshot(db)
    blank = await act(db, attendance.send_apologies, tg=rep, meeting_id=meeting.id, reason=" ")
    assert blank == Refused("meetings/bad_reason", {"limit": 200})
    assert await snapshot(db) == before
    for reason in ("出差", "家中有事"):
        sent = await act(db, attendance.send_apologies, tg=rep, meeting_id=meeting.id,
                         reason=reason)
        assert isinstance(sent, Done) and sent.value.status == Presence.apologies
    row = await fetch(db, MeetingAttendance, sent.value.id)
    assert row.reason == "家中有事"
    # Came after all: the check-in replaces the apologies.
    came = await act(db, attendance.check_in, tg=rep, meeting_id=meeting.id,
                     at=meeting.starts_at)
    assert isinstance(came, Done) and came.value.id == row.id and came.value.reason is None
    late = await act(db, attendance.send_apologies, tg=rep, meeting_id=meeting.id,
                     reason="临时有事")
    assert isinstance(late, Refused) and late.template == "meetings/already_checked_in"


async def test_check_ins_until_the_meeting_is_quorate(db: Database) -> None:
    reps = await representatives(db, 6)  # more than half: four
    meeting = await convened(db)
    await act(db, attendance.send_apologies, tg=reps[5], meeting_id=meeting.id, reason="生病")
    db.clock.set(meeting.starts_at)
    for count, tg in enumerate(reps[:4], start=1):
        await check_in_all(db, meeting, [tg])
        summary = (await act(db, attendance.attendance, tg=CHAIR,
                             meeting_id=meeting.id)).value
        assert (len(summary.present), summary.sitting, summary.needed) == (count, 6, 4)
        assert summary.quorate == (count == 4)
    assert [a.reason for a in summary.apologies] == ["生病"]
    assert [p.telegram_id for p in summary.absent] == [reps[4]]
    seen_by_rep = await act(db, attendance.attendance, tg=reps[0], meeting_id=meeting.id)
    assert isinstance(seen_by_rep, Refused)

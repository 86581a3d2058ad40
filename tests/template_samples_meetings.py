"""Samples of the representatives' meeting's multi-line templates (tests/template_samples.py
explains SAMPLES)."""

from datetime import timedelta
from typing import Any

from handlers.meetings.drafting import MeetingDraft
from models.meetings.meetings import Meeting, MeetingAttendance, MeetingItem, MeetingState, Presence
from models.meetings.roster import Attendee, Summary
from models.people.persons import Person

Case = tuple[str, dict[str, Any]]


def samples(at: Any, me: Person, neighbour: Person) -> dict[str, list[Case]]:
    meeting = Meeting(id=3, community_id=1, title="2026年第四季度居民代表会议", place="社区活动室",
                      starts_at=at + timedelta(days=3), duration_minutes=120,
                      state=MeetingState.convened, chair_id=1, created_by_id=1, created_at=at,
                      updated_at=at)
    in_session = meeting.model_copy(update={"state": MeetingState.in_session})
    items = [MeetingItem(meeting_id=3, position=1, title="P0001 增设电动车充电桩", body=""),
             MeetingItem(meeting_id=3, position=2, title="公共收益使用情况", body="")]
    opens = meeting.starts_at - timedelta(minutes=30)
    draft = MeetingDraft(title=meeting.title, starts_at=meeting.starts_at, place=meeting.place,
                         duration_minutes=90, offered=[(1, "P0001 增设电动车充电桩")],
                         proposal_ids=[1], items=["公共收益使用情况"])
    agenda = ["P0001 增设电动车充电桩", "公共收益使用情况"]
    present = MeetingAttendance(meeting_id=3, person_id=1, status=Presence.present, at=at)
    excused = MeetingAttendance(meeting_id=3, person_id=1, status=Presence.apologies,
                                reason="出差", at=at)
    quorate = Summary(present=[Attendee(me, at), Attendee(neighbour, at, entered_by_id=1)],
                      apologies=[Attendee(neighbour, at, reason="出差在外")], absent=[],
                      sitting=3, needed=2, quorate=True)
    short = Summary(present=[], apologies=[], absent=[me, neighbour], sitting=2, needed=2,
                    quorate=False)
    return {
        "meetings/ask_agenda.j2": [
            ("empty", {"agenda": [], "offered": True}),
            ("two", {"agenda": agenda, "offered": False})],
        "meetings/preview.j2": [
            ("two", {"draft": draft, "agenda": agenda}),
            ("default duration", {"draft": draft.model_copy(update={"duration_minutes": None}),
                                  "agenda": agenda[:1]})],
        "meetings/notice.j2": [
            ("representative", {"meeting": meeting, "items": items, "observer": False,
                                "checkin_opens_at": opens}),
            ("observer", {"meeting": meeting, "items": items[:1], "observer": True,
                          "checkin_opens_at": opens})],
        "meetings/item.j2": [
            ("representative", {"meeting": meeting, "items": items, "mine": None,
                                "checkin_opens_at": opens, "chair": False}),
            ("checked in", {"meeting": meeting, "items": items, "mine": present,
                            "checkin_opens_at": opens, "chair": True}),
            ("excused in session", {"meeting": in_session, "items": items, "mine": excused,
                                    "checkin_opens_at": opens, "chair": False})],
        "meetings/attendance.j2": [
            ("quorate", {"meeting": meeting, "summary": quorate, "closed": True}),
            ("short", {"meeting": meeting, "summary": short, "closed": False})],
    }

"""The .ics files sent with notices, read back with icalendar: the community's zone,
what the event is about, where to read more, and an alarm an hour before."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from models.hearings import calendar as hearings_calendar
from models.hearings.hearings import Hearing, HearingState
from models.proposals.proposals import Proposal


def test_the_ics_file_reads_back_with_the_community_zone() -> None:
    starts = datetime(2026, 12, 5, 11, 0, tzinfo=UTC)  # 19:00 in Shanghai
    hearing = Hearing(id=7, community_id=1, topic="车棚改造; 方案", place="活动室, 2 楼",
                      starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=30,
                      registration_deadline=starts, created_by_id=1, sequence=2,
                      created_at=starts - timedelta(days=3), updated_at=starts - timedelta(days=3))
    heard = Proposal(id=3, community_id=1, author_id=1, title="车棚改造",
                     description="东区车棚\n加装充电桩", support_deadline=starts)
    data = hearings_calendar.build(hearing, community_code="xingfuli",
                                   timezone="Asia/Shanghai", now=starts - timedelta(days=3),
                                   url="https://board.xingfuli.example/c/xingfuli/",
                                   proposal=heard)
    calendar = Calendar.from_ical(data)
    [zone] = calendar.walk("VTIMEZONE")
    [event] = calendar.walk("VEVENT")
    assert str(zone["TZID"]) == "Asia/Shanghai" and str(calendar["METHOD"]) == "PUBLISH"
    start = event.decoded("DTSTART")
    assert start == starts and start.utcoffset() == timedelta(hours=8)
    assert start.tzinfo == ZoneInfo("Asia/Shanghai") and start.hour == 19
    assert event.decoded("DTEND") - start == timedelta(hours=2)
    assert str(event["SUMMARY"]) == "车棚改造; 方案" and str(event["LOCATION"]) == "活动室, 2 楼"
    assert str(event["UID"]) == "hearing-7@xingfuli.yishi" and int(event["SEQUENCE"]) == 2
    assert str(event["DESCRIPTION"]) == ("H0007 车棚改造; 方案\n\n"
                                         "P0003 车棚改造\n东区车棚\n加装充电桩")
    assert str(event["URL"]) == "https://board.xingfuli.example/c/xingfuli/"
    [alarm] = event.walk("VALARM")  # an hour before, on the phone
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1) and str(alarm["ACTION"]) == "DISPLAY"
    hearing.state = HearingState.cancelled
    cancelled = Calendar.from_ical(hearings_calendar.build(
        hearing, community_code="xingfuli", timezone="Asia/Shanghai", now=starts))
    assert str(cancelled["METHOD"]) == "CANCEL"
    assert str(cancelled.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"
    assert not cancelled.walk("VALARM")  # nothing to be reminded of

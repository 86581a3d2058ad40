"""Samples of the petition's multi-line templates and of the meeting's texts that change
when it is convened on a petition (tests/template_samples.py explains SAMPLES); each
case is added to the template's others."""

from datetime import timedelta
from typing import Any

from handlers.meetings.drafting import MeetingDraft
from models.meetings.meetings import Meeting, MeetingItem, MeetingState

Case = tuple[str, dict[str, Any]]


def samples(at: Any) -> dict[str, list[Case]]:
    meeting = Meeting(id=4, community_id=1, title="关于停车收费调整的居民代表会议",
                      place="社区活动室", starts_at=at + timedelta(days=5),
                      duration_minutes=90, state=MeetingState.convened, chair_id=5,
                      petition_id=2, created_by_id=5, created_at=at, updated_at=at)
    items = [MeetingItem(meeting_id=4, position=1, title="停车收费调整方案", body="")]
    draft = MeetingDraft(title=meeting.title, starts_at=meeting.starts_at, place=meeting.place,
                         duration_minutes=90, items=["停车收费调整方案"], petition_id=2,
                         petition_number="MP0002")
    return {
        "meetings/petition_preview.j2": [
            ("reason", {"reason": "小区停车收费拟上调一倍，涉及全体业主利益，需要代表会议讨论。"})],
        "meetings/notice.j2": [
            ("on a petition", {"meeting": meeting, "items": items, "observer": False,
                               "checkin_opens_at": meeting.starts_at - timedelta(minutes=30)})],
        "meetings/preview.j2": [
            ("on a petition", {"draft": draft, "agenda": ["停车收费调整方案"]})],
    }

"""Samples of the meeting's templates for changing the agenda after the notice
(tests/template_samples.py explains SAMPLES)."""

from datetime import timedelta
from typing import Any

from handlers.meetings.drafting import MeetingDraft
from models.meetings.meetings import Meeting, MeetingItem, MeetingState
from models.people.persons import Person
from tests import template_samples_meetings

Case = tuple[str, dict[str, Any]]


def samples(at: Any, me: Person, neighbour: Person) -> dict[str, list[Case]]:
    """These, and the preview's cases of template_samples_meetings with one more."""
    earlier = template_samples_meetings.samples(at, me, neighbour)["meetings/preview.j2"]
    meeting = Meeting(id=3, community_id=1, title="2026年第四季度居民代表会议", place="社区活动室",
                      starts_at=at + timedelta(days=3), duration_minutes=120,
                      state=MeetingState.convened, chair_id=1, created_by_id=1, created_at=at,
                      updated_at=at)
    items = [MeetingItem(meeting_id=3, position=1, title="公共收益使用情况", body=""),
             MeetingItem(meeting_id=3, position=2, title="P0001 增设电动车充电桩", body="")]
    invited = MeetingDraft(title=meeting.title, starts_at=meeting.starts_at, place=meeting.place,
                           items=["公共收益使用情况"],
                           observers=[(5, "街道办 张科长"), (6, "物业 李经理")],
                           recorder=(7, "社区干事 赵敏"),
                           documents=[{"kind": "document", "file_id": "F1", "name": "方案.pdf"}])
    return {
        "meetings/preview.j2": [*earlier,
            ("papers, observers, recorder", {"draft": invited, "agenda": ["公共收益使用情况"]})],
        "meetings/agenda_editor.j2": [
            ("changed", {"meeting": meeting, "items": items, "changed": True}),
            ("empty", {"meeting": meeting, "items": [], "changed": False})],
        "meetings/agenda_changed.j2": [
            ("representative", {"meeting": meeting, "items": items, "observer": False}),
            ("observer", {"meeting": meeting, "items": items[:1], "observer": True})],
    }

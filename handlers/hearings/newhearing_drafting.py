"""The /newhearing dialogue's steps and draft: topic, linked proposal, time, place,
capacity, audience, registration deadline, then the notice's preview to publish."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from chat.dialogue import Dialogue, Draft


class Schedule(StrEnum):
    TOPIC = "newhearing.topic"
    PROPOSAL = "newhearing.proposal"
    TIME = "newhearing.time"
    PLACE = "newhearing.place"
    CAPACITY = "newhearing.capacity"
    AUDIENCE = "newhearing.audience"
    DEADLINE = "newhearing.deadline"
    PREVIEW = "newhearing.preview"


class NewHearing(Draft):
    topic: str = ""
    # The proposals offered to link, (id, label) as they stood when asked, so the
    # question can be asked again without the database.
    offered: list[tuple[int, str]] = []
    proposal_id: int | None = None
    starts_at: datetime | None = None
    place: str = ""
    capacity: int = 0
    audience: dict[str, Any] = {}
    deadline: datetime | None = None  # None: registration stays open until the start
    recipients: int = 0  # the audience counted for the preview


NEWHEARING = Dialogue(Schedule, NewHearing, command="newhearing")

"""The dialogue of a hearing's new time or place, begun by a committee member's
button under the hearing in /hearings: one question, then the change is sent."""

from datetime import datetime
from enum import StrEnum

from chat.dialogue import Dialogue, Draft


class Change(StrEnum):
    TIME = "hearing_change.time"
    PLACE = "hearing_change.place"


class HearingChanges(Draft):
    hearing_id: int = 0
    starts_at: datetime | None = None
    place: str | None = None


CHANGE = Dialogue(Change, HearingChanges, command="hearings")

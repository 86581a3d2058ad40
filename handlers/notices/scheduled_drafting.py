"""The one step of editing a notice still to go, from /scheduled: its new text or its
new time, whichever of the notice's buttons was pressed."""

from datetime import datetime
from enum import StrEnum
from typing import Literal

from chat.dialogue import Dialogue, Draft


class EditNotice(StrEnum):
    CHANGE = "notice.edit"


class NoticeChange(Draft):
    broadcast_id: int = 0
    what: Literal["text", "time"] = "text"
    body: str | None = None  # the answer: a new text, checked by the use case
    due_at: datetime | None = None  # or a new time


EDIT_NOTICE = Dialogue(EditNotice, NoticeChange, command="scheduled")

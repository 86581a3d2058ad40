"""The /broadcast dialogue's steps and draft: the text (with photos or a document),
then the notice as it will appear with its audience, timing and urgency to confirm,
and a time to send it at when it is scheduled."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from chat.dialogue import Dialogue, Draft
from models import audiences
from models.audiences import AudienceKind


class Broadcast(StrEnum):
    TEXT = "broadcast.text"
    CONFIRM = "broadcast.confirm"
    TIME = "broadcast.time"


class NewNotice(Draft):
    body: str = ""
    media: list[dict[str, Any]] = []  # {"kind", "file_id"}: photos, or one document
    audience: dict[str, Any] = Field(default_factory=lambda: dict(audiences.EVERYONE))
    urgent: bool = False
    due_at: datetime | None = None  # None: sent at once
    picking: AudienceKind | None = None  # the kind of audience whose options are shown
    picked: list[str] = []  # the codes ticked among them


BROADCAST = Dialogue(Broadcast, NewNotice, command="broadcast")

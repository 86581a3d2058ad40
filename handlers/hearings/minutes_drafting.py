"""The dialogue of a held hearing's minutes, begun by a committee member's button in
/hearings: the text, then photos and documents until published."""

from enum import StrEnum
from typing import Any

from chat.dialogue import Dialogue, Draft


class Minutes(StrEnum):
    TEXT = "hearing_minutes.text"
    FILES = "hearing_minutes.files"


class HearingMinutesDraft(Draft):
    hearing_id: int = 0
    text: str = ""
    attachments: list[dict[str, Any]] = []


MINUTES = Dialogue(Minutes, HearingMinutesDraft, command="hearings")

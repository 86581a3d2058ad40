"""The /propose dialogue's steps and draft: title, description, topic, files, then a
preview to submit or edit."""

from enum import StrEnum
from typing import Any

from chat.dialogue import Dialogue, Draft


class Propose(StrEnum):
    TITLE = "propose.title"
    DESCRIPTION = "propose.description"
    TOPIC = "propose.topic"
    FILES = "propose.files"
    PREVIEW = "propose.preview"


class NewProposal(Draft):
    title: str = ""
    description: str = ""
    topic: str | None = None
    attachments: list[dict[str, Any]] = []
    editing: bool = False  # a field changed from the preview returns to the preview


PROPOSE = Dialogue(Propose, NewProposal, command="propose")

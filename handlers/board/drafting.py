"""The /disclose dialogue's steps and draft: the kind of entry, its title, its body,
files, then a preview to publish now or at a time. A correction starts at the body,
with the kind and title of the entry it corrects."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from chat.dialogue import Dialogue, Draft
from models.board.disclosures import DisclosureKind


class Disclose(StrEnum):
    KIND = "disclose.kind"
    TITLE = "disclose.title"
    BODY = "disclose.body"
    FILES = "disclose.files"
    PREVIEW = "disclose.preview"
    AT = "disclose.at"


class NewDisclosure(Draft):
    # Any kind: a correction keeps the kind of its entry, which may be one the board
    # publishes by itself (a vote's result).
    kind: DisclosureKind | None = None
    title: str = ""
    body: str = ""
    attachments: list[dict[str, Any]] = []
    corrects_id: int | None = None
    at: datetime | None = None  # None: published at once


DISCLOSE = Dialogue(Disclose, NewDisclosure, command="disclose")

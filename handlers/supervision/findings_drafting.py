"""The /finding dialogue's steps and draft: a title, the text, documents if any, then a
preview to publish. A correction starts at the text, with the title of the finding it
corrects."""

from enum import StrEnum
from typing import Any

from chat.dialogue import Dialogue, Draft


class Finding(StrEnum):
    TITLE = "finding.title"
    BODY = "finding.body"
    FILES = "finding.files"
    PREVIEW = "finding.preview"


class FindingDraft(Draft):
    title: str = ""
    body: str = ""
    attachments: list[dict[str, Any]] = []
    corrects_id: int | None = None


FINDING = Dialogue(Finding, FindingDraft, command="finding")

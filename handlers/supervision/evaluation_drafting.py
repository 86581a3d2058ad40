"""The evaluation's dialogues: /workreport (the report's text, its files, a preview
to publish) and the optional comment of a rating, begun by a grade's button."""

from enum import StrEnum
from typing import Any

from chat.dialogue import Dialogue, Draft
from models.supervision.evaluation import Grade


class WorkReport(StrEnum):
    TEXT = "workreport.text"
    FILES = "workreport.files"
    PREVIEW = "workreport.preview"


class WorkReportDraft(Draft):
    year: int = 0  # the round's, for the board entry's title
    text: str = ""
    attachments: list[dict[str, Any]] = []


WORK_REPORT = Dialogue(WorkReport, WorkReportDraft, command="workreport")


class Rating(StrEnum):
    COMMENT = "evaluate.comment"


class RatingDraft(Draft):
    # Kept only until the rating is stored: the rating itself never names its voter.
    member_id: int = 0
    grade: Grade = Grade.satisfied


RATING = Dialogue(Rating, RatingDraft, command="evaluate")

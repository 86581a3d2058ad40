"""The texts /review asks for after one of a proposal's buttons: the reason it is
returned or rejected, a deliberation's note, or the resolution or its implementation.
Each is one step; the draft remembers which proposal, and what the text is for."""

from enum import StrEnum
from typing import Literal

from chat.dialogue import Dialogue, Draft
from models.proposals.stages import Stage


class Review(StrEnum):
    REASON = "review.reason"
    NOTE = "review.note"
    TEXT = "review.text"


class ReviewDraft(Draft):
    proposal_id: int = 0
    target: Literal[Stage.returned, Stage.rejected] | None = None  # at REASON
    kind: str | None = None  # at NOTE: a step of the community's path, or a hearing
    what: Literal["decided", "implemented"] | None = None  # at TEXT


REVIEW = Dialogue(Review, ReviewDraft, command="review")

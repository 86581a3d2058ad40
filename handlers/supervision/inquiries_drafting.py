"""The dialogues of formal inquiries: /inquire (the text, documents, a preview) and the
committee's answer (the text, documents, a preview), begun by the answer button."""

from enum import StrEnum
from typing import Any

from chat.dialogue import Dialogue, Draft


class Inquire(StrEnum):
    TEXT = "inquiry.text"
    FILES = "inquiry.files"
    PREVIEW = "inquiry.preview"


class InquiryDraft(Draft):
    text: str = ""
    documents: list[dict[str, Any]] = []


INQUIRE = Dialogue(Inquire, InquiryDraft, command="inquire")


class Answer(StrEnum):
    TEXT = "inquiry_answer.text"
    FILES = "inquiry_answer.files"
    PREVIEW = "inquiry_answer.preview"


class AnswerDraft(Draft):
    inquiry_id: int = 0
    text: str = ""
    documents: list[dict[str, Any]] = []


ANSWER = Dialogue(Answer, AnswerDraft, command="inquiries")

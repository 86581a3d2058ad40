"""Formal inquiries (质询): the buttons. Payloads carry ids only; every press is checked
again by the use case it reaches."""

from dataclasses import dataclass

from chat.payloads import Payload


# /inquire, at the presser's own draft and the step its route names.
@dataclass(frozen=True)
class InquiryDraftKeep(Payload, prefix="qk"):
    keep: bool  # continue the draft, or start over


@dataclass(frozen=True)
class InquiryFilesDone(Payload, prefix="qf"):
    pass


@dataclass(frozen=True)
class InquirySubmit(Payload, prefix="qs"):
    submit: bool  # False: rewrite the text


# Under the news of an inquiry, for the representatives asked to co-sign.
@dataclass(frozen=True)
class InquirySign(Payload, prefix="qg"):
    inquiry_id: int


# Under the inquiry put to the committee and its reminders.
@dataclass(frozen=True)
class InquiryAnswer(Payload, prefix="qa"):
    inquiry_id: int


@dataclass(frozen=True)
class InquiryAnswerFilesDone(Payload, prefix="qb"):
    pass


@dataclass(frozen=True)
class InquiryAnswerSubmit(Payload, prefix="qc"):
    submit: bool  # False: rewrite the answer


# The inquirer's, under the answer.
@dataclass(frozen=True)
class InquiryRate(Payload, prefix="qr"):
    inquiry_id: int
    satisfied: bool


@dataclass(frozen=True)
class InquiryToMeeting(Payload, prefix="qm"):
    inquiry_id: int

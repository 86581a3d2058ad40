"""Broadcasts and notices (通知): audience, timing, the scheduled list: the buttons.
Payloads carry ids only."""

from dataclasses import dataclass
from typing import Literal

from chat.payloads import Payload
from models.audiences import AudienceKind


# No fields: these act on the presser's own draft, at the step their routes name.
@dataclass(frozen=True)
class SendBroadcast(Payload, prefix="bs"):
    pass


@dataclass(frozen=True)
class DropBroadcast(Payload, prefix="bd"):
    pass


@dataclass(frozen=True)
class NoticeAudienceDone(Payload, prefix="nk"):
    pass


@dataclass(frozen=True)
class NoticeSchedule(Payload, prefix="ns"):
    pass


@dataclass(frozen=True)
class RetryBroadcast(Payload, prefix="br"):
    broadcast_id: int


@dataclass(frozen=True)
class NoticeAudienceKind(Payload, prefix="na"):
    kind: AudienceKind | Literal[""]  # "": ask which kind


@dataclass(frozen=True)
class NoticeToggle(Payload, prefix="nt"):
    index: int  # position among the options of the kind being picked, as HearingAudience


@dataclass(frozen=True)
class NoticeUrgent(Payload, prefix="nu"):
    urgent: bool


@dataclass(frozen=True)
class NoticeEdit(Payload, prefix="ne"):
    broadcast_id: int
    what: Literal["text", "time"]


@dataclass(frozen=True)
class NoticeCancel(Payload, prefix="nc"):
    broadcast_id: int


@dataclass(frozen=True)
class DeliveryReport(Payload, prefix="nr"):
    broadcast_id: int

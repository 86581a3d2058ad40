"""Every button payload the bot sends, in one place. Payloads carry ids only."""

from dataclasses import dataclass

from chat.payloads import Payload


@dataclass(frozen=True)
class SetLanguage(Payload, prefix="lg"):
    language: str


@dataclass(frozen=True)
class DiscardDialogue(Payload, prefix="cx"):
    person_id: int


@dataclass(frozen=True)
class KeepDialogue(Payload, prefix="ck"):
    person_id: int


@dataclass(frozen=True)
class SendBroadcast(Payload, prefix="bs"):
    person_id: int


@dataclass(frozen=True)
class DropBroadcast(Payload, prefix="bd"):
    person_id: int


@dataclass(frozen=True)
class RetryBroadcast(Payload, prefix="br"):
    broadcast_id: int


# The public disclosure board (居务公开)

@dataclass(frozen=True)
class BoardPage(Payload, prefix="dp"):
    kind: str  # "*": every kind
    page: int


@dataclass(frozen=True)
class BoardEntry(Payload, prefix="do"):
    entry_id: int


@dataclass(frozen=True)
class BoardKind(Payload, prefix="dk"):
    kind: str


@dataclass(frozen=True)
class BoardFilesDone(Payload, prefix="dx"):
    person_id: int


@dataclass(frozen=True)
class BoardPublish(Payload, prefix="dy"):
    now: int  # 1: publish at once; 0: ask for the time


@dataclass(frozen=True)
class BoardCorrect(Payload, prefix="dn"):
    entry_id: int


# --- Notices (通知): audience, timing and the scheduled list ---


@dataclass(frozen=True)
class NoticeAudienceKind(Payload, prefix="na"):
    kind: str  # everyone | areas | buildings | units | role


@dataclass(frozen=True)
class NoticeToggle(Payload, prefix="nt"):
    index: int  # position among the options of the kind being picked, as HearingAudience


@dataclass(frozen=True)
class NoticeAudienceDone(Payload, prefix="nk"):
    person_id: int


@dataclass(frozen=True)
class NoticeUrgent(Payload, prefix="nu"):
    urgent: int


@dataclass(frozen=True)
class NoticeSchedule(Payload, prefix="ns"):
    person_id: int


@dataclass(frozen=True)
class NoticeEdit(Payload, prefix="ne"):
    broadcast_id: int
    what: str  # text | time


@dataclass(frozen=True)
class NoticeCancel(Payload, prefix="nc"):
    broadcast_id: int

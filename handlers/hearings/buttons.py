"""Hearings (听证会): the buttons. Payloads carry ids only."""

from dataclasses import dataclass
from typing import Literal

from chat.payloads import Payload
from models.audiences import AudienceKind
from models.hearings.hearings import Attendance


@dataclass(frozen=True)
class HearingProposal(Payload, prefix="hp"):
    proposal_id: int  # 0: no linked proposal


@dataclass(frozen=True)
class HearingAudience(Payload, prefix="ha"):
    kind: AudienceKind
    # Position among the kind's options (models.audiences.options); -1 for everyone.
    # Not the code itself: "area/building" of two 32-character codes would pass 64 bytes.
    index: int


# No fields: both act on the presser's own draft, at the step their routes name.
@dataclass(frozen=True)
class HearingPublish(Payload, prefix="hs"):
    pass


@dataclass(frozen=True)
class HearingDrop(Payload, prefix="hd"):
    pass


@dataclass(frozen=True)
class HearingRegister(Payload, prefix="hr"):
    hearing_id: int
    attendance: Attendance


@dataclass(frozen=True)
class HearingWithdraw(Payload, prefix="hw"):
    hearing_id: int


@dataclass(frozen=True)
class HearingChange(Payload, prefix="hx"):
    hearing_id: int
    what: Literal["time", "place"]


@dataclass(frozen=True)
class HearingCancel(Payload, prefix="hk"):
    hearing_id: int
    confirmed: bool  # ask first, or cancel


@dataclass(frozen=True)
class HearingMinutes(Payload, prefix="hm"):
    hearing_id: int


@dataclass(frozen=True)
class HearingMinutesDone(Payload, prefix="hf"):
    hearing_id: int

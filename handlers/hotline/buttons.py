"""The hotline: filing a ticket, the back office, rating: the buttons. Payloads carry ids only."""

from dataclasses import dataclass
from typing import Literal

from chat.payloads import Payload
from models.hotline.tickets import Rating


@dataclass(frozen=True)
class TicketCategory(Payload, prefix="tc"):
    code: str


# No fields: these act on the presser's own draft, at the step their routes name.
@dataclass(frozen=True)
class TicketPhotosDone(Payload, prefix="tp"):
    pass


@dataclass(frozen=True)
class TicketSubmit(Payload, prefix="ts"):
    pass


@dataclass(frozen=True)
class TicketRedo(Payload, prefix="te"):
    pass  # describe again, from the preview


@dataclass(frozen=True)
class TicketPlace(Payload, prefix="tl"):
    choice: Literal["home", "none"]


@dataclass(frozen=True)
class TicketAnonymity(Payload, prefix="ta"):
    anonymous: bool


@dataclass(frozen=True)
class TicketAccept(Payload, prefix="tk"):
    ticket_id: int


@dataclass(frozen=True)
class TicketTransfer(Payload, prefix="tt"):
    ticket_id: int


@dataclass(frozen=True)
class TicketTransferTo(Payload, prefix="tx"):
    ticket_id: int
    department: str  # empty when handing to a handler
    handler_id: int  # 0 when handing to a department


@dataclass(frozen=True)
class TicketNote(Payload, prefix="tn"):
    ticket_id: int
    public: bool


@dataclass(frozen=True)
class TicketResolve(Payload, prefix="tr"):
    ticket_id: int


@dataclass(frozen=True)
class TicketMerge(Payload, prefix="tm"):
    ticket_id: int
    target_id: int


@dataclass(frozen=True)
class TicketRate(Payload, prefix="tf"):
    ticket_id: int
    rating: Rating


# Under /stats: the month's departments' ranking as a CSV file.
@dataclass(frozen=True)
class RankingCsv(Payload, prefix="hv"):
    month: str  # "2026-11"; checked again by the use case

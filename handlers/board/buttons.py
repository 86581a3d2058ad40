"""The public disclosure board (居务公开): the buttons. Payloads carry ids only."""

from dataclasses import dataclass
from typing import Literal

from chat.payloads import Payload
from models.board.disclosures import DisclosureKind

Shelf = DisclosureKind | Literal["*"]  # one kind of entry, or "*": every kind
# What the committee publishes by hand; vote results and hotline reports come by themselves.
ManualKind = Literal[DisclosureKind.resolution, DisclosureKind.implementation,
                     DisclosureKind.hearing_minutes, DisclosureKind.financial,
                     DisclosureKind.other]


@dataclass(frozen=True)
class BoardPage(Payload, prefix="dp"):
    kind: Shelf
    page: int


@dataclass(frozen=True)
class BoardEntry(Payload, prefix="do"):
    entry_id: int


@dataclass(frozen=True)
class BoardKind(Payload, prefix="dk"):
    kind: ManualKind


# No fields: acts on the presser's own draft, at the step its route names.
@dataclass(frozen=True)
class BoardFilesDone(Payload, prefix="dx"):
    pass


@dataclass(frozen=True)
class BoardPublish(Payload, prefix="dy"):
    now: bool  # publish at once, or ask for the time


@dataclass(frozen=True)
class BoardCorrect(Payload, prefix="dn"):
    entry_id: int

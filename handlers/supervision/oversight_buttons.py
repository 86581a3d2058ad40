"""The supervisors' reading buttons: a page of proposals or matters, and one of them
opened. Payloads carry ids only; each press is checked again in models/supervision/."""

from dataclasses import dataclass

from chat.payloads import Payload


@dataclass(frozen=True)
class OverseeProposals(Payload, prefix="op"):
    page: int


@dataclass(frozen=True)
class OverseeProposal(Payload, prefix="oq"):
    proposal_id: int


@dataclass(frozen=True)
class OverseeMatters(Payload, prefix="om"):
    page: int


@dataclass(frozen=True)
class OverseeMatter(Payload, prefix="on"):
    matter_id: int

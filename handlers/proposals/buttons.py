"""Proposals (提案) and their review: the buttons. Payloads carry ids only."""

from dataclasses import dataclass
from typing import Literal

from chat.payloads import Payload
from models.proposals.stages import Stage


@dataclass(frozen=True)
class ProposalTopic(Payload, prefix="pt"):
    topic: str


# No fields: these act on the presser's own draft, at the step their routes name.
@dataclass(frozen=True)
class ProposalFilesDone(Payload, prefix="pf"):
    pass


@dataclass(frozen=True)
class ProposalSubmit(Payload, prefix="ps"):
    pass


@dataclass(frozen=True)
class ProposalEdit(Payload, prefix="pe"):
    field: Literal["title", "description"]


@dataclass(frozen=True)
class ProposalDraft(Payload, prefix="pd"):
    keep: bool  # continue the draft, or start over


@dataclass(frozen=True)
class SupportProposal(Payload, prefix="su"):
    proposal_id: int
    page: int


@dataclass(frozen=True)
class ProposalsPage(Payload, prefix="pp"):
    page: int


@dataclass(frozen=True)
class MarkMajor(Payload, prefix="mj"):
    proposal_id: int  # from now on decided only by a vote


@dataclass(frozen=True)
class ReviewDecision(Payload, prefix="rv"):
    proposal_id: int
    stage: Literal[Stage.accepted, Stage.returned, Stage.rejected, Stage.merged]


@dataclass(frozen=True)
class MergeInto(Payload, prefix="mi"):
    proposal_id: int
    target_id: int


@dataclass(frozen=True)
class Deliberation(Payload, prefix="dl"):
    proposal_id: int
    kind: str  # a step of the community's path (四议), or a hearing


@dataclass(frozen=True)
class RecordText(Payload, prefix="rt"):
    proposal_id: int
    what: Literal["decided", "implemented"]


@dataclass(frozen=True)
class Disclose(Payload, prefix="dc"):
    proposal_id: int

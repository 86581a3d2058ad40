"""Votes on major matters (重大事项票决制): the buttons. Payloads carry ids only."""

from dataclasses import dataclass

from chat.payloads import Payload
from models.people.roles import Role
from models.voting.electorate import Voters
from models.voting.tally import MatterKind, PassRule


@dataclass(frozen=True)
class MatterFromProposal(Payload, prefix="vn"):
    proposal_id: int


# No fields: acts on the presser's own draft, at the step its route names.
@dataclass(frozen=True)
class MatterFilesDone(Payload, prefix="vf"):
    pass


@dataclass(frozen=True)
class MatterKindPick(Payload, prefix="vk"):
    kind: MatterKind


@dataclass(frozen=True)
class MatterVoters(Payload, prefix="ve"):
    voters: Voters


@dataclass(frozen=True)
class MatterScope(Payload, prefix="vz"):
    depth: int  # how many codes the place shown had: a button of an earlier one is stale
    code: str  # a part of that place, or "*" for all of it


@dataclass(frozen=True)
class MatterRecallPick(Payload, prefix="vh"):
    person_id: int  # an office holder offered for the name typed
    role: Role


@dataclass(frozen=True)
class MatterNomineePick(Payload, prefix="va"):
    person_id: int  # a registered resident offered for the name typed, to be a supervisor


@dataclass(frozen=True)
class MatterSecret(Payload, prefix="vt"):
    secret: bool


@dataclass(frozen=True)
class MatterDays(Payload, prefix="vd"):
    days: int


@dataclass(frozen=True)
class MatterRule(Payload, prefix="vr"):
    rule: PassRule


@dataclass(frozen=True)
class MatterOpen(Payload, prefix="vo"):
    now: bool  # open at once, or ask for the opening time


@dataclass(frozen=True)
class VotePick(Payload, prefix="vp"):
    matter_id: int
    option: int


@dataclass(frozen=True)
class VoteConfirm(Payload, prefix="vc"):
    matter_id: int
    option: int


@dataclass(frozen=True)
class VoteBack(Payload, prefix="vb"):
    matter_id: int


@dataclass(frozen=True)
class VoteShow(Payload, prefix="vs"):
    matter_id: int


@dataclass(frozen=True)
class PollComment(Payload, prefix="vm"):
    matter_id: int  # a poll the presser has answered: ask for their comment


@dataclass(frozen=True)
class PollSkip(Payload, prefix="vx"):
    matter_id: int

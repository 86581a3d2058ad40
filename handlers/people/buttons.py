"""Registration and its approval: the buttons. Payloads carry ids only."""

from dataclasses import dataclass

from chat.payloads import Payload


@dataclass(frozen=True)
class PickCommunity(Payload, prefix="rc"):
    community_id: int


@dataclass(frozen=True)
class PickArea(Payload, prefix="ra"):
    area: str


@dataclass(frozen=True)
class PickBuilding(Payload, prefix="rb"):
    building: str


@dataclass(frozen=True)
class PickUnit(Payload, prefix="ru"):
    unit: str


# No fields: both act on the presser's own dialogue, at the step their routes name.
@dataclass(frozen=True)
class SubmitRegistration(Payload, prefix="rs"):
    pass


@dataclass(frozen=True)
class RestartRegistration(Payload, prefix="rr"):
    pass


@dataclass(frozen=True)
class ApproveRegistration(Payload, prefix="ry"):
    person_id: int


@dataclass(frozen=True)
class RejectRegistration(Payload, prefix="rn"):
    person_id: int

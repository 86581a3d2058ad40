"""Every button payload the bot sends, in one place. Payloads carry ids only."""

from dataclasses import dataclass

from bot.callback_data import Payload


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


@dataclass(frozen=True)
class SubmitRegistration(Payload, prefix="rs"):
    person_id: int


@dataclass(frozen=True)
class RestartRegistration(Payload, prefix="rr"):
    person_id: int


@dataclass(frozen=True)
class ApproveRegistration(Payload, prefix="ry"):
    person_id: int


@dataclass(frozen=True)
class RejectRegistration(Payload, prefix="rn"):
    person_id: int


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

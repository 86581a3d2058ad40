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

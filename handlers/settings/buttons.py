"""A person's own settings and their open dialogue: the buttons. Payloads carry ids only."""

from dataclasses import dataclass

from chat.payloads import Payload
from models.languages import Language


@dataclass(frozen=True)
class SetLanguage(Payload, prefix="lg"):
    language: Language


@dataclass(frozen=True)
class DiscardDialogue(Payload, prefix="cx"):
    person_id: int


@dataclass(frozen=True)
class KeepDialogue(Payload, prefix="ck"):
    person_id: int

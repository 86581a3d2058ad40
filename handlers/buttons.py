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


# The public disclosure board (居务公开)

@dataclass(frozen=True)
class BoardPage(Payload, prefix="dp"):
    kind: str  # "*": every kind
    page: int


@dataclass(frozen=True)
class BoardEntry(Payload, prefix="do"):
    entry_id: int


@dataclass(frozen=True)
class BoardKind(Payload, prefix="dk"):
    kind: str


@dataclass(frozen=True)
class BoardFilesDone(Payload, prefix="dx"):
    person_id: int


@dataclass(frozen=True)
class BoardPublish(Payload, prefix="dy"):
    now: int  # 1: publish at once; 0: ask for the time


@dataclass(frozen=True)
class BoardCorrect(Payload, prefix="dn"):
    entry_id: int

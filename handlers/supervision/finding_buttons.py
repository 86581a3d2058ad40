"""The supervisors' findings (监督意见): the buttons. Payloads carry ids only; the use
case checks again who presses."""

from dataclasses import dataclass

from chat.payloads import Payload
from models.messages import Button, Markup


# Under a finding opened on the board, for the supervisors.
@dataclass(frozen=True)
class FindingCorrect(Payload, prefix="fc"):
    entry_id: int


# No fields: act on the presser's own draft, at the step their route names.
@dataclass(frozen=True)
class FindingFilesDone(Payload, prefix="fx"):
    pass


@dataclass(frozen=True)
class FindingPublish(Payload, prefix="fy"):
    pass


def correct(entry_id: int) -> Markup:
    return [[Button(label="board.correct", data=FindingCorrect(entry_id).pack())]]

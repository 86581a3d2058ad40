"""What became of one attempt to deliver a message: what the sender records for it."""

from dataclasses import dataclass

from models.outbox import DeliveryState


@dataclass(frozen=True)
class Sent:
    message_id: int


@dataclass(frozen=True)
class Failed:
    state: DeliveryState
    error: str
    given_up: bool = False  # tried MAX_ATTEMPTS times: the outage report counts it


@dataclass(frozen=True)
class Later:
    error: str


Result = Sent | Failed | Later


def label(result: Result) -> str:
    """The result as the metrics name it (bot/metrics.py, yishi_sends_total)."""
    if isinstance(result, Sent):
        return "sent"
    if isinstance(result, Later):
        return "retry"
    if result.given_up:
        return "given_up"
    return "unreachable" if result.state == DeliveryState.unreachable else "failed"

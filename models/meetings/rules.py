"""The arithmetic of a representatives' meeting, as pure functions: quorum, the
signatures a petition needs, the check-in window and which reminders are due. Shares
are exact fractions, so "exactly half present" falls on the side the rule says."""

from datetime import datetime, timedelta
from fractions import Fraction
from math import ceil

from models.voting.tally import share


def quorate(present: int, sitting: int, quorum: Fraction) -> bool:
    """More than `quorum` of the sitting representatives are present."""
    return sitting > 0 and present > quorum * sitting


def needed_for_quorum(sitting: int, quorum: Fraction) -> int:
    """The fewest present that make the meeting quorate."""
    return int(quorum * sitting) + 1


def petition_needed(petition_share: float, sitting: int) -> int:
    """Signatures that reach the share of the sitting representatives (at least one)."""
    return max(1, ceil(share(petition_share) * sitting))


def checkin_opens_at(starts_at: datetime, opens_minutes: int) -> datetime:
    return starts_at - timedelta(minutes=opens_minutes)


def due_reminders(starts_at: datetime, hours: list[int], *, notified_at: datetime,
                  now: datetime) -> list[int]:
    """Offsets whose moment has come, counting only those after the notice went out: a
    meeting announced three hours ahead gets no "tomorrow" reminder."""
    return [h for h in hours if notified_at < starts_at - timedelta(hours=h) <= now]

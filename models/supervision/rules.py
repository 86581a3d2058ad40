"""The arithmetic of an inquiry, as pure functions: when the committee's answer is due
and which reminders are due. Days are the community's calendar days, so an answer due
"within seven days" is due at the end of the seventh day where the community lives,
whatever the offset or a clock change in between."""

from datetime import UTC, date, datetime, time, timedelta, tzinfo


def answer_due(put_at: datetime, days: int, zone: tzinfo) -> datetime:
    """The first moment of the local day after the `days`-th day following the day the
    inquiry was put: the end of its last day, as aware UTC."""
    put_on = put_at.astimezone(zone).date()
    return start_of_day(put_on + timedelta(days=days + 1), zone)


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """The first moment whose local date is `day`. A clock change may skip midnight (it
    starts at 01:00) or repeat the last hour before it; fold=0 reads a skipped midnight
    with the offset before the jump, which is the jump itself."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def due_reminders(due_at: datetime, hours: list[int], *, put_at: datetime,
                  now: datetime) -> list[int]:
    """Offsets whose moment has come, counting only those after the inquiry was put."""
    return [h for h in hours if put_at < due_at - timedelta(hours=h) <= now]

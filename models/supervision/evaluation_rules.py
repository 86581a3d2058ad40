"""When the annual work reports and their evaluation (述职评议) take place: the
community file's `evaluation` settings and the period they give each year.

A period opens at midnight of its month-day in the community's zone and runs whole
local days, so it may run into the next year (opens 12-20 for 20 days): it is named by
the year it opens in."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from pydantic import BaseModel, ConfigDict, Field, field_validator

YEARLESS = 2001  # any year that is not a leap year: 02-29 opens no period most years


class EvaluationRules(BaseModel):
    """`evaluation:` in the community file; without it there is no evaluation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    opens: str = Field(pattern=r"^\d\d-\d\d$")  # "MM-DD", in the community's zone
    days: int = Field(default=14, gt=0, le=90)
    residents: bool = False  # residents rate too, besides the representatives
    # A member whose satisfaction share (满意 + 基本满意 over all ratings) is below this
    # is flagged for follow-up and the supervisors are told.
    flag_below: float = Field(default=0.6, gt=0, le=1)

    @field_validator("opens")
    @classmethod
    def _a_day_of_every_year(cls, value: str) -> str:
        month, day = (int(part) for part in value.split("-"))
        try:
            date(YEARLESS, month, day)
        except ValueError:
            raise ValueError(f"{value!r} is not a month-day every year has") from None
        return value

    @property
    def month_day(self) -> tuple[int, int]:
        month, day = (int(part) for part in self.opens.split("-"))
        return month, day


@dataclass(frozen=True)
class Period:
    year: int  # the year it opens in
    opens_at: datetime  # aware UTC
    closes_at: datetime

    def holds(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def period_of(rules: EvaluationRules, zone: tzinfo, year: int) -> Period:
    """The period that opens in `year`: local midnights, whatever the clock changes."""
    first = date(year, *rules.month_day)
    return Period(year, _midnight(first, zone), _midnight(first + timedelta(rules.days), zone))


def current(rules: EvaluationRules, zone: tzinfo, now: datetime) -> Period | None:
    """The period running at `now`, if one is: this year's, or last year's still
    running into this one."""
    year = now.astimezone(zone).year
    return next((p for p in (period_of(rules, zone, y) for y in (year, year - 1))
                 if p.holds(now)), None)


def last_ended(rules: EvaluationRules, zone: tzinfo, now: datetime) -> Period:
    """The latest period that has ended by `now`."""
    year = now.astimezone(zone).year
    return next(p for p in (period_of(rules, zone, y) for y in (year, year - 1, year - 2))
                if p.closes_at <= now)

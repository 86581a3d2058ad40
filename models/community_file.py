"""The community description file (community.yaml): its schema and validation.
models/community_reading.py reads a file into it."""

from datetime import date, time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from models.community_schema import Channel, Code, Name, Role, WebAddress
from models.community_schema import Entry as _Entry
from models.community_schema import checked as _checked
from models.community_schema import custom as _custom
from models.community_schema import raise_problems as _raise_problems
from models.supervision.evaluation_rules import EvaluationRules
from models.supervision.file_rules import SupervisionRules

PassRuleName = Literal["cast_majority", "electorate_majority", "two_thirds_cast"]


class Unit(_Entry):
    code: Code
    name: Name


class Building(_Entry):
    code: Code
    name: Name
    units: Annotated[list[Unit], Field(min_length=1), _checked()]


class Area(_Entry):
    code: Code
    name: Name
    buildings: Annotated[list[Building], Field(min_length=1), _checked()]


class Department(_Entry):
    code: Code
    name: Name
    # Telegram ids: the handler on duty gets new tickets (else round-robin among the
    # department's handlers); the supervisor gets its escalations (else every supervisor).
    on_duty: int | None = Field(default=None, gt=0)
    supervisor: int | None = Field(default=None, gt=0)


class Category(_Entry):
    code: Code
    name: Name
    department: Code | None = None  # required unless supervised
    # A complaint about the committee or its staff (作风问题, 居务不公开): its tickets go
    # to the supervisors (居务监督委员会) only, never to the committee or its handlers.
    supervised: bool = False
    # Working hours to accept a ticket, working days to resolve it.
    response_hours: int = Field(default=2, gt=0)
    resolve_days: int = Field(default=3, gt=0)
    # Area code -> department code, where an area's tickets go elsewhere.
    by_area: dict[Code, Code] = {}

    @model_validator(mode="after")
    def _routed_or_supervised(self) -> "Category":
        if self.supervised and (self.department is not None or self.by_area):
            _raise_problems([(("supervised",), "a supervised category has no department")])
        if not self.supervised and self.department is None:
            _raise_problems([(("department",), "required unless the category is supervised")])
        return self


class WorkingHours(_Entry):
    """When the back office works, in the community's time zone; deadlines count only this."""

    days: list[Annotated[int, Field(ge=1, le=7)]] = Field(default=[1, 2, 3, 4, 5],
                                                           min_length=1)  # 1 is Monday
    start: time = time(9, 0)
    end: time = time(18, 0)
    holidays: list[date] = []

    @model_validator(mode="after")
    def _start_before_end(self) -> "WorkingHours":
        if self.start >= self.end:
            _raise_problems([(("end",), "must be later than start")])
        return self


class Hotline(_Entry):
    working_hours: WorkingHours = WorkingHours()
    # A new ticket of the same category and building within this many hours of an
    # open one is shown to its handler as a possible duplicate.
    duplicate_hours: int = Field(default=72, gt=0)


class VoteRules(_Entry):
    """Defaults for votes on major matters; a committee member may choose otherwise per
    matter when opening it."""

    quorum: float = Field(default=0.5, gt=0, lt=1)
    pass_rule: PassRuleName = "cast_majority"
    recall_pass_rule: PassRuleName = "electorate_majority"
    secret_ballot: bool = False
    allow_change: bool = True
    by_election_after_recall: bool = True  # the committee is told a by-election is due
    voting_days: int = Field(default=7, gt=0)
    reminder_hours: list[Annotated[int, Field(gt=0)]] = Field(default=[24, 2])

    @field_validator("reminder_hours")
    @classmethod
    def _within_vote(cls, hours: list[int], info: ValidationInfo) -> list[int]:
        days = info.data.get("voting_days")
        _raise_problems(
            ((i,), f"{h} hours before closing is longer than the vote ({days} days)")
            for i, h in enumerate(hours) if days is not None and h >= days * 24)
        return hours


class Households(_Entry):
    """What a household is when one votes per household (一户一票): a unit, or a door
    number within a unit that each resident gives at registration."""

    by: Literal["unit", "door"] = "unit"


class Topic(_Entry):
    code: Code
    name: Name
    major: bool = False  # proposals on it are major matters: decided only by a vote


class PathStep(_Entry):
    """One deliberation of the path a proposal takes before the representatives decide
    it (四议), in the community's own words."""

    code: Code
    name: Name
    required: bool = True  # may not be skipped; an optional one may, but not after later ones


# Without a path in the file: the deliberations Yishi always knew, none required.
DEFAULT_PATH = [PathStep(code="committee", name="居委会议事", required=False),
                PathStep(code="joint_meeting", name="联席会议", required=False)]


class ProposalRules(_Entry):
    resident_supports: int = Field(default=10, gt=0)
    support_days: int = Field(default=14, gt=0)
    representative_cosigns: int = Field(default=2, ge=0)
    topics: Annotated[list[Topic], _checked()] = []
    # 四议: the deliberations before the decision, in order (a hearing may come anywhere).
    path: Annotated[list[PathStep], _checked()] = Field(default_factory=DEFAULT_PATH.copy)
    # 两公开 on time: a resolution is disclosed within this many days of the decision; the
    # implementation is due this many days after it, and its result disclosed within
    # implementation_disclosure_days of that; the committee is reminded a few days before.
    resolution_disclosure_days: int = Field(default=7, gt=0, le=365)
    implementation_days: int = Field(default=90, gt=0, le=3650)
    implementation_disclosure_days: int = Field(default=15, gt=0, le=365)
    disclosure_reminder_days: int = Field(default=2, ge=0, le=365)


class HearingRules(_Entry):
    # Reminders to those registered, hours before the start: the day before and an hour before.
    reminder_hours: list[Annotated[int, Field(gt=0, le=24 * 14)]] = Field(default=[24, 1])
    duration_minutes: int = Field(default=120, gt=0, le=24 * 60)


class MeetingRules(_Entry):
    """The representatives' meeting (居民代表会议)."""

    # Quorate when more than this share of the sitting representatives are present.
    quorum: float = Field(default=0.5, gt=0, lt=1)
    # Besides the committee, representatives may have one convened by a petition signed
    # by at least this share of them (the law says one fifth); None: the committee only.
    petition_share: float | None = Field(default=0.2, gt=0, le=1)
    checkin_opens_minutes: int = Field(default=30, ge=0, le=24 * 60)
    reminder_hours: list[Annotated[int, Field(gt=0, le=24 * 14)]] = Field(default=[24, 2])
    # An item's vote closes this long after the chair opened it, unless closed before.
    item_vote_minutes: int = Field(default=15, gt=0, le=24 * 60)
    duration_minutes: int = Field(default=120, gt=0, le=24 * 60)


class BootstrapPerson(_Entry):
    telegram_id: int = Field(gt=0)
    name: Name
    roles: list[Role] = Field(min_length=1)
    department: Code | None = None

    @model_validator(mode="after")
    def _department_iff_handler(self) -> "BootstrapPerson":
        if "handler" in self.roles and self.department is None:
            _raise_problems([(("department",), "required for a handler")])
        if "handler" not in self.roles and self.department is not None:
            _raise_problems([(("department",), "only allowed for a handler")])
        return self


class Community(_Entry):
    code: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{2,32}$")]
    name: Name
    timezone: str = "Asia/Shanghai"
    default_language: Literal["zh", "en"] = "zh"
    # Telegram allows 64 characters of [A-Za-z0-9_-] in a /start parameter; "join_" takes 5.
    join_code: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,32}$")]
    public_channel: Channel | None = None
    board_url: WebAddress | None = None  # the web board as residents reach it
    areas: Annotated[list[Area], Field(min_length=1), _checked()]
    departments: Annotated[list[Department], _checked()]
    categories: Annotated[list[Category], _checked(routed=True)]
    votes: VoteRules = VoteRules()
    households: Households = Households()
    proposals: ProposalRules = ProposalRules()
    hotline: Hotline = Hotline()
    hearings: HearingRules = HearingRules()
    meetings: MeetingRules = MeetingRules()
    evaluation: EvaluationRules | None = None  # 述职评议; none without it
    supervision: SupervisionRules = SupervisionRules()
    bootstrap: Annotated[list[BootstrapPerson], _checked("telegram_id", routed=True)] = []

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise _custom(f"unknown time zone {value!r}") from None
        return value

    @model_validator(mode="after")
    def _area_routing(self) -> "Community":
        areas, departments = {a.code for a in self.areas}, {d.code for d in self.departments}
        _raise_problems(
            (("categories", i, "by_area", area), message)
            for i, category in enumerate(self.categories)
            for area, department in category.by_area.items()
            for message in ([f"unknown area {area!r}"] if area not in areas else [])
            + ([f"unknown department {department!r}"] if department not in departments else []))
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def find_unit(self, area: str, building: str, unit: str) -> tuple[Area, Building, Unit] | None:
        return next(((a, b, u) for a in self.areas if a.code == area for b in a.buildings
                     if b.code == building for u in b.units if u.code == unit), None)

    def department(self, code: str) -> Department | None:
        return next((d for d in self.departments if d.code == code), None)

    def category(self, code: str) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)

    def address_label(self, area: str, building: str, unit: str) -> str:
        found = self.find_unit(area, building, unit)
        if found is None:
            raise KeyError(f"no unit {area}/{building}/{unit} in community {self.code!r}")
        return " ".join(part.name for part in found)

"""Helpers for the representatives' meeting tests: people, a use case run in its own
transaction as someone, a meeting brought to a state, and a snapshot of everything a
refused call must leave as it was."""

import inspect
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import col, select

from bot.app import Database
from models.audit import AuditEntry
from models.community import all_communities
from models.meetings import attendance, convening, notices
from models.meetings.convening import Plan
from models.meetings.meetings import (
    Meeting,
    MeetingAttendance,
    MeetingItem,
    MeetingPetition,
    MeetingPetitionSignature,
    MeetingReminder,
)
from models.outcomes import Done
from models.people.persons import Person, by_telegram_id
from models.people.roles import Role
from models.voting.matters import Ballot, Matter
from models.voting.tally import Result
from tests.factories import residents

CHAIR = 1001  # a committee member of the example community
OTHER_COMMITTEE = 1002


class Recorder:
    """A notifier that keeps what it was asked to send."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, dict[str, Any]]] = []

    def __call__(self, recipient: Person, template: str, /, *, buttons: Any = None,
                 media: Any = None, **params: Any) -> None:
        self.sent.append((recipient.telegram_id, template, params | {"media": media}))

    def to(self, template: str) -> list[int]:
        return sorted(tg for tg, name, _ in self.sent if name == template)


async def representatives(db: Database, count: int, *, first_id: int = 30000) -> list[int]:
    return await residents(db, count, first_id=first_id, role=Role.representative)


async def act(db: Database, use_case: Callable[..., Awaitable[Any]], *, who: str = "person",
              tg: int | None = None, community: bool = False, at: datetime | None = None,
              **kwargs: Any) -> Any:
    """Run a use case in a transaction of its own, as the person with Telegram id `tg`
    (passed as `who`), at the clock's time unless `at` is given."""
    async with db.sessionmaker() as session, session.begin():
        if tg is not None:
            kwargs[who] = await by_telegram_id(session, tg)
        if community:
            kwargs["community"] = (await all_communities(session))[0]
        if "now" in inspect.signature(use_case).parameters:
            kwargs["now"] = at or db.clock.now()
        return await use_case(session, **kwargs)


async def convene(db: Database, *, by: int = CHAIR, starts_in: timedelta = timedelta(days=2),
                  **plan: Any) -> Any:
    fields: dict[str, Any] = {"title": "第三季度居民代表会议", "place": "社区活动室",
                              "starts_at": db.clock.now() + starts_in} | plan
    if not fields.get("proposal_ids") and "items" not in fields:
        fields["items"] = [convening.FreeItem("审议社区公约修订", "修订第五条")]
    return await act(db, convening.convene, who="author", tg=by, community=True,
                     plan=Plan(**fields))


async def convened(db: Database, notify: Recorder | None = None, **plan: Any) -> Meeting:
    """A meeting convened by the chair with its notices sent."""
    outcome = await convene(db, **plan)
    assert isinstance(outcome, Done), outcome
    sent = await act(db, notices.send_notices, who="actor", tg=CHAIR,
                     meeting_id=outcome.value.id, notify=notify or Recorder())
    assert isinstance(sent, Done), sent
    return sent.value


async def check_in_all(db: Database, meeting: Meeting, people: list[int]) -> None:
    for tg in people:
        done = await act(db, attendance.check_in, tg=tg, meeting_id=meeting.id)
        assert isinstance(done, Done), done


async def in_session(db: Database, meeting: Meeting, present: list[int]) -> Meeting:
    """The meeting at its start, those checked in, check-in closed."""
    db.clock.set(meeting.starts_at)
    await check_in_all(db, meeting, present)
    closed = await act(db, attendance.close_checkin, who="chair", tg=CHAIR,
                       meeting_id=meeting.id)
    assert isinstance(closed, Done), closed
    return await fetch(db, Meeting, meeting.id or 0)


async def fetch(db: Database, table: Any, key: Any) -> Any:
    async with db.sessionmaker() as session:
        found = await session.get(table, key)
    assert found is not None
    return found


async def chart(matter: Matter, result: Result) -> bytes:
    return b"png"


def render_with(renderer: Any, community: Any) -> Callable[[str, dict[str, Any]], str]:
    def render(name: str, params: dict[str, Any]) -> str:
        return str(renderer.render("zh", name, community=community,
                                   zone=community.config.timezone, **params))
    return render


SNAPSHOT = (Meeting, MeetingItem, MeetingAttendance, MeetingPetition,
            MeetingPetitionSignature, MeetingReminder, Matter, Ballot)


async def snapshot(db: Database) -> tuple[Any, ...]:
    """Every row a meeting's use case may write, and the length of the audit log."""
    async with db.sessionmaker() as session:
        rows = []
        for table in SNAPSHOT:
            found = (await session.exec(select(table))).all()
            rows.append(sorted(repr(r.model_dump()) for r in found))
        audited = (await session.exec(select(sa.func.count()).select_from(AuditEntry))).one()
        people = (await session.exec(select(Person).order_by(col(Person.id)))).all()
    return (*map(tuple, rows), audited, len(people))

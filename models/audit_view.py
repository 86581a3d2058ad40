"""What the supervisory committee (居务监督委员会) reads of the audit log: its
community's entries, newest first, a page at a time, filtered by kind and by person;
whether the whole chain still verifies; and the same entries as a table to download.
The committee it watches cannot open this view: supervision that the supervised
control is no supervision (决策、监督、执行三分离)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from math import ceil

import sqlalchemy as sa
from sqlmodel import col, func, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from models import audit, csv_tables, files
from models.audit import AuditEntry, Verification
from models.outcomes import Done, Outcome, Refused
from models.people.persons import Person
from models.people.roles import Role

WATCHERS = frozenset({Role.supervisor, Role.admin})
PAGE_SIZE = 8
NAMES_SHOWN = 8  # people offered for a name typed
KIND_MAX = 24  # a kind travels in a button's payload


@dataclass(frozen=True)
class Filter:
    kind: str = ""  # the actions' prefix ("ticket" for ticket.filed …); "" for every kind
    person_id: int = 0  # who acted or was acted on; 0 for everyone


@dataclass(frozen=True)
class Line:
    entry: AuditEntry
    kind: str
    actor: str | None  # the actor's name; None for the system's own work
    subject: str | None = None  # the name of a person acted on


@dataclass(frozen=True)
class AuditPage:
    lines: list[Line]
    page: int  # from 0
    pages: int
    total: int
    filter: Filter
    person: str | None  # the name of the person filtered by
    chain: Verification  # the whole log's, not only this community's

    @property
    def position(self) -> int:
        """The page's number as a person counts, from 1."""
        return self.page + 1

    @property
    def has_newer(self) -> bool:
        return self.page > 0

    @property
    def has_older(self) -> bool:
        return self.page + 1 < self.pages


def may_watch(roles: frozenset[Role]) -> Refused | None:
    return None if roles & WATCHERS else Refused("supervision/watchers_only")


def kind_of(action: str) -> str:
    return action.partition(".")[0]


def _entries(community_id: int, chosen: Filter) -> SelectOfScalar[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.community_id == community_id)
    if chosen.kind:
        query = query.where(col(AuditEntry.action).startswith(chosen.kind + ".",
                                                              autoescape=True))
    if chosen.person_id:
        query = query.where(or_(
            AuditEntry.actor_id == chosen.person_id,
            sa.and_(col(AuditEntry.subject_type) == "person",
                    col(AuditEntry.subject_id) == str(chosen.person_id))))
    return query


async def page(session: AsyncSession, *, roles: frozenset[Role], community_id: int,
               chosen: Filter, number: int) -> Outcome[AuditPage]:
    """One page of the community's entries, newest first; a page past the end shows
    the last one. The chain is verified whole on every look: a break anywhere, even in
    another community's entries, means nothing after it can be trusted."""
    if refusal := may_watch(roles):
        return refusal
    query = _entries(community_id, chosen)
    total = (await session.exec(select(func.count()).select_from(query.subquery()))).one()
    pages = max(1, ceil(total / PAGE_SIZE))
    number = min(max(number, 0), pages - 1)
    rows = (await session.exec(query.order_by(col(AuditEntry.seq).desc())
                               .offset(number * PAGE_SIZE).limit(PAGE_SIZE))).all()
    people = {int(r.subject_id) for r in rows
               if r.subject_type == "person" and r.subject_id.isdecimal()}
    names = await _names(session, {r.actor_id for r in rows} | people)
    # Named only if one of the community's: a forged button names no one elsewhere.
    person = (await _names(session, {chosen.person_id}, community_id)).get(chosen.person_id)
    lines = [Line(r, kind_of(r.action), names.get(r.actor_id or 0),
                  names.get(int(r.subject_id)) if r.subject_type == "person" else None)
             for r in rows]
    return Done(AuditPage(lines, number, pages, total, chosen, person,
                          await audit.verify(session)))


async def kinds(session: AsyncSession, community_id: int) -> list[str]:
    """The kinds of entry the community has, to filter by."""
    actions = await session.exec(select(AuditEntry.action).distinct()
                                 .where(AuditEntry.community_id == community_id))
    return sorted({kind_of(a) for a in actions.all() if len(kind_of(a)) <= KIND_MAX})


async def people_named(session: AsyncSession, community_id: int, text: str) -> list[Person]:
    """The community's people whose name contains what was typed."""
    typed = text.strip()
    if not typed:
        return []
    query = (select(Person).where(Person.community_id == community_id,
                                  or_(col(Person.name).contains(typed, autoescape=True),
                                      col(Person.display_name).contains(typed,
                                                                        autoescape=True)))
             .order_by(col(Person.id)).limit(NAMES_SHOWN))
    return list((await session.exec(query)).all())


async def export(session: AsyncSession, *, roles: frozenset[Role], community_id: int,
                 chosen: Filter, headers: Sequence[str], kind_name: Callable[[str], str],
                 zone: tzinfo, name: str, now: datetime) -> Outcome[files.StoredFile]:
    """Every entry the filter keeps, oldest first as a ledger reads, as a CSV file."""
    if refusal := may_watch(roles):
        return refusal
    rows = (await session.exec(_entries(community_id, chosen)
                               .order_by(col(AuditEntry.seq)))).all()
    names = await _names(session, {r.actor_id for r in rows})
    data = csv_tables.table(headers, ([
        r.seq, csv_tables.minute(r.at, zone), names.get(r.actor_id or 0, ""),
        kind_name(kind_of(r.action)), r.action, f"{r.subject_type} {r.subject_id}",
        audit.canonical(r.details), r.hash] for r in rows))
    return Done(await files.store(session, name=name, content_type="text/csv", data=data,
                                  now=now))


async def _names(session: AsyncSession, ids: set[int | None],
                 community_id: int | None = None) -> dict[int, str]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    query = select(Person).where(col(Person.id).in_(wanted))
    if community_id is not None:
        query = query.where(Person.community_id == community_id)
    people = await session.exec(query)
    return {p.id or 0: p.name or p.display_name for p in people.all()}

"""What the supervisors (居务监督委员会) read of the committee's work, and that they only
read it (决策、监督、执行三分离): every proposal at every stage with its record, every
matter with its record, the delivery reports of notices. Nothing here changes a row;
every use case that changes one still asks for the committee (or the voter, or the
author), and a supervisor is never one of the committee (models/people/roles.py)."""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.outcomes import Refused
from models.people.persons import Person, roles_of
from models.people.roles import Role

OVERSEERS = frozenset({Role.supervisor})
Row = TypeVar("Row")


@dataclass(frozen=True)
class Page(Generic[Row]):
    items: list[Row]
    page: int
    total: int
    size: int

    @property
    def has_next(self) -> bool:
        return (self.page + 1) * self.size < self.total


async def oversight_refusal(session: AsyncSession, person: Person) -> Refused | None:
    """None for a supervisor of a community; why not for anyone else."""
    if person.community_id is None or not OVERSEERS & await roles_of(session, person.id or 0):
        return Refused("supervision/oversight_only")
    return None


async def community_page(session: AsyncSession, table: Any, community_id: int | None, *,
                         page: int, size: int) -> Page[Any]:
    """One page of a community's rows of `table`, newest first; a page past the end
    shows the last one."""
    where = col(table.community_id) == community_id
    total = int((await session.exec(select(sa.func.count()).select_from(table)
                                    .where(where))).one())
    page = max(0, min(page, (total - 1) // size if total else 0))
    query = (select(table).where(where).order_by(col(table.id).desc())
             .offset(page * size).limit(size))
    return Page(list((await session.exec(query)).all()), page, total, size)

"""People known to the bot, their registration and their roles."""

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models import conversation as dialogue
from models.base import enum_column, telegram_id, timestamp
from models.conversation import Conversation
from models.people.roles import Role


class RegistrationStatus(StrEnum):
    new = "new"
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = telegram_id(unique=True)
    username: str | None = Field(default=None, index=True)
    display_name: str = ""
    telegram_language: str | None = None
    language: str | None = None
    community_id: int | None = Field(default=None, foreign_key="community.id", index=True)
    name: str | None = None
    area: str | None = None
    building: str | None = None
    unit: str | None = None
    door: str | None = Field(default=None, max_length=16)  # when households go by door
    phone: str | None = None
    status: RegistrationStatus = enum_column(RegistrationStatus, RegistrationStatus.new)
    status_reason: str | None = None
    unreachable: bool = False
    created_at: datetime = timestamp()
    registered_at: datetime | None = timestamp(nullable=True)


class RoleGrant(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("person_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    role: Role = enum_column(Role)
    department: str | None = None
    granted_by_id: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = timestamp()


async def by_telegram_id(session: AsyncSession, tg_id: int) -> Person | None:
    return (await session.exec(select(Person).where(Person.telegram_id == tg_id))).first()


async def by_handle(session: AsyncSession, handle: str) -> Person | None:
    """A person named by numeric Telegram id or @username, as staff type them."""
    handle = handle.strip()
    if handle.lstrip("-").isdigit():
        return await by_telegram_id(session, int(handle))
    username = handle.removeprefix("@").lower()
    query = select(Person).where(sa.func.lower(Person.username) == username)
    return (await session.exec(query)).first()


async def roles_of(session: AsyncSession, person_id: int) -> frozenset[Role]:
    rows = await session.exec(select(RoleGrant.role).where(RoleGrant.person_id == person_id))
    return frozenset(Role(r) for r in rows.all())


async def grants_of(session: AsyncSession, person_id: int) -> list[RoleGrant]:
    query = select(RoleGrant).where(RoleGrant.person_id == person_id).order_by(col(RoleGrant.id))
    return list((await session.exec(query)).all())


async def with_role(session: AsyncSession, community_id: int, role: Role) -> list[Person]:
    query = (
        select(Person)
        .join(RoleGrant, col(RoleGrant.person_id) == col(Person.id))
        .where(Person.community_id == community_id, RoleGrant.role == role)
        .order_by(col(Person.id))
    )
    return list((await session.exec(query)).all())


async def seen(
    session: AsyncSession, *, tg_id: int, display_name: str, username: str | None,
    language_code: str | None, now: datetime,
) -> tuple[Person, frozenset[Role]]:
    """The person behind an update with their roles, in one query; created on first
    contact and refreshed after."""
    rows = (await session.exec(_SEEN, params={"tg_id": tg_id})).all()
    person, roles = await _refreshed(session, rows, tg_id=tg_id, display_name=display_name,
                                     username=username, language_code=language_code, now=now)
    return person, roles


async def seen_in_conversation(
    session: AsyncSession, *, tg_id: int, display_name: str, username: str | None,
    language_code: str | None, now: datetime,
) -> tuple[Person, frozenset[Role], Conversation]:
    """`seen`, with the person's conversation state loaded by the same query (every
    update needs both): created if missing."""
    rows = (await session.exec(_SEEN_IN_CONVERSATION, params={"tg_id": tg_id})).all()
    person, roles = await _refreshed(session, rows, tg_id=tg_id, display_name=display_name,
                                     username=username, language_code=language_code, now=now)
    conversation = rows[0][2] if rows else None
    if conversation is None:
        conversation = await dialogue.load(session, tg_id, now=now)
    return person, roles, conversation


# Built once: constructing a statement and its cache key costs more than running it.
_SEEN = (select(Person, RoleGrant.role)
         .outerjoin(RoleGrant, col(RoleGrant.person_id) == col(Person.id))
         .where(col(Person.telegram_id) == sa.bindparam("tg_id")))
_SEEN_IN_CONVERSATION = (
    select(Person, RoleGrant.role, Conversation)
    .outerjoin(RoleGrant, col(RoleGrant.person_id) == col(Person.id))
    .outerjoin(Conversation, col(Conversation.user_id) == col(Person.telegram_id))
    .where(col(Person.telegram_id) == sa.bindparam("tg_id")))


async def _refreshed(session: AsyncSession, rows: Sequence[Any], *, tg_id: int,
                     display_name: str, username: str | None,
                     language_code: str | None,
                     now: datetime) -> tuple[Person, frozenset[Role]]:
    person = rows[0][0] if rows else Person(telegram_id=tg_id, created_at=now)
    roles = frozenset(Role(row[1]) for row in rows if row[1] is not None)
    # Only what changed is set: an unchanged person stays clean and costs no flush.
    # Writing to the bot again is the only proof that a blocked chat was reopened.
    fresh = {"display_name": display_name, "username": username,
             "telegram_language": language_code, "unreachable": False}
    for name, value in fresh.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
    if person.id is None:
        session.add(person)
        await session.flush()
    return person, roles

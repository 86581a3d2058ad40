"""The inbox: every update is stored before Telegram is told it was received, and is
marked done in the same transaction as the changes its handler made."""

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import enum_column, is_telegram_id, json_column, telegram_id, timestamp
from models.partition import WHOLE, Part
from models.periodic import Work

MAX_ATTEMPTS = 3


class InboxState(StrEnum):
    pending = "pending"
    done = "done"
    failed = "failed"
    rejected = "rejected"  # the engine could not read it; kept for the operator


class InboxUpdate(SQLModel, table=True):
    __tablename__ = "inbox_update"
    __table_args__ = (sa.Index("ix_inbox_update_pending", "state", "update_id"),)

    update_id: int = Field(
        sa_column=sa.Column(sa.BigInteger(), primary_key=True, autoincrement=False)
    )
    chat_id: int = telegram_id()
    payload: dict[str, Any] = json_column()
    state: InboxState = enum_column(InboxState, InboxState.pending)
    attempts: int = 0
    error: str | None = None
    received_at: datetime = timestamp()
    processed_at: datetime | None = timestamp(nullable=True)


async def store(session: AsyncSession, rows: list[dict[str, Any]], *, now: datetime) -> None:
    """rows: dicts with update_id, chat_id, payload. An update_id stored already is
    skipped (Telegram may deliver an update twice)."""
    if rows:
        connection = await session.connection()
        insert = _store_statement(connection.dialect.name)
        # One prebuilt statement, executemany'd: a VALUES list of each batch's length
        # would be compiled again for every batch.
        await connection.execute(insert, [{**row, "state": InboxState.pending,
                                           "received_at": now} for row in rows])


async def store_rejected(session: AsyncSession, rows: list[dict[str, Any]], *,
                         now: datetime) -> None:
    """rows: dicts with update_id, raw (the update's JSON) and error. Stored as already
    processed: nothing handles them, they are kept for the operator to read."""
    if rows:
        connection = await session.connection()
        await connection.execute(_store_statement(connection.dialect.name), [
            {"update_id": row["update_id"], "chat_id": _chat_of(row["raw"]),
             "payload": {"raw": row["raw"]}, "state": InboxState.rejected,
             "error": row["error"][:2000], "received_at": now, "processed_at": now}
            for row in rows])


def _chat_of(raw: dict[str, Any]) -> int:
    """The chat an unreadable update came from, when that much can be read; else 0."""
    for kind in ("message", "edited_message", "callback_query"):
        part = raw.get(kind)
        if kind == "callback_query" and isinstance(part, dict):
            part = part.get("message")  # the message its button was under
        chat = part.get("chat") if isinstance(part, dict) else None
        chat_id = chat.get("id") if isinstance(chat, dict) else None
        if is_telegram_id(chat_id):
            return chat_id
    return 0


async def pending(session: AsyncSession, *, limit: int, after: int | None = None,
                  part: Part = WHOLE) -> list[InboxUpdate]:
    """Pending updates in order; with several processes, those of the chats of `part`."""
    query = (
        select(InboxUpdate)
        .where(InboxUpdate.state == InboxState.pending, part.chats(col(InboxUpdate.chat_id)))
        .order_by(col(InboxUpdate.update_id))
        .limit(limit)
    )
    if after is not None:
        query = query.where(col(InboxUpdate.update_id) > after)
    return list((await session.exec(query)).all())


async def oldest_pending(session: AsyncSession) -> datetime | None:
    """When the longest-waiting pending update was received; None when none waits."""
    query = select(sa.func.min(InboxUpdate.received_at)).where(
        InboxUpdate.state == InboxState.pending)
    return (await session.exec(query)).one()


NEW_UPDATES = "yishi_inbox"  # PostgreSQL channel: updates were stored


async def announce(session: AsyncSession) -> None:
    """Tell the other processes that updates were stored. PostgreSQL delivers it when
    (and only if) the transaction commits."""
    connection = await session.connection()
    await connection.execute(sa.select(sa.func.pg_notify(NEW_UPDATES, "")))


async def claim(session: AsyncSession, update_id: int, *, now: datetime) -> bool:
    """Mark done inside the handler's transaction; False when someone else already did."""
    # On the transaction's connection: the ORM has nothing to do with this statement.
    connection = await session.connection()
    result = await connection.execute(_CLAIM, {"claimed": update_id, "now": now})
    return result.rowcount == 1


# Every update runs this: built once, on the table (nothing in the session to refresh).
_inbox = InboxUpdate.__table__  # type: ignore[attr-defined]
_CLAIM = (sa.update(_inbox)
          .where(_inbox.c.update_id == sa.bindparam("claimed"),
                 _inbox.c.state == InboxState.pending)
          .values(state=InboxState.done, processed_at=sa.bindparam("now")))


def _store_statement(dialect: str) -> sa.Insert:
    """The insert that skips an update_id stored already, in the database's dialect."""
    return _STORE_POSTGRESQL if dialect == "postgresql" else _STORE_SQLITE


_STORE_SQLITE = sqlite.insert(_inbox).on_conflict_do_nothing(index_elements=["update_id"])
_STORE_POSTGRESQL = postgresql.insert(_inbox).on_conflict_do_nothing(index_elements=["update_id"])


async def record_failure(session: AsyncSession, update_id: int, error: str, *,
                         now: datetime) -> None:
    row = await session.get(InboxUpdate, update_id)
    if row is None or row.state != InboxState.pending:
        return
    row.attempts += 1
    row.error = error[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.state = InboxState.failed
        row.processed_at = now


async def clean(work: Work, *, keep: timedelta = timedelta(days=30)) -> int:
    """Processed updates older than `keep` have served their purpose (deduplication),
    and so have rejected ones the operator had as long to look at."""
    async with work.sessionmaker() as session, session.begin():
        result = await session.exec(sa.delete(InboxUpdate).where(  # type: ignore[call-overload]
            col(InboxUpdate.state).in_([InboxState.done, InboxState.rejected]),
            col(InboxUpdate.processed_at) < work.now - keep))
    return int(result.rowcount or 0)

"""Append-only audit log. Each entry carries the hash of the one before it, so an
edited or deleted entry breaks the chain and `bot.py audit verify` finds it."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import json_column, timestamp

GENESIS = "0" * 64
# Any constant works; it names the lock that serialises appends on PostgreSQL.
AUDIT_LOCK_KEY = 0x59495348


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    at: datetime = timestamp()
    actor_id: int | None = None
    # The community the action was taken in; None for entries written before it was
    # kept, and for actions of no one community.
    community_id: int | None = Field(default=None, index=True)
    action: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, index=True))
    subject_type: str
    subject_id: str
    details: dict[str, Any] = json_column()
    prev_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False))
    hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))


def entry_hash(entry: AuditEntry) -> str:
    body: dict[str, Any] = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "action": entry.action,
        "subject": [entry.subject_type, entry.subject_id],
        "details": entry.details,
        "prev": entry.prev_hash,
    }
    # Hashed only when set, so entries written before the column existed still verify.
    if entry.community_id is not None:
        body["community"] = entry.community_id
    return hashlib.sha256(canonical(body).encode()).hexdigest()


def canonical(value: Any) -> str:
    """The one JSON spelling hashed (and shown in an export)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


async def record(
    session: AsyncSession, *, action: str, subject_type: str, subject_id: object,
    actor_id: int | None = None, details: dict[str, Any] | None = None,
    community_id: int | None, now: datetime,
) -> AuditEntry:
    """Append one entry, stamped `now`, in the caller's transaction."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        # Two concurrent appends would otherwise both chain onto the same head.
        await session.exec(select(sa.func.pg_advisory_xact_lock(AUDIT_LOCK_KEY)))
    # LIMIT 1: without it both drivers fetch the whole table and .first() keeps one row,
    # so every append (every ballot cast) slows down as the log grows.
    head = (await session.exec(
        select(AuditEntry).order_by(col(AuditEntry.seq).desc()).limit(1))).first()
    entry = AuditEntry(
        seq=(head.seq + 1) if head else 1,
        at=now,
        actor_id=actor_id,
        community_id=community_id,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        details=details or {},
        prev_hash=head.hash if head else GENESIS,
        hash="",
    )
    entry.hash = entry_hash(entry)
    session.add(entry)
    await session.flush()
    return entry


@dataclass(frozen=True)
class Verification:
    entries: int
    head: str
    problems: list[str]
    first_broken: int | None = None  # the seq where the chain first fails

    @property
    def ok(self) -> bool:
        return not self.problems


async def verify(session: AsyncSession) -> Verification:
    """Walk the chain from the start; report every entry that does not fit."""
    problems: list[str] = []
    first_broken: int | None = None
    expected_prev, expected_seq, count = GENESIS, 1, 0
    rows = await session.stream(select(AuditEntry).order_by(col(AuditEntry.seq)))
    async for (entry,) in rows:
        count += 1
        if entry.seq != expected_seq:
            problems.append(f"entries {expected_seq}..{entry.seq - 1} are missing")
        if entry.prev_hash != expected_prev:
            problems.append(f"entry {entry.seq}: does not follow the entry before it")
        if entry_hash(entry) != entry.hash:
            problems.append(f"entry {entry.seq}: content does not match its hash")
        if problems and first_broken is None:
            first_broken = entry.seq
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    return Verification(entries=count, head=expected_prev, problems=problems,
                        first_broken=first_broken)

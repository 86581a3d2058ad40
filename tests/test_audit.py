"""The audit chain: appends link up, and any edit or deletion is found."""

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.app import Database
from models import audit
from models.audit import AuditEntry, entry_hash

ROOT = Path(__file__).resolve().parent.parent


async def append(db: Database, count: int) -> None:
    async with db.sessionmaker() as session, session.begin():
        for i in range(count):
            await audit.record(session, action="test.step", subject_type="thing",
                               subject_id=i, details={"i": i, "note": "改动"},
                               now=db.clock.now())


async def test_seeded_database_has_an_intact_chain(db: Database) -> None:
    await append(db, 3)
    async with db.sessionmaker() as session:
        result = await audit.verify(session)
    assert result.ok and result.entries >= 3


async def test_an_edited_entry_is_detected(db: Database) -> None:
    await append(db, 3)
    async with db.sessionmaker() as session, session.begin():
        await session.exec(sa.update(AuditEntry).where(AuditEntry.action == "test.step",
                           AuditEntry.subject_id == "1").values(details={"i": 99}))
    async with db.sessionmaker() as session:
        result = await audit.verify(session)
    assert not result.ok
    assert any("does not match its hash" in p for p in result.problems)


async def test_a_deleted_entry_is_detected(db: Database) -> None:
    await append(db, 3)
    async with db.sessionmaker() as session, session.begin():
        await session.exec(sa.delete(AuditEntry).where(AuditEntry.action == "test.step",
                                                        AuditEntry.subject_id == "1"))
    async with db.sessionmaker() as session:
        result = await audit.verify(session)
    assert any("missing" in p for p in result.problems)
    assert any("does not follow" in p for p in result.problems)


async def test_verify_command_exits_non_zero_on_a_tampered_row(db: Database,
                                                               database_url: str) -> None:
    await append(db, 2)
    env = {**os.environ, "DATABASE_URL": database_url}
    intact = await verify_command(env)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "intact" in intact.stdout
    async with db.sessionmaker() as session, session.begin():
        await session.exec(sa.update(AuditEntry).where(AuditEntry.seq == 2)
                           .values(action="role.revoked"))
    tampered = await verify_command(env)
    assert tampered.returncode == 1
    assert "entry 2: content does not match its hash" in tampered.stdout


async def verify_command(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "bot.py", "audit", "verify"]
    return await asyncio.to_thread(subprocess.run, command, cwd=ROOT, env=env,
                                   capture_output=True, text=True, timeout=60)


@settings(max_examples=200)
@given(details=st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=8),
                               max_size=4),
       other=st.text(min_size=1, max_size=8))
def test_any_change_to_details_changes_the_hash(details: dict, other: str) -> None:
    entry = AuditEntry(seq=1, at=datetime(2026, 12, 1, tzinfo=UTC), action="a",
                       subject_type="t", subject_id="1",
                       details=details, prev_hash=audit.GENESIS, hash="")
    changed = AuditEntry(**{**entry.model_dump(), "details": {**details, "\x00": other}})
    assert entry_hash(entry) != entry_hash(changed)

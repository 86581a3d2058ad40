"""The audit chain: appends link up, and any edit or deletion is found."""

import asyncio
import hashlib
import json
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
                               community_id=None, now=db.clock.now())


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


def old_shape_hash(entry: AuditEntry) -> str:
    """The hash as entries were made before they named their community."""
    body = {"seq": entry.seq, "at": entry.at.isoformat(timespec="microseconds"),
            "actor_id": entry.actor_id, "action": entry.action,
            "subject": [entry.subject_type, entry.subject_id], "details": entry.details,
            "prev": entry.prev_hash}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def test_an_entry_of_no_community_hashes_as_before() -> None:
    entry = AuditEntry(seq=7, at=datetime(2026, 11, 1, tzinfo=UTC), action="ticket.filed",
                       subject_type="ticket", subject_id="2026-0001", actor_id=3,
                       details={"department": "物业"}, prev_hash="a" * 64, hash="")
    assert entry_hash(entry) == old_shape_hash(entry)
    entry.community_id = 1
    assert entry_hash(entry) != old_shape_hash(entry)


async def test_old_entries_and_community_entries_verify_and_any_edit_breaks(
        db: Database) -> None:
    await append(db, 2)  # written the old way: no community
    async with db.sessionmaker() as session, session.begin():
        entry = await audit.record(session, action="test.scoped", subject_type="thing",
                                   subject_id=9, community_id=1, now=db.clock.now())
        scoped = entry.seq
    async with db.sessionmaker() as session:
        assert (await audit.verify(session)).ok
        old = (await session.exec(sa.select(AuditEntry.seq).where(
            AuditEntry.action == "test.step").limit(1))).scalar_one()
    for seq, value in ((scoped, 2), (old, 1)):
        async with db.sessionmaker() as session, session.begin():
            was = await session.get(AuditEntry, seq)
            assert was is not None
            before = was.community_id
            await session.exec(sa.update(AuditEntry).where(AuditEntry.seq == seq)
                               .values(community_id=value))
        async with db.sessionmaker() as session:
            result = await audit.verify(session)
        assert f"entry {seq}: content does not match its hash" in result.problems
        assert result.first_broken == seq
        async with db.sessionmaker() as session, session.begin():
            await session.exec(sa.update(AuditEntry).where(AuditEntry.seq == seq)
                               .values(community_id=before))


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

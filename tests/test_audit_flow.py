"""/audit end to end through the emulator: a supervisor pages through the community's
audit entries, filters them by kind and by person, and downloads them as a CSV file;
a committee member, whom the supervisors watch, is refused the command and its buttons."""

import csv
import io
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import col

from bot.playground import Harness
from handlers.supervision.audit_buttons import AuditBrowse, AuditExport
from models import audit
from models.audit import AuditEntry
from models.community import all_communities
from models.people.roles import Role
from tests.test_hearings_flow import local
from tests.test_hotline_rules import staff

SUPERVISOR, MEMBER = 9100, 1002  # 1002: 李委员, committee only in community.example.yaml


async def entries(harness: Harness) -> datetime:
    """Ten notes on tickets by a handler, then two roles granted to a resident, at the
    time returned (the harness's clock runs on meanwhile)."""
    handler = await staff(harness.db, 9200, Role.handler, "city", name="周承办")
    resident = await staff(harness.db, 9300, Role.resident, name="孙居民")
    now = harness.clock.now()
    async with harness.db.sessionmaker() as session, session.begin():
        cid = (await all_communities(session))[0].id
        for i in range(10):
            await audit.record(session, action="ticket.noted", subject_type="ticket",
                               subject_id=f"2612-{i:04}", actor_id=handler, community_id=cid,
                               details={"n": i}, now=now - timedelta(hours=10 - i))
        for role in ("representative", "handler"):
            await audit.record(session, action="role.granted", subject_type="person",
                               subject_id=resident, details={"role": role},
                               community_id=cid, now=now)
    return now


async def test_a_supervisor_pages_filters_and_downloads_the_log(harness: Harness) -> None:
    await staff(harness.db, SUPERVISOR, Role.supervisor, name="赵督办")
    written = await entries(harness)
    supervisor = await harness.player(SUPERVISOR, "赵督办")

    first = (await supervisor.say("/audit"))[-1]
    assert "审计链完整" in first["text"] and "第 1/" in first["text"], first
    assert f"{local(written)} · 身份（role.granted）" in first["text"]
    assert "系统 → 居民 孙居民" in first["text"]
    older = (await supervisor.press("较早 ▶"))[-1]
    assert older["message_id"] == first["message_id"] and "第 2/" in older["text"], older
    newer = (await supervisor.press("◀ 较新"))[-1]
    assert "第 1/" in newer["text"]

    await supervisor.press("🗂 按类别")
    tickets = (await supervisor.press("诉求"))[-1]["text"]
    assert "ticket.noted" in tickets and "role.granted" not in tickets, tickets
    assert "审计记录</b> · 诉求" not in tickets and "审计记录 · 诉求" in tickets

    asked = (await supervisor.press("👤 按人员"))[-1]["text"]
    assert "姓名" in asked
    assert "没有姓名包含" in (await supervisor.say("钱"))[-1]["text"]
    await supervisor.say("孙")
    mine = (await supervisor.press("孙居民"))[-1]["text"]
    assert "审计记录 · 诉求 · 孙居民" in mine and "没有符合条件的记录" in mine, mine
    await supervisor.press("🗂 按类别")
    roles = (await supervisor.press("全部类别"))[-1]["text"]
    assert roles.count("role.granted") == 2 and "ticket.noted" not in roles, roles

    await supervisor.press("⬇️ 导出 CSV")
    documents = [m for m in await supervisor.messages() if m["kind"] == "document"]
    name, data = await harness.client.upload(documents[-1]["document"]["file_id"])
    assert name.endswith(".csv") and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["序号", "时间", "操作人", "类别"] and len(rows) == 3
    assert {r[4] for r in rows[1:]} == {"role.granted"}
    assert rows[1][1] == local(written)

    async with harness.db.sessionmaker() as session, session.begin():  # an edit in place
        await session.exec(sa.update(AuditEntry).where(col(AuditEntry.seq) == 3)
                           .values(details={"role": "admin"}))
    broken = (await supervisor.say("/audit"))[-1]["text"]
    assert "审计链已断裂：第 3 条记录校验不通过" in broken, broken


async def test_a_committee_member_cannot_read_the_audit_log(harness: Harness) -> None:
    await entries(harness)
    member = await harness.player(MEMBER, "李委员")
    refused = (await member.say("/audit"))[-1]
    assert "没有权限" in refused["text"] and "审计" not in refused["text"], refused
    for forged in (AuditBrowse(0, "", 0), AuditExport("", 0)):
        await member.press_data(refused["message_id"], forged.pack())
    assert all("没有权限" in a for a in await member.alerts())
    assert not [m for m in await member.messages() if m["kind"] == "document"]
    assert not any("审计链" in m.get("text", "") for m in await member.messages())

"""The disclosure board in the chat (居务公开): a scheduled publication appears in
/disclosures, on the public channel and for subscribers at its time and not before;
a correction keeps both entries; a vote result arrives on the board by itself."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select, update

from bot.playground import Harness, Player
from handlers.board.buttons import BoardCorrect, BoardEntry
from models.board.disclosures import DisclosureEntry
from tests.factories import residents
from tests.test_registration_flow import CHAIR

CHANNEL = -1001234567890  # the example community's channel is "@xingfuli_gongkai"


async def announce(harness: Harness, now=None) -> int:  # type: ignore[no-untyped-def]
    done = await harness.run("disclosures", at=now)
    harness.runtime.sender.wake()
    await harness.settle()
    return done


async def channel_posts(harness: Harness) -> list[str]:
    return [m["text"] or m["caption"] or "" for m in await harness.client.bot_messages(CHANNEL)]


async def test_a_scheduled_publication_appears_at_its_time_and_a_correction_keeps_both(
        harness: Harness) -> None:
    await harness.client.add_chat(CHANNEL, "幸福里居务公开", type="channel",
                                  username="xingfuli_gongkai")
    reader_id, other_id = await residents(harness.db, 2, client=harness.client)
    reader = Player(harness, reader_id, "订阅的居民")
    other = Player(harness, other_id, "没订阅的居民")
    assert "已订阅" in (await reader.say("/subscribe"))[-1]["text"]
    chair = await harness.player(CHAIR, "王主任")

    await chair.say("/disclose")
    await chair.press("财务收支")
    await chair.say("2026年三季度公共收益收支")
    await chair.say("收入：停车费 8.2 万元；支出：电梯维修 3.1 万元。")
    preview = await chair.press("完成")
    assert "公开后内容不能修改" in preview[-1]["text"]
    await chair.press("⏰ 定时公开")
    assert "已经过去" in (await chair.say("2020-01-01 09:00"))[-1]["text"]
    assert "没有看懂" in (await chair.say("下周"))[-1]["text"]
    when = (harness.clock.now() + timedelta(days=2)).astimezone(ZoneInfo("Asia/Shanghai"))
    scheduled = await chair.say(when.strftime("%Y-%m-%d %H:%M"))
    assert f"将于 {when:%Y-%m-%d %H:%M} 公开" in scheduled[-1]["text"], scheduled

    assert await announce(harness) == 0  # not before its time
    assert "暂无公开内容" in (await other.say("/disclosures"))[-1]["text"]
    assert await channel_posts(harness) == []

    # Time passes: the entry's time comes.
    async with harness.db.sessionmaker() as session, session.begin():
        await session.exec(update(DisclosureEntry).values(  # type: ignore[call-overload]
            published_at=harness.clock.now() - timedelta(seconds=1)))
    await announce(harness)
    assert await announce(harness) == 0  # posted once
    posts = await channel_posts(harness)
    assert len(posts) == 1 and "三季度公共收益收支" in posts[0]
    assert "【居务公开】" in (await reader.last())["text"]
    assert "【居务公开】" not in (await other.last())["text"]

    page = (await other.say("/disclosures"))[-1]
    assert "D0001" in page["text"] and "共 1 条" in page["text"]
    entry = (await other.press("查看 D0001"))[-1]
    assert "停车费 8.2 万元" in entry["text"]
    assert not entry.get("reply_markup")  # only the committee may correct

    await chair.say("/disclosures")
    await chair.press("查看 D0001")
    await chair.press("✏️ 发布更正")
    await chair.say("更正：电梯维修支出应为 3.6 万元。")
    await chair.press("完成")
    assert "D0002" in (await chair.press("📢 立即公开"))[-1]["text"]
    await announce(harness)

    page = (await other.say("/disclosures"))[-1]["text"]
    assert "D0001" in page and "D0002" in page and "更正：" in page
    assert "更正" not in page.replace("更正：", "", 1)  # said once, not twice
    original = (await other.press("查看 D0001"))[-1]["text"]
    assert "停车费 8.2 万元" in original and "已由 D0002" in original
    correction = (await other.press("查看 D0002"))[-1]["text"]
    assert "本条更正 D0001" in correction and "3.6 万元" in correction
    async with harness.db.sessionmaker() as session:
        entries = (await session.exec(select(DisclosureEntry)
                                      .order_by(col(DisclosureEntry.id)))).all()
    assert [e.corrects_id for e in entries] == [None, 1]


async def test_the_board_refuses_what_it_should(harness: Harness) -> None:
    resident_id = (await residents(harness.db, 1, client=harness.client))[0]
    resident = Player(harness, resident_id, "居民")
    assert "没有权限" in (await resident.say("/disclose"))[-1]["text"]
    chair = await harness.player(CHAIR, "王主任")
    await chair.say("/disclose")
    assert "请点上面消息中的按钮" in (await chair.say("财务"))[-1]["text"]
    await chair.press("其他")
    assert "不超过" in (await chair.say("标" * 101))[-1]["text"]
    await chair.say("标题")
    assert "现在 3,501 字" in (await chair.say("字" * 3501))[-1]["text"]
    await chair.say("正文")
    await chair.harness.client.send_text(CHAIR, "不是文件")
    await harness.settle()
    assert "只接收照片或文件" in (await chair.last())["text"]  # the draft is kept
    await chair.harness.client.send_photo(CHAIR)
    await harness.settle()
    assert "已添加附件（1/5）" in (await chair.last())["text"]
    assert "附件：1 个" in (await chair.press("完成"))[-1]["text"]
    await chair.press("📢 立即公开")
    async with harness.db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry))).one()
    assert (entry.title, entry.body, len(entry.media)) == ("标题", "正文", 1)
    message_id = (await resident.say("/disclosures"))[-1]["message_id"]
    await resident.press_data(message_id, BoardCorrect(entry.id or 0).pack())
    await resident.press_data(message_id, BoardEntry(999).pack())
    alerts = await resident.alerts()
    assert any("没有权限" in a for a in alerts) and any("找不到" in a for a in alerts)

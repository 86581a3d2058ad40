"""A public channel that refuses the board's posts: the committee is told once per kind
of trouble, with what to do, and told again only after a post got through meanwhile."""

import logging

import pytest

from bot.playground import Harness, Player
from tests.test_board_flow import CHANNEL, announce, channel_posts
from tests.test_registration_flow import CHAIR

MEMBER = 1002  # the example community's other committee member


async def publish(chair: Player, title: str) -> None:
    await chair.say("/disclose")
    await chair.press("财务收支")
    await chair.say(title)
    await chair.say("收入：停车费 8.2 万元。")
    await chair.press("完成")
    await chair.press("📢 立即公开")


async def told(harness: Harness, chat_id: int) -> list[str]:
    return [m["text"] for m in await harness.client.bot_messages(chat_id)
            if "收不到居务公开" in (m["text"] or "")]


async def post(harness: Harness, chair: Player, title: str) -> int:
    await publish(chair, title)
    await announce(harness)
    await harness.run("channel_trouble")
    harness.runtime.sender.wake()
    await harness.settle()
    return len(await told(harness, CHAIR))


async def test_a_channel_that_refuses_posts_is_told_to_the_committee_once(
        harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    await harness.client.add_chat(CHANNEL, "幸福里居务公开", type="channel",
                                  username="xingfuli_gongkai", bot_status="member")
    chair = await harness.player(CHAIR, "王主任")
    await harness.client.add_user(MEMBER, "李委员")

    with caplog.at_level(logging.WARNING):
        assert await post(harness, chair, "三季度收支") == 1
    assert any("xingfuli_gongkai" in r.getMessage() and "not_admin" in r.getMessage()
               for r in caplog.records)
    [report] = await told(harness, CHAIR)
    assert "不是这个频道的管理员" in report and "添加机器人" in report
    assert len(await told(harness, MEMBER)) == 1
    assert await post(harness, chair, "四季度收支") == 1  # the same trouble: told once

    # Removed from the channel: another kind of trouble, told once more.
    await harness.client.add_chat(CHANNEL, "幸福里居务公开", type="channel",
                                  username="xingfuli_gongkai", bot_status="left")
    assert await post(harness, chair, "停车收费") == 2
    assert "被移出了这个频道" in (await told(harness, CHAIR))[-1]

    # Fixed: the next post gets through, and a later trouble is told again.
    await harness.client.add_chat(CHANNEL, "幸福里居务公开", type="channel",
                                  username="xingfuli_gongkai")
    assert await post(harness, chair, "公共收益") == 2
    assert any("公共收益" in p for p in await channel_posts(harness))
    await harness.client.add_chat(CHANNEL, "幸福里居务公开", type="channel",
                                  username="xingfuli_gongkai", bot_status="member")
    assert await post(harness, chair, "电梯维修") == 3


async def test_a_channel_telegram_does_not_know_is_told(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")  # no such channel in the emulator
    assert await post(harness, chair, "三季度收支") == 1
    assert "找不到这个频道" in (await told(harness, CHAIR))[-1]
    assert "public_channel" in (await told(harness, CHAIR))[-1]

"""Registration end to end: through the emulator, as a resident and a committee member."""

from bot.playground import Harness, Player

CHAIR = 1001  # bootstrap admin and committee member in community.example.yaml


async def register(resident: Player, *, name: str = "林小梅") -> None:
    await resident.say("/register")
    await resident.say(name)
    await resident.press("东区")
    await resident.press("1号楼")
    await resident.press("1单元")
    await resident.say("跳过")
    await resident.press("提交登记")


async def test_register_pending_approve_then_help_shows_roles(harness: Harness) -> None:
    resident = await harness.player(5001, "Lin")
    chair = await harness.player(CHAIR, "Wang")

    answer = await resident.say("/start")
    assert "/register" in answer[-1]["text"]

    await register(resident)
    receipt = await resident.last()
    assert "登记已提交" in receipt["text"] and "东区 1号楼 1单元" in receipt["text"]

    notice = await chair.last()
    assert "林小梅" in notice["text"]
    assert "/pending" not in (await resident.say("/help"))[-1]["text"]

    listed = await chair.say("/pending")
    assert any("林小梅" in m["text"] for m in listed)
    await chair.press("✅ 通过", message_id=listed[-1]["message_id"])

    told = await resident.last()
    assert "已通过审核" in told["text"]
    me = (await resident.say("/me"))[-1]["text"]
    assert "居民" in me and "已通过" in me
    help_text = (await resident.say("/help"))[-1]["text"]
    assert "/me" in help_text and "/pending" not in help_text
    assert "/pending" in (await chair.say("/help"))[-1]["text"]


async def test_wrong_answers_keep_the_draft_and_the_summary_restarts_it(
        harness: Harness) -> None:
    resident = await harness.player(5002, "Lin")
    await resident.say("/register")
    assert "1 到" in (await resident.say("林" * 100))[-1]["text"]  # too long a name
    await resident.say("林小梅")
    assert "按钮" in (await resident.say("东区"))[-1]["text"]  # the area is a button
    await resident.press("东区")
    await resident.press("1号楼")
    await resident.press("1单元")
    assert "按钮" in (await resident.say("13800000000"))[-1]["text"]
    await harness.client.send_contact(5002, "+8613800000000")
    await harness.settle()
    summary = (await resident.last())["text"]
    assert "林小梅" in summary and "东区 1号楼 1单元" in summary and "8613800000000" in summary

    await resident.press("重新填写")
    assert "请输入您的姓名" in (await resident.last())["text"]
    await resident.say("林晓梅")
    await resident.press("东区")
    await resident.press("1号楼")
    await resident.press("1单元")
    summary = (await resident.say("跳过"))[-1]["text"]
    assert "林晓梅" in summary and "未提供" in summary
    await resident.press("提交登记")
    assert "登记已提交" in (await resident.last())["text"]

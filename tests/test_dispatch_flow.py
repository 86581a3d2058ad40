"""The core path through the emulator: deduplication, bad input, stale and forged
buttons, languages and the command menu."""

import sqlalchemy as sa

from bot.playground import Harness
from chat.payloads import VERSION
from handlers.people.buttons import ApproveRegistration
from models.people.persons import Person, RegistrationStatus
from tests.test_registration_flow import CHAIR, register


async def test_an_update_delivered_twice_is_processed_once(harness: Harness) -> None:
    resident = await harness.player(5002, "Zhao")
    await resident.say("/start")
    sent = await harness.client.calls("sendMessage")
    first = [c for c in await harness.client.messages(5002) if not c["from_bot"]][0]
    update = {"update_id": 1, "message": {
        "message_id": first["message_id"], "date": 0, "text": "/start",
        "chat": {"id": 5002, "type": "private"},
        "from": {"id": 5002, "is_bot": False, "first_name": "Zhao"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}
    await harness.client.inject_update(update)
    await harness.settle()
    assert len(await harness.client.calls("sendMessage")) == len(sent)


async def test_unknown_command_and_stray_text_get_an_answer(harness: Harness) -> None:
    resident = await harness.player(5003, "Qian")
    assert "/frobnicate" in (await resident.say("/frobnicate"))[-1]["text"]
    assert "/help" in (await resident.say("hello?"))[-1]["text"]


async def test_text_where_a_button_is_expected_keeps_the_draft(harness: Harness) -> None:
    resident = await harness.player(5004, "Sun")
    await resident.say("/register")
    await resident.say("孙大伟")
    answer = await resident.say("东区")  # typed, not pressed
    assert "按钮" in answer[-1]["text"]
    changed = await resident.press("东区")  # the area buttons still work: the draft was kept
    assert any("楼栋" in m["text"] for m in changed)


async def test_resident_cannot_use_committee_commands_or_buttons(harness: Harness) -> None:
    applicant = await harness.player(5005, "Li")
    intruder = await harness.player(5006, "Zhou")
    await register(applicant)
    assert "没有权限" in (await intruder.say("/pending"))[-1]["text"]

    own = (await intruder.say("/start"))[-1]
    forged = ApproveRegistration(await _person_id(harness, 5005)).pack()
    await intruder.press_data(own["message_id"], forged)
    assert any("登记" in text or "权限" in text for text in await intruder.alerts())
    assert await _status(harness, 5005) == RegistrationStatus.pending


async def test_stale_and_malformed_buttons_change_nothing(harness: Harness) -> None:
    resident = await harness.player(5007, "Wu")
    await resident.say("/register")
    await resident.say("吴芳")
    areas = (await resident.last())["message_id"]
    await resident.press("东区")
    await resident.press_data(areas, f"{VERSION}ra:west")  # old step's button
    await resident.press_data(areas, "0zz:1")  # another version, unknown payload
    alerts = await resident.alerts()
    assert sum("失效" in text for text in alerts) == 2
    # Still at the building step: a building button moves on.
    assert any("单元" in m["text"] for m in await resident.press("1号楼"))


async def test_a_second_decision_on_the_same_registration_is_refused(harness: Harness) -> None:
    applicant = await harness.player(5008, "Zheng")
    chair = await harness.player(CHAIR, "Wang")
    await register(applicant)
    listed = await chair.say("/pending")
    await chair.press("✅ 通过", message_id=listed[-1]["message_id"])
    notified = len(await applicant.messages())
    await chair.press_data(listed[-1]["message_id"],
                           ApproveRegistration(await _person_id(harness, 5008)).pack())
    assert any("已经处理过" in text for text in await chair.alerts())
    assert len(await applicant.messages()) == notified


async def test_english_speakers_are_answered_in_english(harness: Harness) -> None:
    visitor = await harness.player(5009, "Ann", language="en")
    assert "Hello" in (await visitor.say("/start"))[-1]["text"]
    resident = await harness.player(5010, "Feng")
    await resident.say("/language")
    await resident.press("English")
    assert "English" in (await resident.last())["text"]
    assert "Commands you can use" in (await resident.say("/help"))[-1]["text"]


async def test_menus_are_published_per_language_and_role(harness: Harness) -> None:
    commands = await harness.client.commands()
    default_zh = next(c for c in commands if c["scope"]["type"] == "default"
                      and c.get("language_code") == "zh")
    names = {c["command"] for c in default_zh["commands"]}
    assert {"start", "help", "register", "me"} <= names and "pending" not in names
    chair = next(c for c in commands if c["scope"].get("chat_id") == CHAIR)
    assert "pending" in {c["command"] for c in chair["commands"]}


async def _person_id(harness: Harness, telegram_id: int) -> int:
    async with harness.db.sessionmaker() as session:
        return await session.scalar(sa.select(Person.id).where(Person.telegram_id == telegram_id))


async def _status(harness: Harness, telegram_id: int) -> str:
    async with harness.db.sessionmaker() as session:
        return await session.scalar(
            sa.select(Person.status).where(Person.telegram_id == telegram_id))


async def test_committee_grants_and_revokes_roles_by_command(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "Wang")
    resident = await harness.player(5011, "Tao")
    await register(resident, name="陶然")
    listed = await chair.say("/pending")
    await chair.press("✅ 通过", message_id=listed[-1]["message_id"])

    assert "用法" in (await chair.say("/grant 5011"))[-1]["text"]
    assert "找不到" in (await chair.say("/grant @nobody representative"))[-1]["text"]
    assert "部门" in (await chair.say("/grant 5011 handler"))[-1]["text"]
    assert "居民代表" in (await chair.say("/grant 5011 representative"))[-1]["text"]
    assert "您已被授予“居民代表”身份" in (await resident.last())["text"]
    menu = [c for c in await harness.client.commands() if c["scope"].get("chat_id") == 5011]
    assert menu, "the new representative got no personal command menu"
    assert "已撤销" in (await chair.say("/revoke 5011 representative"))[-1]["text"]
    assert "身份：居民" in (await resident.say("/me"))[-1]["text"]
    assert "居民代表" not in (await resident.say("/me"))[-1]["text"]
    # The chair is an admin too, and still cannot make or unmake a supervisor.
    refused = (await chair.say("/grant 5011 supervisor"))[-1]["text"]
    assert "都不能授予或撤销" in refused, refused
    assert "监督" not in (await resident.say("/me"))[-1]["text"]


async def test_a_forged_id_beyond_the_database_is_a_stale_button(harness: Harness) -> None:
    applicant = await harness.player(5012, "Jiang")
    chair = await harness.player(CHAIR, "Wang")
    await register(applicant)
    listed = await chair.say("/pending")
    # An id no INTEGER column holds: the driver would refuse it mid-update.
    for forged in (2**31, 10**20):
        await chair.press_data(listed[-1]["message_id"], f"{VERSION}ry:{forged}")
    assert sum("失效" in text for text in await chair.alerts()) == 2
    assert await _status(harness, 5012) == RegistrationStatus.pending


async def test_cancel_keeps_or_discards_the_dialogue_and_a_forged_language_is_stale(
        harness: Harness) -> None:
    resident = await harness.player(5013, "Shen")
    await resident.say("/register")
    await resident.say("沈清")
    await resident.say("/cancel")
    assert "已保留" in (await resident.press("继续填写"))[-1]["text"]
    await resident.say("/cancel")
    assert "已放弃" in (await resident.press("放弃"))[-1]["text"]
    assert "没有" in (await resident.say("/cancel"))[-1]["text"]
    prompt = (await resident.say("/language"))[-1]["message_id"]
    await resident.press_data(prompt, f"{VERSION}lg:fr")  # no such language
    assert any("失效" in text for text in await resident.alerts())
    assert "Commands you can use" not in (await resident.say("/help"))[-1]["text"]

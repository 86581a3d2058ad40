"""What people read, end to end: a pending resident is told they wait for approval, the
menu offers no one what they may not use, /help groups the committee's commands, a
ticket's number is found however it is typed, and a broadcast's progress shows its
total from the start."""

from sqlmodel import select

from bot.playground import Harness, Player
from models.notices.broadcasts import Broadcast
from models.outbox import Delivery
from tests.factories import residents
from tests.test_delivery_flow import send_broadcast
from tests.test_hotline_flow import complain
from tests.test_registration_flow import CHAIR, register


async def menu(harness: Harness, chat_id: int | None = None) -> list[str]:
    """The commands Telegram shows in this chat (None: everyone's, in Chinese)."""
    for entry in await harness.client.commands():
        scope = entry["scope"]
        if (chat_id is None and scope["type"] == "default" and entry["language_code"] == "zh") \
                or scope.get("chat_id") == chat_id:
            return [c["command"] for c in entry["commands"]]
    return []


async def test_a_pending_resident_is_told_to_wait_not_to_register(harness: Harness) -> None:
    resident = await harness.player(5101, "Lin")
    await register(resident)
    assert "登记已提交" in (await resident.last())["text"]
    answer = (await resident.say("/propose"))[-1]["text"]
    assert "等待居委会审核" in answer and "/register" not in answer
    stranger = await harness.player(5102, "Zhao")
    assert "/register" in (await stranger.say("/propose"))[-1]["text"]


async def test_the_first_receipt_of_a_community_is_its_first(harness: Harness) -> None:
    resident = await harness.player(5103, "Lin")
    await register(resident)
    assert "R2" in (text := (await resident.last())["text"]) and "-0001" in text, text


async def test_the_menu_offers_residents_commands_only_once_approved(harness: Harness) -> None:
    everyone = await menu(harness)
    assert "register" in everyone and "propose" not in everyone and "complain" not in everyone
    resident = await harness.player(5104, "Lin")
    chair = await harness.player(CHAIR, "王主任")
    await register(resident)
    listed = await chair.say("/pending")
    await chair.press("✅ 通过", message_id=listed[-1]["message_id"])
    await harness.settle()
    mine = await menu(harness, 5104)
    assert "propose" in mine and "complain" in mine and "register" not in mine


async def test_the_committees_help_is_grouped_by_capability(harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")
    text = (await chair.say("/help"))[-1]["text"]
    for heading in ("提案", "表决", "诉求", "居务公开", "通知"):
        assert f"\n{heading}\n" in f"\n{text}\n", text
    assert text.index("/propose") < text.index("/review") < text.index("/newmatter")


async def test_a_ticket_is_found_in_any_case_with_or_without_the_dash(
        harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)
    resident = Player(harness, resident_id, "居民")
    number = await complain(resident)
    for typed in (number.lower(), number.replace("-", "").lower(), number.replace("-", "")):
        assert number in (await resident.say(f"/status {typed}"))[-1]["text"], typed


async def test_a_broadcasts_progress_shows_its_total_from_the_start(harness: Harness) -> None:
    await residents(harness.db, 3, client=harness.client)
    await send_broadcast(harness)
    await harness.settle()
    async with harness.db.sessionmaker() as session:
        broadcast = (await session.exec(select(Broadcast))).one()
        first = await session.get(Delivery, broadcast.progress_delivery_id)
    assert first is not None and "/ 5" in first.text and "0 / 0" not in first.text, first


async def test_a_resident_approved_earlier_gets_their_menu_at_help(harness: Harness) -> None:
    [resident_id] = await residents(harness.db, 1, client=harness.client)  # approved, no menu
    assert await menu(harness, resident_id) == []
    await Player(harness, resident_id, "居民").say("/help")
    await harness.settle()
    assert "propose" in await menu(harness, resident_id)

"""A complaint about the committee end to end through the emulator, on both engines:
the resident files it in a supervised category; the committee and the handlers receive
nothing, cannot open it, list it or act on it with any button (forged ones included)
and see it in /stats only as a count; a supervisor receives it, handles and resolves it;
the resident rates it."""

from typing import Any

from bot.playground import Harness, Player
from handlers.hotline.buttons import (
    TicketAccept,
    TicketMerge,
    TicketNote,
    TicketRate,
    TicketResolve,
    TicketTransfer,
    TicketTransferTo,
)
from models.hotline.tickets import Rating, Ticket, TicketState
from models.people.roles import Role
from tests.factories import residents
from tests.test_hotline_flow import body, complain, people, ticket
from tests.test_hotline_rules import staff

CONDUCT = "作风问题"
# Refused outright; or, merging their own ticket into it, as if it were of another kind.
REFUSALS = ("没有权限", "不能合并", "不由您承办")


def forged(row: Ticket, other: Ticket) -> list[str]:
    """Every button of the back office and of the reporter, aimed at the ticket."""
    tid = row.id or 0
    return [payload.pack() for payload in (
        TicketAccept(tid), TicketTransfer(tid), TicketTransferTo(tid, "city", 0),
        TicketTransferTo(tid, "", 9), TicketNote(tid, False), TicketNote(tid, True),
        TicketResolve(tid), TicketMerge(tid, other.id or 0), TicketMerge(other.id or 0, tid),
        TicketRate(tid, Rating.satisfied))]


async def kept_off(player: Player, row: Ticket, other: Ticket) -> None:
    """The player learns nothing of the ticket and can change nothing about it."""
    assert not any(row.number in body(m) for m in await player.messages())
    opened = body((await player.say(f"/status {row.number}"))[-1])
    assert "没有找到" in opened and "作风" not in opened and "工作人员" not in opened
    listed = await player.say("/queue")
    assert not any(row.number in body(m) for m in listed)
    anchor = listed[-1]["message_id"]
    for data in forged(row, other):
        seen = len(await player.alerts())
        answer = await player.press_data(anchor, data)
        assert not any(row.number in body(m) for m in answer), data
        alerts = await player.alerts()
        assert len(alerts) == seen + 1 and row.number not in alerts[-1], data
        assert any(why in alerts[-1] for why in REFUSALS), (data, alerts[-1])
    # A dialogue begun by a forged button would take the next text as its answer.
    await player.say("已处理完毕")
    assert not any(row.number in body(m) for m in await player.messages()
                   if "没有找到" not in body(m))  # but for the number they typed


def snapshot(row: Ticket) -> dict[str, Any]:
    return row.model_dump(exclude={"updated_at"}) | {"updated_at": row.updated_at}


async def test_a_complaint_about_the_committee_reaches_the_supervisors_only(
        harness: Harness) -> None:
    reporter_id, neighbour_id = await residents(harness.db, 2, client=harness.client)
    resident = await harness.player(reporter_id, "林小梅")
    neighbour = await harness.player(neighbour_id, "陈邻居")
    [handler, clerk] = await people(harness, (9001, "city", "张承办"),
                                    (9002, "service", "刘服务"))
    chair = await harness.player(1001, "王主任")
    for telegram_id, name in ((9100, "赵监督"), (9101, "钱监督")):
        await staff(harness.db, telegram_id, Role.supervisor, name=name)
    watcher, colleague = await harness.player(9100, "赵监督"), await harness.player(9101, "钱监督")
    noise = await ticket(harness, await complain(neighbour, anonymous=True))  # an ordinary one
    before = {p.id: len(await p.messages()) for p in (handler, clerk, chair)}

    number = await complain(resident, category=CONDUCT, anonymous=True,
                            text="社区工作人员办事推诿，多次不予答复")
    receipt = body(await resident.last())
    assert "居务监督委员会" in receipt and number in receipt
    for supervisor in (watcher, colleague):
        card = await supervisor.last()
        assert number in body(card) and f"居民{reporter_id}" in body(card) and card["reply_markup"]
    for player in (handler, clerk, chair):
        assert len(await player.messages()) == before[player.id]  # not a word
    row = await ticket(harness, number)
    for player in (handler, clerk, chair):
        await kept_off(player, row, noise)
    assert snapshot(await ticket(harness, number)) == snapshot(row)
    stats = body((await chair.say("/stats"))[-1])
    assert "居务监督委员会办理" in stats and "1 件" in stats and "满意率" in stats
    assert number not in stats

    await watcher.press("✅ 受理", (await watcher.last())["message_id"])
    assert "已由承办人接单" in body(await resident.last())
    await colleague.press("✅ 受理")  # first contact: the first supervisor owns it
    assert any("不由您承办" in a for a in await colleague.alerts())
    await watcher.press("💬 回复居民")
    await watcher.say("已约谈相关工作人员，三日内答复您")
    assert "约谈" in body(await resident.last())
    await watcher.press("🏁 办结")
    await watcher.say("已责令整改并书面答复")
    assert "已办结" in body(await resident.last())
    assert "感谢您的评价：满意" in body((await resident.press("满意"))[-1])
    done = await ticket(harness, number)
    assert (done.state, done.rating) == (TicketState.closed, Rating.satisfied)
    for player in (handler, clerk, chair):
        assert not any(number in body(m) for m in await player.messages()
                       if "没有找到" not in body(m))
    # The supervisors read every ticket, but not an anonymous reporter's name.
    story = body((await colleague.say(f"/status {noise.number}"))[-1])
    assert noise.number in story and f"居民{neighbour_id}" not in story and "匿名居民" in story

"""Hearings end to end through the emulator: a notice to one building, registrations up
to capacity with a waiting list, reminders at their times, a new time, the minutes."""

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from icalendar import Calendar
from sqlmodel import col, select, update

from bot.playground import Harness, Player
from chat.payloads import VERSION
from handlers.hearings.buttons import HearingChange, HearingRegister
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.conversation import Conversation
from models.hearings.hearings import Hearing, HearingRegistration
from models.people.persons import Person
from models.proposals.proposals import Proposal, ProposalEvent
from models.proposals.stages import Stage
from tests.factories import residents
from tests.test_registration_flow import CHAIR

ZONE = ZoneInfo("Asia/Shanghai")


def local(moment: datetime) -> str:
    return moment.astimezone(ZONE).strftime("%Y-%m-%d %H:%M")


async def move_to(harness: Harness, ids: list[int], building: str) -> None:
    async with harness.db.sessionmaker() as session, session.begin():
        await session.exec(update(Person).where(col(Person.telegram_id).in_(ids))  # type: ignore[call-overload]
                           .values(building=building))


async def schedule(chair: Player, starts: datetime, *, capacity: int = 2,
                   audience: str = "东区 1号楼", proposal: str | None = None) -> None:
    await chair.say("/newhearing")
    asked = await chair.say("东区车棚改造")
    if proposal:
        await chair.press(proposal)
    else:
        assert "开始的时间" in asked[-1]["text"]
    await chair.say(local(starts))
    assert "容纳" in (await chair.say("社区活动室"))[-1]["text"]
    assert "面向谁" in (await chair.say(str(capacity)))[-1]["text"]
    await chair.press(audience)
    preview = await chair.say("-")
    assert "东区车棚改造" in preview[0]["text"] and "人会收到通知" in preview[-1]["text"]
    published = await chair.press("📢 发布听证会")
    assert any("H0001 已发布" in m["text"] for m in published), published


async def notices(harness: Harness, user: int) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in
            await harness.client.bot_messages(user)]


async def calendar_of(harness: Harness, user: int) -> Calendar:
    """The .ics file the person received last, read back with icalendar."""
    documents = [m for m in await harness.client.bot_messages(user) if m["kind"] == "document"]
    name, data = await harness.client.upload(documents[-1]["document"]["file_id"])
    assert name.endswith(".ics")
    return Calendar.from_ical(data)


async def test_a_hearing_for_one_building_fills_up_and_its_waiting_list_moves(
        harness: Harness) -> None:
    here = await residents(harness.db, 3, client=harness.client)
    there = await residents(harness.db, 2, first_id=21000, client=harness.client)
    await move_to(harness, there, "2")
    chair = await harness.player(CHAIR, "王主任")
    starts = harness.clock.now() + timedelta(days=3)
    await schedule(chair, starts)
    await harness.settle()
    for resident in here:
        assert any("东区车棚改造" in t for t in await notices(harness, resident))
    for resident in there:
        assert await notices(harness, resident) == []
    entry = await calendar_of(harness, here[0])
    [event] = entry.walk("VEVENT")
    assert [str(z["TZID"]) for z in entry.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert event.decoded("DTSTART") == starts.replace(second=0, microsecond=0)
    assert str(event["DTSTART"].params["TZID"]) == "Asia/Shanghai"
    assert str(event["LOCATION"]) == "社区活动室"
    assert str(event["DESCRIPTION"]) == "H0001 东区车棚改造"
    assert str(event["URL"]) == "https://board.xingfuli.example/c/xingfuli/"  # board_url
    assert [a.decoded("TRIGGER") for a in event.walk("VALARM")] == [-timedelta(hours=1)]

    first, second, third = [await harness.player(i, "居民") for i in here]
    assert "已报名参加" in (await first.press("报名参加"))[-1]["text"]
    await second.press("报名发言")
    assert "已报名发言" in (await second.say("车棚应保留自行车位"))[-1]["text"]
    assert "候补名单（第 1 位）" in (await third.press("报名参加"))[-1]["text"]

    own_view = (await second.say("/hearings"))[-1]["text"]
    assert "我的报名：已报名发言" in own_view and "报名名单" not in own_view
    committee_view = (await chair.say("/hearings"))[-1]["text"]
    assert "名额：2/2" in committee_view and "🎤 车棚应保留自行车位" in committee_view
    assert "候补" in committee_view

    assert "已取消" in (await first.press("取消报名"))[-1]["text"]
    await harness.settle()
    assert "从候补转为正式报名" in (await third.last())["text"]
    async with harness.db.sessionmaker() as session:
        hearing = await session.get(Hearing, 1)
    assert hearing is not None and hearing.confirmed == 2


async def test_reminders_go_once_at_their_times(harness: Harness) -> None:
    [resident] = await residents(harness.db, 1, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    starts = harness.clock.now() + timedelta(days=3)
    await schedule(chair, starts)
    player = await harness.player(resident, "居民")
    await player.press("报名参加")

    async def sweep(at: datetime) -> int:
        sent = await harness.run("hearings", at=at)
        harness.runtime.sender.wake()
        await harness.settle()
        return sent

    reminders = lambda texts: [t for t in texts if "⏰" in t]  # noqa: E731
    assert await sweep(starts - timedelta(hours=25)) == 0
    assert await sweep(starts - timedelta(hours=24)) == 1
    assert await sweep(starts - timedelta(hours=23)) == 0
    day = reminders(await notices(harness, resident))
    assert len(day) == 1 and "1 天后开始" in day[0]
    assert await sweep(starts - timedelta(minutes=61)) == 0
    assert await sweep(starts - timedelta(minutes=59)) == 1
    assert await sweep(starts - timedelta(minutes=30)) == 0
    both = reminders(await notices(harness, resident))
    assert len(both) == 2 and "1 小时后开始" in both[1]


async def test_a_new_time_reaches_the_registered_and_the_audience(harness: Harness) -> None:
    registered, audience = await residents(harness.db, 2, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    starts = harness.clock.now() + timedelta(days=3)
    await schedule(chair, starts)
    await (await harness.player(registered, "居民")).press("报名参加")
    await chair.say("/hearings")
    await chair.press("改时间")
    later = starts + timedelta(days=1)
    assert "已通知 2 人" in (await chair.say(local(later)))[-1]["text"]
    await harness.settle()
    for person in (registered, audience):
        changed = [t for t in await notices(harness, person) if "有变更" in t]
        assert len(changed) == 1 and f"时间改为：{local(later)}" in changed[0]
        [event] = (await calendar_of(harness, person)).walk("VEVENT")
        assert event.decoded("DTSTART") == later.replace(second=0, microsecond=0)
        assert int(event["SEQUENCE"]) == 1
    # the reminders follow the new time
    sent = await harness.run("hearings", at=starts - timedelta(hours=23))
    assert sent == 0


async def test_minutes_are_disclosed_and_become_a_deliberation_step(harness: Harness) -> None:
    [author] = await residents(harness.db, 1, client=harness.client)
    async with harness.db.sessionmaker() as session, session.begin():
        person = (await session.exec(select(Person).where(Person.telegram_id == author))).one()
        now = harness.clock.now()
        session.add(Proposal(community_id=person.community_id or 0, author_id=person.id or 0,
                             title="增设充电桩", description="说明", stage=Stage.accepted,
                             support_deadline=now, created_at=now, updated_at=now))
    chair = await harness.player(CHAIR, "王主任")
    await schedule(chair, harness.clock.now() + timedelta(days=3), proposal="P0001 增设充电桩",
                   audience="全社区")
    await harness.settle()
    [event] = (await calendar_of(harness, author)).walk("VEVENT")
    assert str(event["DESCRIPTION"]) == "H0001 东区车棚改造\n\nP0001 增设充电桩\n说明"
    async with harness.db.sessionmaker() as session, session.begin():  # the day has come
        await session.exec(update(Hearing).values(  # type: ignore[call-overload]
            starts_at=harness.clock.now() - timedelta(hours=2), ends_at=harness.clock.now()))
    await chair.say("/hearings")
    await chair.press("📝 记录会议纪要")
    await chair.say("与会居民同意改造方案，保留 20 个自行车位。")
    await harness.client.send_document(CHAIR, "签到表.pdf")
    await harness.settle()
    done = await chair.press("📢 公开纪要")
    assert "议事记录已增加" in done[-1]["text"], done
    async with harness.db.sessionmaker() as session:
        entry = (await session.exec(select(DisclosureEntry))).one()
        steps = (await session.exec(select(ProposalEvent).where(
            ProposalEvent.kind == "deliberation"))).all()
        hearing = await session.get(Hearing, 1)
    assert entry.kind == DisclosureKind.hearing_minutes and "自行车位" in entry.body
    assert [m["kind"] for m in entry.media] == ["document"]  # the board posts it along
    assert [s.details["step"] for s in steps] == ["hearing"]
    assert hearing is not None and len(hearing.minutes_files) == 1
    story = (await (await harness.player(author, "居民")).say("/myproposals"))[-1]["text"]
    assert "听证会" in story


async def test_bad_input_is_explained_and_the_draft_kept(harness: Harness) -> None:
    [resident] = await residents(harness.db, 1, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    await chair.say("/newhearing")
    assert "101" in (await chair.say("长" * 101))[-1]["text"]
    await chair.say("东区车棚改造")
    past = local(harness.clock.now() - timedelta(hours=1))
    assert "已经过去" in (await chair.say(past))[-1]["text"]
    assert "没有看懂" in (await chair.say("明天晚上"))[-1]["text"]
    assert "太远" in (await chair.say("2099-01-01 19:00"))[-1]["text"]
    assert "地点" in (await chair.say(local(harness.clock.now() + timedelta(days=2))))[-1]["text"]
    player = await harness.player(resident, "居民")
    assert "没有权限" in (await player.say("/newhearing"))[-1]["text"]
    async with harness.db.sessionmaker() as session:
        count = await session.scalar(sa.select(sa.func.count()).select_from(Hearing))
    assert count == 0


async def test_two_presses_at_once_for_the_last_seat(harness: Harness) -> None:
    a, b = await residents(harness.db, 2, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    await schedule(chair, harness.clock.now() + timedelta(days=1), capacity=1)
    await harness.settle()
    await asyncio.gather(harness.client.press(a, "报名参加"), harness.client.press(b, "报名参加"))
    await harness.settle()
    answers = [(await notices(harness, person))[-1] for person in (a, b)]
    assert sorted("已报名参加" in t for t in answers) == [False, True]
    assert sum("候补名单（第 1 位）" in t for t in answers) == 1
    async with harness.db.sessionmaker() as session:
        hearing = await session.get(Hearing, 1)
    assert hearing is not None and hearing.confirmed == 1


async def test_cancellation_and_forged_or_stale_buttons(harness: Harness) -> None:
    resident, other = await residents(harness.db, 2, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    await schedule(chair, harness.clock.now() + timedelta(days=2))
    player = await harness.player(resident, "居民")
    own = (await player.say("/me"))[-1]["message_id"]
    await player.press_data(own, HearingChange(1, "time").pack())  # committee only
    await player.press_data(own, HearingRegister(99, "attend").pack())
    await player.press_data(own, f"{VERSION}hr:1:sit")  # forged: no such attendance
    alerts = await player.alerts()
    assert any("没有权限" in a for a in alerts) and any("找不到这个听证会" in a for a in alerts)
    assert any("按钮已经失效" in a for a in alerts)

    await chair.say("/hearings")
    await chair.press("取消听证会")
    assert "已通知 2 人" in (await chair.press("确认取消听证会"))[-1]["text"]
    await harness.settle()
    assert "已取消" in (await notices(harness, other))[-1]
    cancelled = await calendar_of(harness, other)
    assert str(cancelled["METHOD"]) == "CANCEL"
    await player.press("报名参加")  # the button under the old notice
    assert any("报名已经截止" in a for a in await player.alerts())
    async with harness.db.sessionmaker() as session:
        registrations = await session.scalar(
            sa.select(sa.func.count()).select_from(HearingRegistration))
        hearing = await session.get(Hearing, 1)
    assert registrations == 0 and hearing is not None and hearing.confirmed == 0


async def test_a_speakers_draft_of_an_older_shape_is_dropped_and_the_button_starts_again(
        harness: Harness) -> None:
    [resident] = await residents(harness.db, 1, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    await schedule(chair, harness.clock.now() + timedelta(days=2))
    player = await harness.player(resident, "居民")
    async with harness.db.sessionmaker() as session, session.begin():
        session.add(Conversation(user_id=resident, step="hearing.summary",
                                 data={"hearing": 1}, updated_at=harness.clock.now()))
    lost = (await player.say("车棚应保留自行车位"))[-1]["text"]
    assert "旧版本" in lost and "/hearings" in lost
    assert "不超过" in (await player.press("报名发言"))[-1]["text"]
    assert "现在 201 字" in (await player.say("长" * 201))[-1]["text"]  # asked again
    assert "已报名发言" in (await player.say("车棚应保留自行车位"))[-1]["text"]


async def test_a_new_place_is_typed_after_its_button(harness: Harness) -> None:
    [resident] = await residents(harness.db, 1, client=harness.client)
    chair = await harness.player(CHAIR, "王主任")
    await schedule(chair, harness.clock.now() + timedelta(days=2))
    await chair.say("/hearings")
    assert "地点" in (await chair.press("改地点"))[-1]["text"]
    assert "已通知 1 人" in (await chair.say("小区会议室"))[-1]["text"]
    await harness.settle()
    changed = [t for t in await notices(harness, resident) if "有变更" in t]
    assert len(changed) == 1 and "地点改为：小区会议室" in changed[0]

"""A representatives' meeting convened on a petition of representatives (联名提议召开),
end to end through the emulator on both engines: a representative starts the petition,
others sign it from the news, a second signature and a committee member's forged
signature change nothing, the share reached is told once, and a signer convenes the
meeting whose notice says it was convened on the petition."""

import re
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select

from bot.playground import Harness, Player
from handlers.meetings.buttons import PetitionSign
from models.conversation import Conversation
from models.meetings.meetings import (
    Meeting,
    MeetingPetition,
    MeetingPetitionSignature,
    PetitionState,
)
from models.people.persons import by_telegram_id
from models.seeding import seed
from tests.test_hearings_flow import local
from tests.test_registration_flow import CHAIR
from tests.test_voting_flow import representatives

EXAMPLE = Path(__file__).resolve().parent.parent / "community.example.yaml"


def texts(messages: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [m.get("text") or "" for m in messages]


async def signatures(harness: Harness) -> int:
    async with harness.db.sessionmaker() as session:
        return int(await session.scalar(
            sa.select(sa.func.count()).select_from(MeetingPetitionSignature)) or 0)


async def start(starter: Player, reason: str) -> None:
    asked = await starter.say("/petition")
    assert "为什么需要召开居民代表会议" in asked[-1]["text"], asked
    preview = await starter.say(reason)
    assert reason in preview[-1]["text"] and "20%" in preview[-1]["text"], preview
    sent = await starter.press("✍️ 发起联名")
    assert any("已发起联名提议 MP0001" in t for t in texts(sent)), (sent,
                                                                await starter.alerts())


async def fill(signer: Player, asked: list[dict]) -> None:  # type: ignore[type-arg]
    """/newmeeting on the petition, from the title to the preview."""
    assert "会议名称" in asked[-1]["text"], asked
    await signer.say("关于停车收费调整的居民代表会议")
    await signer.say(local(signer.harness.clock.now() + timedelta(days=3)))
    await signer.say("社区活动室")
    await signer.press("90 分钟")
    await signer.say("停车收费调整方案")
    await signer.press("议程完成")
    await signer.press("完成")  # no papers
    await signer.press("完成")  # no observers
    preview = await signer.press("由主持人记录")
    assert "应居民代表联名提议 MP0001 召开" in preview[-1]["text"], preview


async def convene_on_petition(signer: Player, asked: list[dict]) -> None:  # type: ignore[type-arg]
    await fill(signer, asked)
    convened = await signer.press("🏛 召集会议并发出通知")
    assert any("已召集 RM0001" in t for t in texts(convened)), (convened,
                                                            await signer.alerts())


async def test_representatives_petition_and_a_signer_convenes_the_meeting(
        harness: Harness) -> None:
    chair = await harness.player(CHAIR, "王主任")  # committee, not a representative
    reps = await representatives(harness, 11)  # a fifth of eleven: three signatures
    starter, second, third, fourth = reps[:4]

    await starter.say("/petition")
    refused = await starter.say("长" * 501)
    assert "理由太长了：您写了 501 个字，最多 500 个字" in refused[-1]["text"], refused
    async with harness.db.sessionmaker() as session:
        kept = await session.get(Conversation, starter.id)
    assert kept is not None and kept.step == "petition.reason"
    await start(starter, "小区停车收费拟上调一倍，需要代表会议讨论。")
    for rep in reps[1:]:
        news = (await rep.messages())[-1]
        assert "联名提议召开居民代表会议 MP0001" in news["text"] and "达到 3 位" in news["text"]
        assert "✍️ 联名 MP0001" in str(news["reply_markup"]), news

    signed = await second.press("✍️ 联名 MP0001")
    assert "您已联署 MP0001。目前 2 位联名，需要 3 位" in signed[-1]["text"], signed
    await second.press("✍️ 联名 MP0001")
    assert (await second.alerts())[-1] == "您已联署 MP0001。"
    greeting = (await chair.say("/start"))[-1]["message_id"]
    await chair.press_data(greeting, PetitionSign(1).pack())  # forged: not a representative
    assert (await chair.alerts())[-1] == "您没有权限进行这个操作。"
    assert await signatures(harness) == 2

    await third.press("✍️ 联名 MP0001")
    await fourth.press("✍️ 联名 MP0001")  # after the share: counted, told to no one again
    assert await signatures(harness) == 4
    for signer in (starter, second, third):
        reached = [m for m in await signer.messages() if "达到召开居民代表会议的人数" in
                   (m.get("text") or "")]
        assert len(reached) == 1 and "召集会议（MP0001）" in str(reached[0]["reply_markup"])
    told = [t for t in texts(await chair.messages()) if "MP0001 已达到法定人数" in t]
    assert len(told) == 1, told
    assert not any("达到召开" in t for t in texts(await fourth.messages()))

    await fill(second, await second.press("🏛 召集会议（MP0001）"))
    await convene_on_petition(third, await third.press("🏛 召集会议（MP0001）"))
    await second.press("🏛 召集会议并发出通知")  # too late: the petition has convened one
    assert (await second.alerts())[-1] == "MP0001 已用于召集会议，不再接受联署。"
    for rep in reps:
        notice = [t for t in texts(await rep.messages()) if "居民代表会议通知 RM0001" in t]
        assert len(notice) == 1 and "本次会议应居民代表联名提议 MP0001 召开" in notice[0]
    async with harness.db.sessionmaker() as session:
        meeting = (await session.exec(select(Meeting))).one()
        petition = await session.get(MeetingPetition, 1)
        convener = await by_telegram_id(session, third.id)
    assert petition is not None and petition.state == PetitionState.convened
    async with harness.db.sessionmaker() as session:
        left = await session.get(Conversation, second.id)
    assert left is not None and left.step is None  # the late draft is gone
    assert convener is not None and (meeting.petition_id, meeting.chair_id) == (1, convener.id)


async def test_newmeeting_convenes_on_the_petition_its_signer_reached(
        harness: Harness) -> None:
    starter, other, *_ = await representatives(harness, 5)  # a fifth of five: one
    refused = await other.say("/newmeeting")
    assert "只有社区居委会成员，或联名提议已达到人数的联名代表" in refused[-1]["text"], refused
    await start(starter, "东区充电桩建设进度缓慢，需要代表会议讨论。")
    reached = await starter.messages()
    assert any("达到召开居民代表会议的人数" in t for t in texts(reached)), reached
    await convene_on_petition(starter, await starter.say("/newmeeting"))
    async with harness.db.sessionmaker() as session:
        meeting = (await session.exec(select(Meeting))).one()
    assert meeting.petition_id == 1
    again = await other.say("/newmeeting")  # the petition has convened its meeting
    assert "只有社区居委会成员" in again[-1]["text"], again


async def test_petitions_closed_by_the_community_file_are_refused(harness: Harness) -> None:
    text = re.sub(r"^  petition_share:.*$", "  petition_share: null",
                  EXAMPLE.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    async with harness.db.sessionmaker() as session, session.begin():
        await seed(session, text, source="test", now=harness.clock.now())
    rep, = await representatives(harness, 1)
    answer = await rep.say("/petition")
    assert "本社区未开放代表联名提议召开会议" in answer[-1]["text"], answer
    async with harness.db.sessionmaker() as session:
        left = await session.get(Conversation, rep.id)
        count = await session.scalar(sa.select(sa.func.count()).select_from(MeetingPetition))
    assert (left is None or left.step is None) and count == 0

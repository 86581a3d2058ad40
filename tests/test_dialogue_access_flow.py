"""A dialogue acts only for who may still act: each of its steps and buttons re-checks
the person's roles when it acts, so a role revoked half way through stops the dialogue
with a clear message, its draft dropped and nothing created. Through the emulator, on
both engines; and the routing rules that make no dialogue able to forget."""

from collections.abc import Awaitable, Callable
from datetime import timedelta
from enum import StrEnum
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from bot.playground import Harness, Player
from chat.dialogue import Dialogue, Draft, Question
from chat.router import Router
from handlers.notices.buttons import SendBroadcast
from models.board.disclosures import DisclosureEntry
from models.conversation import Conversation
from models.notices.broadcasts import Broadcast
from models.people.persons import Person, RoleGrant
from models.people.roles import Role
from models.voting.matters import Matter
from tests.factories import residents
from tests.test_hearings_flow import local


async def nothing(*_: Any) -> None:
    """A handler for routes declared only to test the router."""


def test_a_step_cannot_be_declared_without_saying_who_may_act_at_it() -> None:
    router = Router("test")
    with pytest.raises(TypeError):
        router.step("draft.title")(nothing)  # type: ignore[call-arg]


class Steps(StrEnum):
    PREVIEW = "draft.preview"


def test_a_button_bound_to_an_undeclared_step_is_refused_at_start() -> None:
    router = Router("test")
    router.callback(SendBroadcast, step="draft.preview")(nothing)
    with pytest.raises(ValueError, match="draft.preview"):
        router.check()
    router.step("draft.preview", roles={Role.committee}, registered=True)(nothing)
    with pytest.raises(ValueError, match="no dialogue"):  # a step must be a dialogue's
        router.check()
    dialogue = Dialogue(Steps, Draft, command="draft")
    dialogue.question(Steps.PREVIEW, Question(ask=nothing_asked, take=lambda ctx, d: False))
    router.dialogue(dialogue)
    router.check()


def nothing_asked(*_: Any) -> None:
    """A question declared only to test the router."""


async def conversation_of(harness: Harness, telegram_id: int) -> Conversation | None:
    async with harness.db.sessionmaker() as session:
        return await session.get(Conversation, telegram_id)


async def count(harness: Harness, table: type) -> int:
    async with harness.db.sessionmaker() as session:
        return len((await session.exec(select(table))).all())


async def revoke(harness: Harness, telegram_id: int, role: Role) -> None:
    async with harness.db.sessionmaker() as session, session.begin():
        person = (await session.exec(select(Person).where(
            col(Person.telegram_id) == telegram_id))).one()
        await session.exec(sa.delete(RoleGrant).where(  # type: ignore[call-overload]
            col(RoleGrant.person_id) == person.id, col(RoleGrant.role) == role))


async def disclose_at_a_time(member: Player) -> tuple[type, Callable[[], Awaitable[Any]]]:
    await member.say("/disclose")
    await member.press("财务收支")
    await member.say("2026年三季度公共收益收支")
    await member.say("收入：停车费 8.2 万元。")
    await member.press("完成")
    await member.press("⏰ 定时公开")
    when = member.harness.clock.now() + timedelta(days=2)
    return DisclosureEntry, lambda: member.say(local(when))


async def disclose_now(member: Player) -> tuple[type, Callable[[], Awaitable[Any]]]:
    await member.say("/disclose")
    await member.press("财务收支")
    await member.say("2026年三季度公共收益收支")
    await member.say("收入：停车费 8.2 万元。")
    await member.press("完成")
    return DisclosureEntry, lambda: member.press("📢 立即公开")


async def open_matter(member: Player) -> tuple[type, Callable[[], Awaitable[Any]]]:
    await member.say("/newmatter")
    await member.say("小区东门改造方案")
    await member.say("拟将东门改为人车分流，预算 12 万元。")
    await member.press("完成")
    await member.press("决定事项（赞成/反对/弃权）")
    await member.press("居民代表")
    await member.press("整个社区")
    await member.press("记名投票")
    preview = await member.press("7 天后截止")
    assert "表决预览" in preview[-1]["text"], preview
    return Matter, lambda: member.press("🗳 立即开始投票")


async def notice_text(member: Player) -> tuple[type, Callable[[], Awaitable[Any]]]:
    await member.say("/broadcast")
    return Broadcast, lambda: member.say("明天上午停水")


async def notice_send(member: Player) -> tuple[type, Callable[[], Awaitable[Any]]]:
    await member.say("/broadcast 明天上午停水")
    return Broadcast, lambda: member.press("📢 立即发送")


@pytest.mark.parametrize("dialogue", [disclose_at_a_time, disclose_now, open_matter,
                                      notice_text, notice_send],
                         ids=lambda d: d.__name__)
async def test_a_member_whose_role_is_revoked_mid_dialogue_cannot_finish_it(
        harness: Harness, dialogue: Callable[..., Any]) -> None:
    (member_id,) = await residents(harness.db, 1, client=harness.client, role=Role.committee)
    member = await harness.player(member_id, "李委员")
    made, last_step = await dialogue(member)
    conversation = await conversation_of(harness, member_id)
    assert conversation is not None and conversation.step is not None  # half way through
    await revoke(harness, member_id, Role.committee)
    answers = await last_step()
    told = [m["text"] for m in answers] + await member.alerts()
    assert any("没有权限继续" in t and "草稿已丢弃" in t for t in told), told
    conversation = await conversation_of(harness, member_id)
    assert conversation is not None and conversation.step is None and conversation.data == {}
    assert await count(harness, made) == 0

"""Helpers for the meetings' scenarios through the emulator: /newmeeting played in chat."""

from datetime import datetime

from bot.playground import Player
from models.proposals.proposals import Proposal
from tests.test_hearings_flow import local


async def convene_on(chair: Player, starts: datetime, proposal: Proposal | None = None,
                     items: tuple[str, ...] = ()) -> None:
    """/newmeeting with the proposal and the items typed as its agenda, convened at once."""
    await chair.say("/newmeeting")
    await chair.say("临时居民代表会议")
    await chair.say(local(starts))
    await chair.say("社区活动室")
    await chair.press("90 分钟")
    if proposal is not None:
        await chair.press(f"➕ {proposal.number} {proposal.title}")
    for item in items:
        await chair.say(item)
    await chair.press("议程完成")
    await skip_optional_steps(chair)
    convened = await chair.press("🏛 召集会议并发出通知")
    assert "已召集 RM0001" in convened[-1]["text"], (convened, await chair.alerts())


async def skip_optional_steps(chair: Player) -> None:
    """The steps of /newmeeting that may be left as they are, up to the preview: no
    documents, no observers, the chair records the minutes."""
    asked = await chair.press("完成")  # no documents
    assert "列席" in asked[-1]["text"], (asked, await chair.alerts())
    asked = await chair.press("完成")  # no observers
    assert "记录人" in asked[-1]["text"], (asked, await chair.alerts())
    preview = await chair.press("由主持人记录")
    assert "纪要记录人：主持人" in preview[-1]["text"], (preview, await chair.alerts())

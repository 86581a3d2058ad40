"""The supervisors' findings (监督意见) through the emulator, on both engines: a
supervisor publishes one with /finding; it is on the board in the chat, on the public
channel and on the web page; a committee member's attempts to correct it (the board's
correct button forged, the finding's own button forged, /finding typed) are refused
with nothing published; the supervisor corrects it."""

from aiohttp.test_utils import TestClient, TestServer
from sqlmodel import col, select

from bot.board_web import board_app
from bot.playground import Harness, Player
from handlers.board.buttons import BoardCorrect
from handlers.supervision.finding_buttons import FindingCorrect
from models.audit import AuditEntry
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.people.roles import Role
from tests.factories import residents
from tests.test_board_flow import CHANNEL, announce, channel_posts
from tests.test_registration_flow import CHAIR

WATCHER = 48000
TITLE = "关于三季度公共收益支出的监督意见"


async def entries(harness: Harness) -> list[tuple[str, int | None, str]]:
    async with harness.db.sessionmaker() as session:
        rows = (await session.exec(select(DisclosureEntry)
                                   .order_by(col(DisclosureEntry.id)))).all()
    return [(e.kind.value, e.corrects_id, e.title) for e in rows]


async def published_audits(harness: Harness) -> int:
    async with harness.db.sessionmaker() as session:
        return len((await session.exec(select(AuditEntry).where(
            AuditEntry.action == "disclosure.published"))).all())


async def test_a_finding_is_the_supervisors_to_publish_and_correct(harness: Harness) -> None:
    await harness.client.add_chat(CHANNEL, "幸福里居务公开", type="channel",
                                  username="xingfuli_gongkai")
    await residents(harness.db, 1, first_id=WATCHER, client=harness.client,
                    role=Role.supervisor)
    watcher = Player(harness, WATCHER, "监督委员")
    chair = await harness.player(CHAIR, "王主任")

    assert "监督委员会" in (await watcher.say("/finding"))[-1]["text"]
    await watcher.say(TITLE)
    await watcher.say("电梯维修 3.1 万元未附发票，请居委会补充公开。")
    preview = (await watcher.press("完成"))[-1]["text"]
    assert "监督意见" in preview and TITLE in preview
    assert "D0001" in (await watcher.press("📢 立即公开"))[-1]["text"]
    await announce(harness)
    posts = await channel_posts(harness)
    assert len(posts) == 1 and TITLE in posts[0] and "监督意见" in posts[0]

    page = (await chair.say("/disclosures"))[-1]["text"]
    assert "D0001" in page and "[监督意见]" in page
    opened = (await chair.press("查看 D0001"))[-1]
    assert "未附发票" in opened["text"] and not opened.get("reply_markup")  # no button

    # Forged buttons and the command: each refused, nothing published.
    before = (await entries(harness), await published_audits(harness))
    message_id = opened["message_id"]
    await chair.press_data(message_id, BoardCorrect(1).pack())
    assert "只能由居务监督委员会成员" in (await chair.alerts())[-1]
    await chair.press_data(message_id, FindingCorrect(1).pack())
    assert "没有权限" in (await chair.alerts())[-1]
    assert "没有权限" in (await chair.say("/finding"))[-1]["text"]
    assert "公开后内容" not in (await chair.say("更正：没有问题。"))[-1]["text"]
    assert (await entries(harness), await published_audits(harness)) == before

    await watcher.say("/disclosures")
    await watcher.press("查看 D0001")
    asked = (await watcher.press("✏️ 发布更正"))[-1]["text"]
    assert "D0001" in asked
    await watcher.say("更正：发票已于 11 月 30 日补充公开，本意见已落实。")
    await watcher.press("完成")
    assert "D0002" in (await watcher.press("📢 立即公开"))[-1]["text"]
    await announce(harness)
    assert await entries(harness) == [
        ("finding", None, TITLE), ("finding", 1, f"更正：{TITLE}")]
    original = (await chair.press("查看 D0001"))[-1]["text"]
    assert "已由 D0002" in original

    app = board_app(harness.db.sessionmaker, harness.runtime.renderer, harness.clock,
                    public_url="https://board.xingfuli.example")
    async with TestClient(TestServer(app)) as web:
        listing = await (await web.get(
            f"/c/xingfuli/?kind={DisclosureKind.finding.value}")).text()
        assert TITLE in listing and "监督意见" in listing
        link = listing.split("D0001")[0].rsplit('href="', 1)[1].split('"')[0]
        page_html = await (await web.get(f"/c/xingfuli/{link}")).text()
    assert "未附发票" in page_html and "D0002" in page_html

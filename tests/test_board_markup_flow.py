"""What a committee member types into /disclose is text, never markup: script typed into
a disclosure reaches the preview, the channel, the subscribers, /disclosures and the web
page as the characters typed; only bold, italic and http(s) links become formatting."""

import xml.etree.ElementTree as ET
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from bot.board_web import board_app
from bot.playground import Harness, Player
from tests.factories import residents
from tests.test_board_flow import CHANNEL, announce
from tests.test_registration_flow import CHAIR

EVENT = '<b onmouseover="alert(1)">水费</b>'
LINK = '<A HREF="javascript:alert(document.cookie)">明细</A>'
BODY = f"{EVENT} 见 {LINK}，<b>已核对</b>"
ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "水费 <img src=x onerror=alert(1)>"


def inert_in_chat(message: dict[str, Any]) -> None:
    """Telegram shows the typed tags as text; only the allowed ones are markup."""
    sent = message["source_text"]
    assert "<b onmouseover" not in sent and "<A HREF" not in sent and "<img" not in sent
    assert "javascript" not in "".join(_tags(sent)).lower(), sent
    assert EVENT in message["text"], message["text"]
    assert LINK.removesuffix("</A>") in message["text"], message["text"]  # its end in lower case
    assert "<b>已核对</b>" in sent  # the allowed formatting is kept


def _tags(markup: str) -> list[str]:
    return [part.split(">", 1)[0] for part in markup.split("<")[1:]]


async def test_script_typed_into_a_disclosure_is_inert_in_chat_and_on_the_web(
        harness: Harness) -> None:
    await harness.client.add_chat(CHANNEL, "幸福里居务公开", type="channel",
                                  username="xingfuli_gongkai")
    reader = Player(harness, (await residents(harness.db, 1, client=harness.client))[0], "居民")
    await reader.say("/subscribe")
    chair = await harness.player(CHAIR, "王主任")
    await chair.say("/disclose")
    await chair.press("财务收支")
    await chair.say(TITLE)
    await chair.say(BODY)
    inert_in_chat((await chair.press("完成"))[-1])  # the preview
    assert "D0001" in (await chair.press("📢 立即公开"))[-1]["text"]
    await announce(harness)

    channel = await harness.client.bot_messages(CHANNEL)
    for message in (channel[-1], await reader.last()):
        inert_in_chat(message)
        assert TITLE in message["text"]
    await reader.say("/disclosures")
    inert_in_chat((await reader.press("查看 D0001"))[-1])

    app = board_app(harness.db.sessionmaker, harness.runtime.renderer, harness.clock,
                    public_url="https://board.xingfuli.example")
    async with TestClient(TestServer(app)) as web:
        listing = await (await web.get("/c/xingfuli/")).text()
        link = listing.split("D0001")[0].rsplit('href="', 1)[1].split('"')[0]
        page = await (await web.get(f"/c/xingfuli/{link}")).text()
        feed = await (await web.get("/c/xingfuli/feed.atom")).text()
    for source in (listing, page):
        assert "<img src=x" not in source and "<b onmouseover" not in source
        assert "<A HREF" not in source and "javascript" not in "".join(_tags(source)).lower()
    assert "&lt;A HREF=&#34;javascript:alert(document.cookie)&#34;&gt;" in page
    assert "<b>已核对</b>" in page
    # A feed reader reads each content as HTML once the XML is decoded.
    contents = [e.text or "" for e in ET.fromstring(feed).iter(f"{ATOM}content")]
    assert contents and all("<A HREF" not in c and "<b onmouseover" not in c for c in contents)
    assert any("&lt;A HREF=" in c and "<b>已核对</b>" in c for c in contents)

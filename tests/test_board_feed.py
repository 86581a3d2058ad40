"""The board's Atom feed as a feed reader reads it (feedparser): links and ids from the
public address whatever the Host header, each entry's lines kept, a vote's chart
linked."""

import feedparser

from tests.test_board_web import PUBLIC, Board, board  # noqa: F401  (the fixture)


async def test_a_feed_reader_reads_every_entry_with_its_lines_and_its_chart(
        board: Board) -> None:  # noqa: F811
    response = await board.client.get("/c/xingfuli/feed.atom",
                                      headers={"Host": "evil.example"})
    parsed = feedparser.parse(await response.read())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "幸福里社区 · 居务公开"
    assert parsed.feed.link == f"{PUBLIC}/c/xingfuli/"
    entries = parsed.entries
    assert len(entries) == 3
    for entry in entries:
        assert entry.id.startswith(f"{PUBLIC}/c/xingfuli/d/"), entry.id
        assert entry.link == entry.id
        assert entry.content[0].type == "text/html"
        assert entry.published_parsed is not None
    vote = next(e for e in entries if board.matter_number in e.title)
    assert "<br />" in vote.content[0].value  # the result's lines stay lines
    chart = f"{PUBLIC}/c/xingfuli/files/{board.chart_id}"
    assert [(e.href, e.type) for e in vote.enclosures] == [(chart, "image/png")]
    assert f'src="{chart}"' in vote.content[0].value
    typed = next(e for e in entries if e.title.endswith(" 停车位分配 <第一批>"))
    assert "a &amp; b &lt;script&gt;" in typed.content[0].value and not typed.enclosures
    assert "evil.example" not in str(parsed)


async def test_an_entry_keeps_its_id_from_one_fetch_to_the_next(board: Board) -> None:  # noqa: F811
    first = feedparser.parse(await (await board.client.get("/c/xingfuli/feed.atom")).read())
    again = feedparser.parse(await (await board.client.get("/c/xingfuli/feed.atom")).read())
    assert [e.id for e in first.entries] == [e.id for e in again.entries]
    assert len({e.id for e in first.entries}) == 3

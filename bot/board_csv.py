"""The board's CSV downloads, made for the spreadsheet a community office opens them in
(models/csv_tables.py): headers and labels in the community's language (赞成, not
"for"), times in its zone to the minute. The rows come from models/board/downloads.py
and models/hotline/ranking.py, which read nothing private."""

from aiohttp import web

from bot.board_keys import CLOCK, RENDERER, SESSIONS, community_of, download
from chat.render import Renderer
from models import csv_tables
from models.board import downloads, public
from models.community import Community
from models.hotline import ranking


async def votes_csv(request: web.Request) -> web.Response:
    async with request.app[SESSIONS]() as session:
        community = await community_of(session, request)
        found = await downloads.vote_rows(session, community.id or 0)
    renderer, language = request.app[RENDERER], community.config.default_language
    zone = community.config.zone

    def word(value: bool | None) -> str | None:
        return None if value is None else renderer.render(language, "web/yes_no", value=value)

    rows: list[list[csv_tables.Cell]] = [[
        r.number, r.title, renderer.label(language, f"voting.kind_{r.kind.value}"),
        word(r.secret), csv_tables.minute(r.opens_at, zone),
        csv_tables.minute(r.closes_at, zone), r.electorate, r.cast, word(r.quorum_met),
        word(r.passed),
        r.choice or renderer.label(language, "voting.option", kind=r.kind.value, code=r.option),
        r.count] for r in found]
    return _table(renderer, community, "votes", rows)


async def hotline_csv(request: web.Request) -> web.Response:
    async with request.app[SESSIONS]() as session:
        community = await community_of(session, request)
        rows = await downloads.hotline_rows(session, community, now=request.app[CLOCK].now())
    return _table(request.app[RENDERER], community, "hotline", list(rows))


async def ranking_csv(request: web.Request) -> web.Response:
    """A month's departments' ranking, linked from its published report."""
    month, now = request.match_info["month"], request.app[CLOCK].now()
    async with request.app[SESSIONS]() as session:
        community = await community_of(session, request)
        stats = await public.published_ranking(session, community, month, now=now)
    if stats is None:
        raise web.HTTPNotFound()
    headers = request.app[RENDERER].render(community.config.default_language,
                                           "hotline/ranking_columns").splitlines()
    body = ranking.table(stats, community, headers, month=month, now=now)
    return download(body, "text/csv", ranking.file_name(community, month))


def _table(renderer: Renderer, community: Community, name: str,
           rows: list[list[csv_tables.Cell]]) -> web.Response:
    headers = renderer.render(community.config.default_language,
                              f"web/{name}_columns").splitlines()
    return download(csv_tables.table(headers, rows), "text/csv",
                    f"{community.code}-{name}.csv")

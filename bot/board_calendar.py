"""The community's calendar on the web board (/c/<code>/calendar.ics), for a phone or
desktop calendar to subscribe to: its hearings and meetings, upcoming and recent
(models/board/calendar.py chooses them and their public fields). Links are built from
the public address, never from the request's Host header."""

from aiohttp import web

from bot.board_keys import CLOCK, PUBLIC_URL, RENDERER, SESSIONS, community_of
from models import ical
from models.board import calendar


async def calendar_ics(request: web.Request) -> web.Response:
    now = request.app[CLOCK].now()
    async with request.app[SESSIONS]() as session:
        community = await community_of(session, request)
        board = f"{request.app[PUBLIC_URL]}/c/{community.code}/"
        found = await calendar.events(
            session, community, now=now,
            link=lambda entry_id: f"{board}d/{entry_id}" if entry_id else board)
    name = request.app[RENDERER].render(community.config.default_language,
                                        "web/calendar_name", community=community)
    body = ical.build_many(found, product="board", name=name,
                           timezone=community.timezone, now=now)
    # Inline, not an attachment: a calendar app subscribes to the address itself.
    return web.Response(body=body, content_type=ical.CONTENT_TYPE, charset="utf-8",
                        headers={"Cache-Control": "public, max-age=900"})

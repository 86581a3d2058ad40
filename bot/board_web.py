"""The public disclosure board on the web, served by the bot process: the list of
entries, each entry with its charts, an Atom feed, a calendar to subscribe to
(bot/board_calendar.py) and CSV downloads of vote results and hotline figures
(bot/board_csv.py). What may be shown is decided by the board itself, in
models/board/public.py: only what is published is reachable, and nothing there reads
people, tickets or ballots. This module serves it: routes, headers and HTML."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.board_calendar import calendar_ics
from bot.board_csv import hotline_csv, ranking_csv, votes_csv
from bot.board_keys import CLOCK, PUBLIC_URL, RENDERER, SESSIONS, community_of
from bot.clock import Clock
from bot.metrics import CONTENT_TYPE
from chat.render import Renderer
from models.board import public
from models.board.disclosures import DisclosureKind
from models.community import Community, all_communities
from models.languages import DEFAULT_LANGUAGE

Report = Callable[[], Awaitable[dict[str, Any]]]
HEALTH: web.AppKey[Report] = web.AppKey("health")
Exposition = Callable[[], Awaitable[str]]
METRICS: web.AppKey[Exposition] = web.AppKey("metrics")
PAGE = 20
FEED_SIZE = 50
# Atom requires a feed's <updated>; one with no entry yet has changed at no known time.
# A fixed UTC instant, not a naive one: that would take the zone of the machine serving.
EMPTY_FEED_UPDATED = datetime(2026, 1, 1, tzinfo=UTC)
# Id columns are INTEGER, 32-bit on PostgreSQL: a bigger number is no row's id, and the
# driver would refuse it with an error instead of finding nothing.
MAX_ID = 2 ** 31 - 1
# The board runs no script and loads nothing from elsewhere; its one style is inline.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline';"
                               " base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def board_app(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
              clock: Clock, *, public_url: str, health: Report | None = None,
              metrics: Exposition | None = None) -> web.Application:
    """public_url: where people reach the board; the feed's links are built from it,
    never from the request's Host header (a forged one would poison a cached feed).
    health: what /healthz reports (bot/health.py); without it there is no /healthz.
    metrics: what /metrics serves, Prometheus's text (bot/health.py); likewise."""
    app = web.Application(middlewares=[secure_headers])
    app[PUBLIC_URL] = public_url.rstrip("/")
    app[CLOCK] = clock
    app[SESSIONS] = sessionmaker
    app[RENDERER] = renderer
    if health is not None:
        app[HEALTH] = health
        app.router.add_get("/healthz", healthz)
    if metrics is not None:
        app[METRICS] = metrics
        app.router.add_get("/metrics", scrape)
    app.add_routes([
        web.get("/", index),
        web.get("/c/{code}/", board),
        web.get("/c/{code}/d/{entry_id:\\d+}", entry),
        web.get("/c/{code}/files/{file_id:\\d+}", stored_file),
        web.get("/c/{code}/feed.atom", feed),
        web.get("/c/{code}/calendar.ics", calendar_ics),
        web.get("/c/{code}/votes.csv", votes_csv),
        web.get("/c/{code}/hotline.csv", hotline_csv),
        web.get("/c/{code}/hotline/{month:\\d{4}-\\d{2}}.csv", ranking_csv),
    ])
    return app


@web.middleware
async def secure_headers(request: web.Request,
                         handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                         ) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        error.headers.update(SECURITY_HEADERS)
        raise
    response.headers.update(SECURITY_HEADERS)
    return response


async def healthz(request: web.Request) -> web.Response:
    """200 while every loop of the bot runs, 503 when one has ended (it is being
    started again): a supervisor or a load balancer acts on the status."""
    report = await request.app[HEALTH]()
    return web.json_response(report, status=200 if report["ok"] else 503,
                             headers={"Cache-Control": "no-store"})


async def scrape(request: web.Request) -> web.Response:
    text = await request.app[METRICS]()
    return web.Response(body=text.encode(), headers={"Content-Type": CONTENT_TYPE,
                                                     "Cache-Control": "no-store"})


def bounded(text: str, limit: int = MAX_ID) -> int:
    """A row id or page number from the request; one no row can have is not found."""
    if not (text.isascii() and text.isdecimal()) or int(text) > limit:
        raise web.HTTPNotFound()
    return int(text)


def _html(request: web.Request, community: Community | None, name: str,
          **params: object) -> web.Response:
    language = community.config.default_language if community else DEFAULT_LANGUAGE
    text = request.app[RENDERER].render(language, f"web/{name}", community=community,
                                        zone=community.config.timezone if community else None,
                                        **params)
    return web.Response(text=text, content_type="text/html", charset="utf-8")


async def index(request: web.Request) -> web.Response:
    async with request.app[SESSIONS]() as session:
        found = await all_communities(session)
    if len(found) == 1:
        raise web.HTTPFound(f"/c/{found[0].code}/")
    return _html(request, None, "index", communities=found)


async def board(request: web.Request) -> web.Response:
    kind_name = request.query.get("kind")
    kind = (DisclosureKind(kind_name) if kind_name and kind_name in DisclosureKind.__members__
            else None)
    number = bounded(request.query.get("page", "0"), MAX_ID // PAGE)
    async with request.app[SESSIONS]() as session:
        community = await community_of(session, request)
        entries, total = await public.page(session, community.id or 0,
                                           now=request.app[CLOCK].now(), kind=kind,
                                           number=number, size=PAGE)
        now = request.app[CLOCK].now()
        overdue = await public.overdue(session, community.id or 0, now=now) \
            if not number else []
        inquiries = await public.overdue_inquiries(session, community.id or 0, now=now) \
            if not number else []
        supervisors = await public.supervisors(session, community.id or 0)
    if number and not entries:
        raise web.HTTPNotFound()  # past the last page
    return _html(request, community, "board", entries=entries, total=total, page=number,
                 overdue=overdue, inquiries=inquiries, supervisors=supervisors,
                 pages=(total + PAGE - 1) // PAGE, kind=kind.value if kind else None,
                 kinds=[k.value for k in DisclosureKind])


async def entry(request: web.Request) -> web.Response:
    async with request.app[SESSIONS]() as session:
        community = await community_of(session, request)
        view = await public.entry_view(session, community.id or 0,
                                       bounded(request.match_info["entry_id"]),
                                       now=request.app[CLOCK].now())
    if view is None:
        raise web.HTTPNotFound()
    return _html(request, community, "entry", entry=view.entry, corrected=view.corrected,
                 corrections=view.corrections, images=view.images, documents=view.documents,
                 in_chat_only=view.in_chat_only, ranking=public.ranking_month(view.entry))


async def stored_file(request: web.Request) -> web.Response:
    async with request.app[SESSIONS]() as session:
        community = await community_of(session, request)
        stored = await public.attached_file(session, community.id or 0,
                                            bounded(request.match_info["file_id"]),
                                            now=request.app[CLOCK].now())
    if stored is None:
        raise web.HTTPNotFound()
    return web.Response(body=stored.data, content_type=stored.content_type,
                        headers={"Cache-Control": "public, max-age=86400"})


async def feed(request: web.Request) -> web.Response:
    """Atom for feed readers: links and ids from the public address, each entry's text
    as HTML that keeps its lines, its images (a vote's chart) linked as enclosures."""
    async with request.app[SESSIONS]() as session:
        community = await community_of(session, request)
        entries, _ = await public.page(session, community.id or 0,
                                       now=request.app[CLOCK].now(), size=FEED_SIZE)
        images = await public.images_of(session, entries)
    base = f"{request.app[PUBLIC_URL]}/c/{community.code}/"
    updated = entries[0].published_at if entries else EMPTY_FEED_UPDATED
    language = community.config.default_language
    text = request.app[RENDERER].render(language, "web/feed", community=community,
                                        zone=community.config.timezone, entries=entries,
                                        images=images, base=base, updated=updated)
    return web.Response(text=text, content_type="application/atom+xml", charset="utf-8")

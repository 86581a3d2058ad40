"""The public disclosure board on the web, served by the bot process: the list of
entries, each entry with its charts, an Atom feed and CSV downloads of vote results
and hotline figures.

Only what is published is reachable: entries whose time has come, files attached to
them, results of closed votes. Nothing here reads people, tickets or ballots, so no
route can show a complainant or a secret ballot."""

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import datetime

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from chat.render import Renderer
from models.board import disclosures
from models.board.disclosures import DisclosureEntry, DisclosureKind
from models.community import Community, all_communities
from models.files import StoredFile
from models.hotline.reports import month_bounds
from models.hotline.stats import hotline_stats
from models.voting.matters import Matter, MatterState

SESSIONS = web.AppKey("sessions", async_sessionmaker[AsyncSession])
RENDERER = web.AppKey("renderer", Renderer)
CLOCK = web.AppKey("clock", Clock)
PUBLIC_URL = web.AppKey("public_url", str)
PAGE = 20
FEED_SIZE = 50
# Ids are 64-bit in the database: a bigger one is no row's, and would fail in the driver.
MAX_ID = 2 ** 63 - 1
# The board runs no script and loads nothing from elsewhere; its one style is inline.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline';"
                               " base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def board_app(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
              clock: Clock, *, public_url: str) -> web.Application:
    """public_url: where people reach the board; the feed's links are built from it,
    never from the request's Host header (a forged one would poison a cached feed)."""
    app = web.Application(middlewares=[secure_headers])
    app[PUBLIC_URL] = public_url.rstrip("/")
    app[CLOCK] = clock
    app[SESSIONS] = sessionmaker
    app[RENDERER] = renderer
    app.add_routes([
        web.get("/", index),
        web.get("/c/{code}/", board),
        web.get("/c/{code}/d/{entry_id:\\d+}", entry),
        web.get("/c/{code}/files/{file_id:\\d+}", stored_file),
        web.get("/c/{code}/feed.atom", feed),
        web.get("/c/{code}/votes.csv", votes_csv),
        web.get("/c/{code}/hotline.csv", hotline_csv),
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


def bounded(text: str, limit: int = MAX_ID) -> int:
    """A row id or page number from the request; one no row can have is not found."""
    if not (text.isascii() and text.isdecimal()) or int(text) > limit:
        raise web.HTTPNotFound()
    return int(text)


def _html(request: web.Request, community: Community | None, name: str,
          **params: object) -> web.Response:
    language = community.config.default_language if community else "zh"
    text = request.app[RENDERER].render(language, f"web/{name}", community=community,
                                        **params)
    return web.Response(text=text, content_type="text/html", charset="utf-8")


async def _community(session: AsyncSession, request: web.Request) -> Community:
    code = request.match_info["code"]
    found = (await session.exec(select(Community).where(Community.code == code))).first()
    if found is None:
        raise web.HTTPNotFound()
    return found


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
        community = await _community(session, request)
        entries, total = await disclosures.page(session, community.id or 0,
                                                now=request.app[CLOCK].now(), kind=kind,
                                                number=number, size=PAGE)
    if number and not entries:
        raise web.HTTPNotFound()  # past the last page
    return _html(request, community, "board", entries=entries, total=total, page=number,
                 pages=(total + PAGE - 1) // PAGE, kind=kind.value if kind else None,
                 kinds=[k.value for k in DisclosureKind])


async def entry(request: web.Request) -> web.Response:
    now = request.app[CLOCK].now()
    async with request.app[SESSIONS]() as session:
        community = await _community(session, request)
        found = await disclosures.published(session, community.id or 0,
                                            bounded(request.match_info["entry_id"]), now=now)
        if found is None:
            raise web.HTTPNotFound()
        corrected = (await disclosures.published(session, community.id or 0,
                                                 found.corrects_id, now=now)
                     if found.corrects_id else None)
        corrections = await disclosures.corrections_of(session, found.id or 0, now=now)
        names = await _file_names(session, found)
    images = [(i, n) for i, n, kind in names if kind.startswith("image/")]
    documents = [(i, n) for i, n, kind in names if not kind.startswith("image/")]
    return _html(request, community, "entry", entry=found, corrected=corrected,
                 corrections=corrections, images=images, documents=documents,
                 in_chat_only=len(found.media) - len(names))


async def _file_names(session: AsyncSession,
                      found: DisclosureEntry) -> list[tuple[int, str, str]]:
    """(id, name, content type) of the entry's stored files; a Telegram file_id has no
    bytes here and is only shown in the chat."""
    ids = [m["stored_file_id"] for m in found.media if m.get("stored_file_id")]
    if not ids:
        return []
    query = select(StoredFile.id, StoredFile.name, StoredFile.content_type).where(
        col(StoredFile.id).in_(ids)).order_by(col(StoredFile.id))
    return [(i or 0, n, t) for i, n, t in (await session.exec(query)).all()]


async def stored_file(request: web.Request) -> web.Response:
    """A file attached to a published entry of this community, and nothing else."""
    file_id = bounded(request.match_info["file_id"])
    now = request.app[CLOCK].now()
    async with request.app[SESSIONS]() as session:
        community = await _community(session, request)
        # Only the media lists: entry bodies (with their receipt lists) are large.
        query = select(DisclosureEntry.media).where(
            DisclosureEntry.community_id == community.id,
            col(DisclosureEntry.published_at) <= now)
        attached = any(m.get("stored_file_id") == file_id
                       for media in (await session.exec(query)).all() for m in media)
        stored = await session.get(StoredFile, file_id) if attached else None
    if stored is None:
        raise web.HTTPNotFound()
    return web.Response(body=stored.data, content_type=stored.content_type,
                        headers={"Cache-Control": "public, max-age=86400"})


async def feed(request: web.Request) -> web.Response:
    async with request.app[SESSIONS]() as session:
        community = await _community(session, request)
        entries, _ = await disclosures.page(session, community.id or 0,
                                            now=request.app[CLOCK].now(), size=FEED_SIZE)
    base = f"{request.app[PUBLIC_URL]}/c/{community.code}/"
    updated = entries[0].published_at if entries else datetime(2026, 1, 1).astimezone()
    language = community.config.default_language
    text = request.app[RENDERER].render(language, "web/feed", community=community,
                                        entries=entries, base=base, updated=updated)
    return web.Response(text=text, content_type="application/atom+xml", charset="utf-8")


async def votes_csv(request: web.Request) -> web.Response:
    """One row per option of every closed vote: counts only, never who voted what."""
    async with request.app[SESSIONS]() as session:
        community = await _community(session, request)
        closed = (await session.exec(select(Matter).where(
            Matter.community_id == community.id, Matter.state == MatterState.closed)
            .order_by(col(Matter.id)))).all()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["matter", "title", "kind", "secret", "opens_at", "closes_at",
                     "electorate", "cast", "quorum_met", "passed", "option", "label", "count"])
    for matter in closed:
        result = matter.result or {}
        for index, option in enumerate(matter.options):
            label = matter.choices[index] if matter.choices else option
            writer.writerow([matter.number, matter.title, matter.kind.value, matter.secret,
                             matter.opens_at.isoformat(), matter.closes_at.isoformat(),
                             result.get("electorate"), result.get("cast"),
                             result.get("quorum_met"), result.get("passed"), option, label,
                             result.get("counts", {}).get(option, 0)])
    return web.Response(text=out.getvalue(), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition":
                                 f'attachment; filename="{community.code}-votes.csv"'})


async def hotline_csv(request: web.Request) -> web.Response:
    """The hotline's figures per department for every month whose report is published:
    counts and rates only, never a complainant or a handler."""
    now = request.app[CLOCK].now()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["month", "department", "name", "received", "accepted_on_time",
                     "response_rate", "resolved", "resolved_on_time", "resolution_rate",
                     "satisfaction_rate", "overdue", "escalations", "median_hours"])
    async with request.app[SESSIONS]() as session:
        community = await _community(session, request)
        keys = (await session.exec(select(DisclosureEntry.report_key).where(
            DisclosureEntry.community_id == community.id,
            DisclosureEntry.kind == DisclosureKind.hotline_report,
            col(DisclosureEntry.published_at) <= now,
            col(DisclosureEntry.report_key).is_not(None)))).all()
        zone = community.config.zone
        for month in sorted(k.split(":", 1)[1] for k in keys if k):
            year, number = (int(part) for part in month.split("-"))
            start, end = month_bounds(datetime(year, number, 15, tzinfo=zone), zone)
            stats = await hotline_stats(session, community_id=community.id or 0, start=start,
                                        end=end, now=now)
            for code, figures in stats.by_department:
                department = community.config.department(code)
                writer.writerow([month, code, department.name if department else code,
                                 figures.received, figures.accepted_on_time,
                                 _rate(figures.response_rate), figures.resolved,
                                 figures.resolved_on_time, _rate(figures.resolution_rate),
                                 _rate(figures.satisfaction_rate), figures.overdue,
                                 figures.escalations, _rate(figures.median_hours)])
    return web.Response(text=out.getvalue(), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition":
                                 f'attachment; filename="{community.code}-hotline.csv"'})


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"

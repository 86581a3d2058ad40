"""What the board's web handlers share: the application's keys and the community a
path names (bot/board_web.py builds the application, the downloads live beside it)."""

from aiohttp import web
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from chat.render import Renderer
from models.board import public
from models.community import Community

SESSIONS = web.AppKey("sessions", async_sessionmaker[AsyncSession])
RENDERER = web.AppKey("renderer", Renderer)
CLOCK = web.AppKey("clock", Clock)
PUBLIC_URL = web.AppKey("public_url", str)


async def community_of(session: AsyncSession, request: web.Request) -> Community:
    found = await public.community_by_code(session, request.match_info["code"])
    if found is None:
        raise web.HTTPNotFound()
    return found


def download(body: bytes, content_type: str, name: str) -> web.Response:
    return web.Response(body=body, content_type=content_type, charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

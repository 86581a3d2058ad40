"""The scheduler's work on votes: open matters at their time, send the reminders, and
close them at their time. One transaction per matter, each a guarded state change, so
a restart or a second worker neither repeats nor skips anything."""

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from chat.notifier import OutboxNotifier
from chat.render import Renderer
from handlers.voting.ballots import ballot_buttons
from models import charts
from models.base import utcnow
from models.community import Community
from models.voting import closing as matter_closing
from models.voting import setup as matter_actions
from models.voting.matters import Matter
from models.voting.tally import MatterKind, Result

log = logging.getLogger(__name__)


async def sweep(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer, *,
                now: datetime | None = None) -> int:
    """Everything due about votes; returns how many matters changed state or reminded."""
    now = now or utcnow()
    async with sessionmaker() as session:
        opening = await matter_actions.due_to_open(session, now)
        closing = await matter_closing.due_to_close(session, now)
        running = await matter_closing.open_ids(session, now)
    done = 0
    for matter_id in opening:
        async with sessionmaker() as session, session.begin():
            opened = await matter_actions.open_matter(
                session, matter_id, notify=await _notifier(session, renderer, matter_id),
                buttons=ballot_buttons)
            done += opened is not None
    for matter_id in running:
        async with sessionmaker() as session, session.begin():
            done += bool(await matter_closing.remind(
                session, matter_id, now=now, notify=await _notifier(session, renderer, matter_id),
                buttons=ballot_buttons))
    for matter_id in closing:
        done += await close(sessionmaker, renderer, matter_id, now)
    return done


async def close(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
                matter_id: int, now: datetime) -> bool:
    async with sessionmaker() as session, session.begin():
        notify = await _notifier(session, renderer, matter_id)
        language, community = notify.default_language, notify.common["community"]

        async def chart(matter: Matter, result: Result) -> bytes:
            return await draw_result(renderer, language, matter, result)

        def render(name: str, params: dict[str, Any]) -> str:
            return renderer.render(language, name, community=community, **params)

        closed = await matter_closing.close_matter(session, matter_id, now=now, notify=notify,
                                                   chart=chart, render=render)
    if closed is not None:
        log.info("matter %s closed: %s", closed.matter.number, closed.result)
    return closed is not None


async def _notifier(session: AsyncSession, renderer: Renderer,
                    matter_id: int) -> OutboxNotifier:
    matter = await session.get(Matter, matter_id)
    community = await session.get(Community, matter.community_id) if matter else None
    language = community.config.default_language if community else "zh"
    return OutboxNotifier(session, renderer, default_language=language, community=community)


def option_names(renderer: Renderer, language: str, matter: Matter) -> list[str]:
    if matter.kind == MatterKind.choice:
        return list(matter.choices)
    return [renderer.label(language, "voting.option", kind=matter.kind.value, code=code)
            for code in matter.options]


async def draw_result(renderer: Renderer, language: str, matter: Matter,
                      result: Result) -> bytes:
    names = option_names(renderer, language, matter)
    title = renderer.label(language, "voting.chart_title", number=matter.number,
                           cast=result.cast, electorate=result.electorate)
    return await charts.draw(charts.bar_chart, title, names,
                             [result.counts[o] for o in matter.options])

"""The scheduler's work on votes: open matters at their time, send the reminders, and
close them at their time. One transaction per matter, each a guarded state change, so
a restart or a second worker neither repeats nor skips anything."""

import logging
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models import charts
from models.community import Community
from models.languages import DEFAULT_LANGUAGE
from models.periodic import Texts, Work
from models.voting import closing, setup
from models.voting.closing import Chart, Render
from models.voting.matters import Matter
from models.voting.setup import BallotButtons
from models.voting.tally import TYPED_OPTIONS, Result

log = logging.getLogger(__name__)
BALLOT_BUTTONS = "voting.ballot"  # the handler layer's buttons of a ballot message


async def sweep(work: Work) -> int:
    """Everything due about votes; returns how many matters changed state or reminded."""
    buttons: BallotButtons = work.buttons[BALLOT_BUTTONS]
    async with work.sessionmaker() as session:
        opening = await setup.due_to_open(session, work.now)
        closing_ids = await closing.due_to_close(session, work.now)
        running = await closing.open_ids(session, work.now)
    done = 0
    for matter_id in opening:
        async with work.sessionmaker() as session, session.begin():
            community = await _community(session, matter_id)
            opened = await setup.open_matter(session, matter_id, buttons=buttons,
                                             notify=work.notifier(session, community),
                                             now=work.now)
            done += opened is not None
    for matter_id in running:
        async with work.sessionmaker() as session, session.begin():
            community = await _community(session, matter_id)
            done += bool(await closing.remind(session, matter_id, now=work.now, buttons=buttons,
                                              notify=work.notifier(session, community)))
    for matter_id in closing_ids:
        done += await close(work, matter_id)
    return done


async def close(work: Work, matter_id: int) -> bool:
    async with work.sessionmaker() as session, session.begin():
        community = await _community(session, matter_id)
        chart, render = closing_tools(work, community)
        closed = await closing.close_matter(session, matter_id, now=work.now, chart=chart,
                                            notify=work.notifier(session, community),
                                            render=render)
    if closed is not None:
        log.info("matter %s closed: %s", closed.matter.number, closed.result)
    return closed is not None


def closing_tools(work: Work, community: Community | None) -> tuple[Chart, Render]:
    """The result's chart and the texts of its disclosure, in the community's language."""
    language = community.config.default_language if community else DEFAULT_LANGUAGE

    async def chart(matter: Matter, result: Result) -> bytes:
        return await draw_result(work.texts, language, matter, result)

    def render(name: str, params: dict[str, Any]) -> str:
        return work.texts.render(language, name, community=community,
                                 zone=community.config.timezone if community else None,
                                 **params)

    return chart, render


async def _community(session: AsyncSession, matter_id: int) -> Community | None:
    matter = await session.get(Matter, matter_id)
    return await session.get(Community, matter.community_id) if matter else None


def option_names(texts: Texts, language: str, matter: Matter) -> list[str]:
    if matter.kind in TYPED_OPTIONS:
        return list(matter.choices)
    return [texts.label(language, "voting.option", kind=matter.kind.value, code=code)
            for code in matter.options]


async def draw_result(texts: Texts, language: str, matter: Matter, result: Result) -> bytes:
    names = option_names(texts, language, matter)
    title = texts.label(language, "voting.chart_title", number=matter.number,
                        cast=result.cast, electorate=result.electorate)
    return await charts.draw(charts.bar_chart, title, names,
                             [result.counts[o] for o in matter.options])

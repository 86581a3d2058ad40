"""Periodic sweeps: each finds what is due through an indexed column and moves it on
with a state transition guarded by the current state, so running a sweep twice (a
restart, a second worker) neither repeats nor skips work."""

import logging
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from chat.notifier import OutboxNotifier
from chat.render import Renderer, pick_language
from models.base import utcnow
from models.board import disclosures
from models.board.disclosures import DisclosureKind
from models.community import Community, all_communities
from models.hearings import actions as hearings_actions
from models.hotline import deadlines as ticket_deadlines
from models.hotline import reports as ticket_reports
from models.hotline.chart import received_chart
from models.hotline.stats import hotline_stats
from models.inbox import InboxState, InboxUpdate
from models.notices import broadcasts
from models.notices.broadcasts import Broadcast, Progress
from models.outbox import Delivery, Lane, enqueue, enqueue_many
from models.people.persons import Person
from models.proposals import actions as proposal_actions

log = logging.getLogger(__name__)
NOTICE = "broadcasts/notice"


async def start_due_broadcasts(sessionmaker: async_sessionmaker[AsyncSession],
                               renderer: Renderer, *, now: datetime | None = None) -> int:
    """scheduled -> sending for every due broadcast, writing one delivery per recipient
    in the same transaction; `now` is injectable for tests."""
    async with sessionmaker() as session, session.begin():
        claimed = await broadcasts.claim_due(session, now=now or utcnow())
        for broadcast in claimed:
            await _expand(session, renderer, broadcast)
    return len(claimed)


async def _expand(session: AsyncSession, renderer: Renderer, broadcast: Broadcast) -> None:
    community = await session.get(Community, broadcast.community_id)
    default = community.config.default_language if community else "zh"
    if broadcast.progress_delivery_id is None:  # scheduled: its author follows it from now
        await _progress_message(session, renderer, broadcast, default)
    texts: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for person in await broadcasts.recipients(session, broadcast):
        language = pick_language(person.language, person.telegram_language, default)
        if language not in texts:  # render once per language, not once per resident
            texts[language] = renderer.render(language, NOTICE, broadcast=broadcast,
                                              community=community)
        rows.append({"chat_id": person.telegram_id, "person_id": person.id, "template": NOTICE,
                     "broadcast_id": broadcast.id, "text": texts[language], "markup": None,
                     "urgent": broadcast.urgent, "media": broadcast.media or None})
    await enqueue_many(session, rows)
    broadcast.total = len(rows)
    log.info("broadcast %s: %s deliveries queued", broadcast.id, len(rows))


async def _progress_message(session: AsyncSession, renderer: Renderer, broadcast: Broadcast,
                            default: str) -> None:
    author = await session.get(Person, broadcast.author_id)
    if author is None:
        return
    language = pick_language(author.language, author.telegram_language, default)
    text = renderer.render(language, "broadcasts/progress", broadcast=broadcast,
                           progress=Progress(0, 0, 0, 0), finished=False, minutes_left=None)
    # Written before the notice's deliveries, so it goes out ahead of them.
    delivery = enqueue(session, lane=Lane.bulk, chat_id=author.telegram_id, text=text,
                       template="broadcasts/progress", person_id=author.id)
    await session.flush()
    broadcast.progress_delivery_id = delivery.id


class ProgressReporter:
    """Keeps each broadcast's progress message up to date, and posts the final report."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
                 edit: Any) -> None:
        self.sessionmaker = sessionmaker
        self.renderer = renderer
        self.edit = edit
        self.shown: dict[int, str] = {}

    async def sweep(self) -> None:
        updates = []
        async with self.sessionmaker() as session, session.begin():
            for broadcast in await broadcasts.in_progress(session):
                progress = await broadcasts.progress(session, broadcast)
                finished = progress.complete and await broadcasts.finish(session, broadcast)
                target = await self._message_of(session, broadcast)
                if target is not None:
                    updates.append((broadcast, progress, finished, target))
        for broadcast, progress, finished, (chat_id, message_id, language) in updates:
            text = self.renderer.render(language, "broadcasts/progress", broadcast=broadcast,
                                        progress=progress, finished=finished,
                                        minutes_left=minutes_left(broadcast, progress))
            if self.shown.get(broadcast.id or 0) != text:
                self.shown[broadcast.id or 0] = text
                await self.edit(chat_id, message_id, text)

    async def _message_of(self, session: AsyncSession,
                          broadcast: Broadcast) -> tuple[int, int, str] | None:
        if broadcast.progress_delivery_id is None:
            return None
        delivery = await session.get(Delivery, broadcast.progress_delivery_id)
        author = await session.get(Person, broadcast.author_id)
        if delivery is None or delivery.message_id is None or author is None:
            return None
        language = pick_language(author.language, author.telegram_language)
        return delivery.chat_id, delivery.message_id, language


def minutes_left(broadcast: Broadcast, progress: Progress) -> int | None:
    if broadcast.started_at is None or progress.finished == 0 or progress.complete:
        return None
    elapsed = (utcnow() - broadcast.started_at).total_seconds()
    rate = progress.finished / max(elapsed, 1e-3)
    return max(1, round((progress.total - progress.finished) / rate / 60))


async def clean_inbox(sessionmaker: async_sessionmaker[AsyncSession], *,
                      keep: timedelta = timedelta(days=30)) -> int:
    """Processed updates older than `keep` have served their purpose (deduplication)."""
    async with sessionmaker() as session, session.begin():
        result = await session.exec(sa.delete(InboxUpdate).where(  # type: ignore[call-overload]
            col(InboxUpdate.state) == InboxState.done,
            col(InboxUpdate.processed_at) < utcnow() - keep))
    return int(result.rowcount or 0)


async def lapse_proposals(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
                          *, now: datetime | None = None) -> int:
    """collecting -> lapsed past the support deadline; `now` is injectable for tests."""
    async with sessionmaker() as session, session.begin():
        notify = OutboxNotifier(session, renderer, default_language="zh")
        return await proposal_actions.lapse_due(session, now=now or utcnow(), notify=notify)


async def hotline_deadlines(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
                            *, now: datetime | None = None) -> int:
    """Warn handlers at 80% of a ticket's deadline, escalate (催办) once it has passed;
    each exactly once. `now` is injectable for tests."""
    async with sessionmaker() as session, session.begin():
        notify = OutboxNotifier(session, renderer, default_language="zh")
        return await ticket_deadlines.sweep(session, now=now or utcnow(), notify=notify)


async def hotline_reports(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
                          *, now: datetime | None = None) -> int:
    """From the 1st of a month, last month's figures to the committee and supervisors,
    once per community and month. `now` is injectable for tests."""
    now, sent = now or utcnow(), 0
    async with sessionmaker() as session, session.begin():
        for community in await all_communities(session):
            due = await ticket_reports.claim_due(session, community, now)
            if due is None:
                continue
            stats = await hotline_stats(session, community_id=community.id or 0,
                                        start=due.start, end=due.end, now=now)
            language = community.config.default_language
            media = await received_chart(
                session, config=community.config, stats=stats, name=f"hotline-{due.month}.png",
                title=renderer.render(language, "hotline/chart_title", month=due.month))
            notify = OutboxNotifier(session, renderer, default_language=language,
                                    community=community)
            for person in due.recipients:
                notify(person, "hotline/report", stats=stats, month=due.month, media=media)
                sent += 1
            # The public version: departments only, no handler names, no complainants.
            await disclosures.publish(
                session, community_id=community.id or 0, author=None,
                kind=DisclosureKind.hotline_report, report_key=f"hotline:{due.month}",
                title=renderer.render(language, "board/hotline_report_title", month=due.month),
                body=renderer.render(language, "board/hotline_report", stats=stats,
                                     month=due.month, community=community),
                media=media or ())
    return sent


async def remind_hearings(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
                          *, now: datetime | None = None) -> int:
    """Hearing reminders that are due, each sent once; `now` is injectable for tests."""
    async with sessionmaker() as session, session.begin():
        notify = OutboxNotifier(session, renderer, default_language="zh")
        return await hearings_actions.remind_due(session, now=now or utcnow(), notify=notify)

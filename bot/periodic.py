"""The periodic work the scheduler runs: each capability's own use case, given the
time of the runtime's clock. Interval jobs run every few seconds and find what is due
through indexed columns; cron jobs run when CRON_JOBS says."""

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from chat.notifier import OutboxNotifier
from chat.render import Renderer
from models import inbox, outages
from models.board import announcing, channel_trouble, quarterly_report
from models.community import Community, all_communities
from models.hearings import actions as hearings
from models.hotline import deadlines, reports
from models.languages import DEFAULT_LANGUAGE
from models.meetings import notices as meeting_notices
from models.meetings import votes as meeting_votes
from models.messages import Notifier
from models.notices import sending
from models.periodic import Work
from models.proposals import actions as proposals
from models.proposals import deadlines as disclosure_deadlines
from models.supervision import deadlines as inquiry_deadlines
from models.supervision import evaluation_closing
from models.voting import periodic as voting

Job = Callable[[Work], Awaitable[int]]

# name -> (seconds between runs, job); each job returns how many messages it queued
# (or how much it moved on), so the sender is woken only when there is something to send.
INTERVALS: dict[str, tuple[float, Job]] = {
    "broadcasts": (5, sending.start_due),
    "proposals": (60, proposals.lapse),
    "disclosure_deadlines": (300, disclosure_deadlines.remind),
    "hearings": (60, hearings.remind),
    "matters": (30, voting.sweep),
    "meeting_votes": (15, meeting_votes.close_due),
    "meeting_reminders": (60, meeting_notices.remind),
    "disclosures": (30, announcing.announce_due),
    "hotline_deadlines": (60, deadlines.warn_and_escalate),
    "hotline_reports": (600, reports.send_monthly),
    "outages": (60, outages.report_outages),
    "channel_trouble": (60, channel_trouble.tell_channel_trouble),
    "evaluation": (300, evaluation_closing.sweep),
    "inquiries": (60, inquiry_deadlines.sweep),
}
# name -> job, for the names CRON_JOBS may schedule.
CRON: dict[str, Job] = {
    "clean_inbox": inbox.clean,
    "quarterly_report": quarterly_report.publish_quarterly,
}
JOBS: dict[str, Job] = {**{name: job for name, (_, job) in INTERVALS.items()}, **CRON}


async def work_for(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer, *,
                   now: datetime, buttons: Mapping[str, Callable[..., Any]]) -> Work:
    async with sessionmaker() as session:
        communities = await all_communities(session)
    languages = {c.id or 0: c.config.default_language for c in communities}
    zones = {c.id or 0: c.config.timezone for c in communities}

    def notifier(session: AsyncSession, community: Community | None) -> Notifier:
        if community is None:  # work across communities: each recipient's own
            return OutboxNotifier(session, renderer, now=now, default_language=DEFAULT_LANGUAGE,
                                  community_languages=languages, community_zones=zones)
        return OutboxNotifier(session, renderer, now=now, community=community,
                              default_language=community.config.default_language,
                              zone=community.config.timezone)

    return Work(sessionmaker, renderer, now, notifier, buttons)


async def run(name: str, sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer,
              *, now: datetime, buttons: Mapping[str, Callable[..., Any]]) -> int:
    """One job, at the time given."""
    work = await work_for(sessionmaker, renderer, now=now, buttons=buttons)
    return await JOBS[name](work)

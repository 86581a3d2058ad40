"""The disclosure board's sweep: every entry whose publication time has come is posted
to the community's public channel and sent to the residents who subscribed, once (the
claim is a guarded update, so a restart or a second worker does not post it again)."""

from datetime import datetime

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from chat.notifier import OutboxNotifier
from chat.render import Renderer
from models.base import utcnow
from models.board import disclosures
from models.community import Community
from models.messages import Media
from models.outbox import Lane, enqueue

ANNOUNCEMENT = "board/announcement"


async def announce_due(sessionmaker: async_sessionmaker[AsyncSession], renderer: Renderer, *,
                       now: datetime | None = None) -> int:
    now = now or utcnow()
    async with sessionmaker() as session:
        due = await disclosures.due_announcements(session, now)
    announced = 0
    for entry_id in due:
        async with sessionmaker() as session, session.begin():
            entry = await disclosures.claim_announcement(session, entry_id, now)
            if entry is None:
                continue
            community = await session.get(Community, entry.community_id)
            if community is None:
                continue
            media = [Media.from_dict(m) for m in entry.media] or None
            language = community.config.default_language
            channel = community.config.public_channel
            if channel:
                text = renderer.render(language, ANNOUNCEMENT, entry=entry,
                                       community=community)
                # "-100..." is a numeric channel id; "@name" is sent by name.
                numeric = channel.lstrip("-").isdigit()
                enqueue(session, lane=Lane.bulk, chat_id=int(channel) if numeric else 0,
                        chat_username=None if numeric else channel, template=ANNOUNCEMENT,
                        text=text, media=media)
            notify = OutboxNotifier(session, renderer, default_language=language,
                                    community=community)
            for person in await disclosures.subscribers(session, entry.community_id):
                notify(person, ANNOUNCEMENT, entry=entry, media=media)
            announced += 1
    return announced

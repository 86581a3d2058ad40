"""The disclosure board's periodic work: every entry whose publication time has come is
posted to the community's public channel and sent to the residents who subscribed,
once (the claim is a guarded update, so a restart or a second worker does not post it
again)."""

from models.board import disclosures
from models.board.channel_trouble import address
from models.community import Community
from models.messages import Media
from models.outbox import Lane, enqueue
from models.periodic import Work

ANNOUNCEMENT = "board/announcement"


async def announce_due(work: Work) -> int:
    async with work.sessionmaker() as session:
        due = await disclosures.due_announcements(session, work.now)
    announced = 0
    for entry_id in due:
        async with work.sessionmaker() as session, session.begin():
            entry = await disclosures.claim_announcement(session, entry_id, work.now)
            community = await session.get(Community, entry.community_id) if entry else None
            if entry is None or community is None:
                continue
            media = [Media.from_dict(m) for m in entry.media] or None
            if channel := community.config.public_channel:
                text = work.texts.render(community.config.default_language, ANNOUNCEMENT,
                                         entry=entry, community=community)
                chat_id, username = address(channel)
                enqueue(session, lane=Lane.bulk, chat_id=chat_id,
                        chat_username=username, template=ANNOUNCEMENT,
                        text=text, media=media, now=work.now)
            notify = work.notifier(session, community)
            for person in await disclosures.subscribers(session, entry.community_id):
                notify(person, ANNOUNCEMENT, entry=entry, media=media)
            announced += 1
    return announced

"""A broadcast's periodic work: when its time comes, scheduled -> sending with one
delivery per recipient written in the same transaction; and how long it has left."""

import logging
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models.community import Community
from models.languages import DEFAULT_LANGUAGE, pick_language
from models.notices import broadcasts
from models.notices.broadcasts import Broadcast, Progress
from models.outbox import Lane, enqueue, enqueue_many
from models.people.persons import Person
from models.periodic import Texts, Work

log = logging.getLogger(__name__)
NOTICE = "broadcasts/notice"
PROGRESS = "broadcasts/progress"


async def start_due(work: Work) -> int:
    async with work.sessionmaker() as session, session.begin():
        claimed = await broadcasts.claim_due(session, now=work.now)
        for broadcast in claimed:
            await _expand(session, work.texts, broadcast, work.now)
    return len(claimed)


async def _expand(session: AsyncSession, texts: Texts, broadcast: Broadcast,
                  now: datetime) -> None:
    community = await session.get(Community, broadcast.community_id)
    default = community.config.default_language if community else DEFAULT_LANGUAGE
    if broadcast.progress_delivery_id is None:  # scheduled: its author follows it from now
        await _progress_message(session, texts, broadcast, default, now)
    rendered: dict[str, str] = {}
    rows: list[dict[str, Any]] = []
    for person in await broadcasts.recipients(session, broadcast):
        language = pick_language(person.language, person.telegram_language, default)
        if language not in rendered:  # render once per language, not once per resident
            rendered[language] = texts.render(language, NOTICE, broadcast=broadcast,
                                              community=community)
        rows.append({"chat_id": person.telegram_id, "person_id": person.id, "template": NOTICE,
                     "broadcast_id": broadcast.id, "text": rendered[language], "markup": None,
                     "urgent": broadcast.urgent, "media": broadcast.media or None})
    await enqueue_many(session, rows, now=now)
    broadcast.total = len(rows)
    log.info("broadcast %s: %s deliveries queued", broadcast.id, len(rows))


async def _progress_message(session: AsyncSession, texts: Texts, broadcast: Broadcast,
                            default: str, now: datetime) -> None:
    author = await session.get(Person, broadcast.author_id)
    if author is None:
        return
    language = pick_language(author.language, author.telegram_language, default)
    text = texts.render(language, PROGRESS, broadcast=broadcast,
                        progress=Progress(0, 0, 0, 0), finished=False, minutes_left=None)
    # Written before the notice's deliveries, so it goes out ahead of them.
    delivery = enqueue(session, lane=Lane.bulk, chat_id=author.telegram_id, text=text,
                       template=PROGRESS, person_id=author.id, now=now)
    await session.flush()
    broadcast.progress_delivery_id = delivery.id


def minutes_left(broadcast: Broadcast, progress: Progress, now: datetime) -> int | None:
    if broadcast.started_at is None or progress.finished == 0 or progress.complete:
        return None
    elapsed = (now - broadcast.started_at).total_seconds()
    rate = progress.finished / max(elapsed, 1e-3)
    return max(1, round((progress.total - progress.finished) / rate / 60))

"""What each broadcast's progress message should say now, and where that message is.
The runtime renders it and edits the message in place when its text changes; the last
edit, once every delivery is done, is the final report, with a button to send the
failed messages again when some were given up."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from models.languages import pick_language
from models.messages import Button
from models.notices import broadcasts
from models.notices.broadcasts import Broadcast
from models.notices.sending import PROGRESS, minutes_left
from models.outbox import Delivery
from models.people.persons import Person

TEMPLATE = PROGRESS
RETRY_BUTTONS = "broadcasts.retry"  # the handler layer's button under a final report
RetryButtons = Callable[[int, int], list[list[Button]]]  # broadcast id, failed messages


@dataclass(frozen=True)
class ProgressMessage:
    """One author's progress message and the parameters of its TEMPLATE."""
    broadcast_id: int
    chat_id: int
    message_id: int
    language: str
    params: dict[str, Any]
    buttons: list[list[Button]] | None = None


async def progress_messages(session: AsyncSession, *, now: datetime,
                            retry: RetryButtons) -> list[ProgressMessage]:
    """Finishes the broadcasts whose deliveries are all done, and says what every
    broadcast in progress shows its author; a final report with failed messages offers
    to send them again."""
    found = []
    for broadcast in await broadcasts.in_progress(session):
        progress = await broadcasts.progress(session, broadcast)
        finished = progress.complete and await broadcasts.finish(session, broadcast, now=now)
        target = await _message_of(session, broadcast)
        if target is None:
            continue
        chat_id, message_id, language = target
        found.append(ProgressMessage(
            broadcast.id or 0, chat_id, message_id, language,
            {"broadcast": broadcast, "progress": progress, "finished": finished,
             "minutes_left": minutes_left(broadcast, progress, now)},
            retry(broadcast.id or 0, progress.failed) if finished and progress.failed
            else None))
    return found


async def _message_of(session: AsyncSession,
                      broadcast: Broadcast) -> tuple[int, int, str] | None:
    if broadcast.progress_delivery_id is None:
        return None
    delivery = await session.get(Delivery, broadcast.progress_delivery_id)
    author = await session.get(Person, broadcast.author_id)
    if delivery is None or delivery.message_id is None or author is None:
        return None
    language = pick_language(author.language, author.telegram_language)
    return delivery.chat_id, delivery.message_id, language

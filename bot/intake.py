"""Where updates enter: stored in the inbox, deduplicated by update_id, before the
engine confirms them to Telegram (getUpdates offset or a webhook's 200). A database
that is locked or unreachable for a while delays them: storing is retried until it
works, and the offset does not move meanwhile."""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.reception import Reception
from bot.supervision import until_done
from chat.incoming import Incoming
from models import inbox

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rejected:
    """An update the engine could not read: kept with its body for the operator."""
    update_id: int
    raw: dict[str, Any]
    error: str


class Intake:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession],
                 on_stored: Callable[[Sequence[Incoming]], None], *, clock: Clock,
                 announce: bool = False) -> None:
        self.sessionmaker, self.clock = sessionmaker, clock
        self.on_stored = on_stored
        self.announce = announce  # other processes handle some chats: tell them
        self.rejected = 0  # updates set aside as unreadable since the start
        self.reception = Reception()  # polling and the webhook say when they reach Telegram

    async def accept(self, updates: Sequence[Incoming],
                     rejected: Sequence[Rejected] = ()) -> None:
        if not updates and not rejected:
            return
        rows = [{"update_id": u.update_id, "chat_id": u.chat_id, "payload": u.to_dict()}
                for u in updates]
        set_aside = [{"update_id": r.update_id, "raw": r.raw, "error": r.error}
                     for r in rejected]
        await until_done("storing received updates",
                         lambda: self._store(rows, set_aside, announce=bool(updates)))
        for each in rejected:
            log.error("update %s could not be read and was set aside: %s", each.update_id,
                      each.error)
        self.rejected += len(rejected)
        if updates:
            self.on_stored(updates)  # stored: the processor may start on them at once

    async def _store(self, rows: list[dict[str, Any]], set_aside: list[dict[str, Any]], *,
                     announce: bool) -> None:
        async with self.sessionmaker() as session, session.begin():
            now = self.clock.now()
            await inbox.store(session, rows, now=now)
            await inbox.store_rejected(session, set_aside, now=now)
            if self.announce and announce:
                await inbox.announce(session)

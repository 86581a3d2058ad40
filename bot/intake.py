"""Where updates enter: stored in the inbox, deduplicated by update_id, before the
engine confirms them to Telegram (getUpdates offset or a webhook's 200). A database
that is locked or unreachable for a while delays them: storing is retried until it
works, and the offset does not move meanwhile."""

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.supervision import until_done
from chat.incoming import Incoming
from models import inbox


class Intake:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession],
                 on_stored: Callable[[Sequence[Incoming]], None], *,
                 announce: bool = False) -> None:
        self.sessionmaker = sessionmaker
        self.on_stored = on_stored
        self.announce = announce  # other processes handle some chats: tell them

    async def accept(self, updates: Sequence[Incoming]) -> None:
        if not updates:
            return
        rows = [{"update_id": u.update_id, "chat_id": u.chat_id, "payload": u.to_dict()}
                for u in updates]
        await until_done("storing received updates", lambda: self._store(rows))
        self.on_stored(updates)  # stored: the processor may start on them at once

    async def _store(self, rows: list[dict[str, Any]]) -> None:
        async with self.sessionmaker() as session, session.begin():
            await inbox.store(session, rows)
            if self.announce:
                await inbox.announce(session)

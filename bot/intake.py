"""Where updates enter: stored in the inbox, deduplicated by update_id, before the
engine confirms them to Telegram (getUpdates offset or a webhook's 200)."""

from collections.abc import Callable, Sequence

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

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
        async with self.sessionmaker() as session, session.begin():
            await inbox.store(session, rows)
            if self.announce:
                await inbox.announce(session)
        self.on_stored(updates)  # stored: the processor may start on them at once

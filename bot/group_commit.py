"""Group commit: updates that arrive while a transaction is open share the next one
instead of taking one each.

SQLite has a single writer, so updates queue for its connection anyway; what each one
paid on top of its own statements was a transaction (BEGIN IMMEDIATE, COMMIT, the pool
and session bookkeeping; on PostgreSQL a commit also waits for its WAL flush). Every
update still gets its own session, and nothing is answered before the shared COMMIT.
If any update of the group fails, the whole group is rolled back, so nothing of it was
written or sent, and each update is then run again in a transaction of its own: the
failing one rolls back alone, as it would have without grouping."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.incoming import Incoming

log = logging.getLogger(__name__)

T = TypeVar("T")
InSession = Callable[[AsyncSession, Incoming], Awaitable[T]]
Alone = Callable[[Incoming], Awaitable[T]]


class GroupCommit(Generic[T]):
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession], *,
                 in_session: InSession[T], alone: Alone[T], limit: int = 64,
                 parallel: int = 1) -> None:
        self.sessionmaker = sessionmaker
        self.in_session = in_session  # one update's work in an open session; may raise
        self.alone = alone  # one update in a transaction of its own; never raises
        self.limit = limit
        self.parallel = parallel  # groups in flight at once, each on its own connection
        self._waiting: list[tuple[Incoming, asyncio.Future[T]]] = []
        self._runners: set[asyncio.Task[None]] = set()

    async def run(self, incoming: Incoming) -> T:
        """The update's result once the transaction it shared has committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._waiting.append((incoming, future))
        if len(self._runners) < self.parallel:
            runner = asyncio.create_task(self._run())
            self._runners.add(runner)
            runner.add_done_callback(self._runners.discard)
        return await future

    async def _run(self) -> None:
        group: list[tuple[Incoming, asyncio.Future[T]]] = []
        try:
            while self._waiting:
                group, self._waiting = self._waiting[:self.limit], self._waiting[self.limit:]
                try:
                    results = await self._together([incoming for incoming, _ in group])
                except Exception:
                    if len(group) > 1:
                        log.info("a group of %s updates failed; each runs alone", len(group))
                    await self._each_alone(group)
                    continue
                for (_, future), result in zip(group, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        except asyncio.CancelledError:
            for _, future in group + self._waiting:
                future.cancel()  # only those still waiting
            self._waiting = []
            raise
        finally:
            for _, future in group:
                future.cancel()  # none, unless something above went wrong

    async def _together(self, updates: list[Incoming]) -> list[T]:
        results = []
        engine: AsyncEngine = self.sessionmaker.kw["bind"]
        async with engine.connect() as connection, connection.begin():
            for incoming in updates:
                # Its own session; its commit flushes it into the shared transaction and
                # its rollback (any error) rolls back the group.
                session = self.sessionmaker(bind=connection,
                                            join_transaction_mode="rollback_only")
                async with session, session.begin():
                    results.append(await self.in_session(session, incoming))
        return results

    async def _each_alone(self, group: list[tuple[Incoming, asyncio.Future[T]]]) -> None:
        for incoming, future in group:
            try:
                result = await self.alone(incoming)
            except Exception as error:
                if not future.done():
                    future.set_exception(error)
                continue
            if not future.done():
                future.set_result(result)

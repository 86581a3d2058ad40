"""A process that does not receive updates itself learns of new ones from PostgreSQL:
the receiving process NOTIFYs when it stores them, and this LISTENs."""

import asyncio
import logging
from collections.abc import Callable

import asyncpg
from sqlalchemy.engine import make_url

from models.inbox import NEW_UPDATES

log = logging.getLogger(__name__)
RECONNECT_SECONDS = 1.0


def asyncpg_dsn(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(
        hide_password=False)


async def listen(database_url: str, on_new: Callable[[], None]) -> None:
    """Call `on_new` at each notification, until cancelled; reconnects when the
    connection drops, and calls it once more each time, for what came meanwhile."""
    while True:
        try:
            connection = await asyncpg.connect(asyncpg_dsn(database_url))
        except (OSError, asyncpg.PostgresError) as error:
            log.warning("cannot listen for new updates: %s", error)
        else:
            await _listen_on(connection, on_new)
            log.warning("lost the connection listening for new updates; reconnecting")
        await asyncio.sleep(RECONNECT_SECONDS)


async def _listen_on(connection: asyncpg.Connection, on_new: Callable[[], None]) -> None:
    lost = asyncio.Event()
    try:
        connection.add_termination_listener(lambda _: lost.set())
        await connection.add_listener(NEW_UPDATES, lambda *_: on_new())
        on_new()
        await lost.wait()
    finally:
        if not connection.is_closed():
            await connection.close()

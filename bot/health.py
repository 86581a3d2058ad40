"""What `/healthz` on the board's port says, for a supervisor or a load balancer: the
state of each supervised loop and of the scheduler, how many updates were set aside as
unreadable, and how long the oldest update has waited in the inbox. Healthy means
every loop and the scheduler run; a database that is away shows in `database` and in
the inbox's age, and the loops wait it out."""

import asyncio
from typing import Any

from bot.database import unavailable
from bot.runtime import Runtime
from models import inbox

DATABASE_WAIT = 2.0  # seconds: a health check must answer while the database is away


async def report(runtime: Runtime) -> dict[str, Any]:
    scheduling = runtime.scheduler.running or not runtime.part.first  # the first schedules
    waited, database = await _oldest_pending(runtime)
    return {
        "ok": runtime.health.ok and scheduling,
        "loops": {name: {"running": state.running, "restarts": state.restarts,
                         "last_error": state.last_error}
                  for name, state in sorted(runtime.health.loops.items())},
        "scheduler": {"running": runtime.scheduler.running},
        "rejected_updates": runtime.rejected_updates,
        "oldest_pending_seconds": waited,
        "database": database,
    }


async def _oldest_pending(runtime: Runtime) -> tuple[float | None, str]:
    """Seconds the oldest pending update has waited (None: none waits), and whether the
    database answered."""
    try:
        async with asyncio.timeout(DATABASE_WAIT), runtime.sessionmaker() as session:
            received = await inbox.oldest_pending(session)
    except Exception as error:
        if isinstance(error, TimeoutError) or unavailable(error):
            return None, "unreachable"
        raise
    if received is None:
        return None, "ok"
    return round((runtime.clock.now() - received).total_seconds(), 1), "ok"

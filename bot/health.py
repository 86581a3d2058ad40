"""What `/healthz` and `/metrics` on the board's port say, for a supervisor, a load
balancer or Prometheus: the state of each supervised loop and of the scheduler, whether
updates still come in (polling or the webhook), whether the database answers, how long
the oldest update has waited in the inbox, and how many messages wait in the outbox and
since when. Healthy means every loop and the scheduler run and long polling reaches
Telegram; a database that is away shows in `database` and in the ages, and the loops
wait it out."""

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.database import unavailable
from bot.metrics import Gauge
from bot.runtime import Runtime
from models import inbox, outbox

DATABASE_WAIT = 2.0  # seconds: a health check must answer while the database is away
# Long polling that has not reached Telegram for this long is not receiving: a network
# or a token problem that the loop's own retries do not cure.
RECEIVING_STALE_SECONDS = 120.0


@dataclass
class Backlogs:
    inbox_waited: float | None = None  # seconds; None: nothing waits, or not known
    outbox_pending: int | None = None
    outbox_waited: float | None = None
    database: str = "ok"


async def report(runtime: Runtime) -> dict[str, Any]:
    scheduling = runtime.scheduler.running or not runtime.part.first  # the first schedules
    backlogs = await _backlogs(runtime)
    receiving = _receiving(runtime)
    return {
        "ok": runtime.health.ok and scheduling and receiving["alive"],
        "loops": {name: {"running": state.running, "restarts": state.restarts,
                         "last_error": state.last_error}
                  for name, state in sorted(runtime.health.loops.items())},
        "receiving": receiving,
        "scheduler": {"running": runtime.scheduler.running},
        "rejected_updates": runtime.rejected_updates,
        "oldest_pending_seconds": backlogs.inbox_waited,
        "outbox": {"pending": backlogs.outbox_pending,
                   "oldest_pending_seconds": backlogs.outbox_waited},
        "database": backlogs.database,
    }


def _receiving(runtime: Runtime) -> dict[str, Any]:
    reception = runtime.intake.reception
    loop = runtime.health.loops.get("receiving")
    failing = _age(runtime, reception.failing_since)
    stale = (reception.mode == "polling" and failing is not None
             and failing > RECEIVING_STALE_SECONDS)
    return {"mode": reception.mode, "alive": bool(loop and loop.running) and not stale,
            "last_contact_seconds": _age(runtime, reception.last_contact),
            "failing_seconds": failing}


async def _backlogs(runtime: Runtime) -> Backlogs:
    """The inbox's and the outbox's waiting, and whether the database answered."""
    try:
        async with asyncio.timeout(DATABASE_WAIT), runtime.sessionmaker() as session:
            received = await inbox.oldest_pending(session)
            pending, written = await outbox.backlog(session)
    except Exception as error:
        if isinstance(error, TimeoutError) or unavailable(error):
            return Backlogs(database="unreachable")
        raise
    return Backlogs(_age(runtime, received), pending, _age(runtime, written))


def _age(runtime: Runtime, since: datetime | None) -> float | None:
    if since is None:
        return None
    return round((runtime.clock.now() - since).total_seconds(), 1)


async def metrics(runtime: Runtime) -> str:
    """The counters the runtime keeps, and the gauges read from this moment's report."""
    now = await report(runtime)
    outbox_now, receiving = now["outbox"], now["receiving"]
    gauges = [
        Gauge("yishi_outbox_pending", "Messages waiting in the outbox.",
              samples=[((), outbox_now["pending"])]),
        Gauge("yishi_outbox_oldest_pending_seconds",
              "Age of the oldest message waiting in the outbox (0: none waits).",
              samples=[((), outbox_now["oldest_pending_seconds"] or
                        (0.0 if outbox_now["pending"] is not None else None))]),
        Gauge("yishi_inbox_oldest_pending_seconds",
              "Age of the oldest update waiting in the inbox (0: none waits).",
              samples=[((), now["oldest_pending_seconds"] or
                        (0.0 if now["database"] == "ok" else None))]),
        Gauge("yishi_up", "1 while the bot is healthy (what /healthz answers 200 to).",
              samples=[((), float(now["ok"]))]),
        Gauge("yishi_database_up", "1 while the database answers.",
              samples=[((), float(now["database"] == "ok"))]),
        Gauge("yishi_receiving_up", "1 while updates come in (polling or the webhook).",
              ("mode",), samples=[((receiving["mode"],), float(receiving["alive"]))]),
        Gauge("yishi_scheduler_up", "1 while the scheduler runs.",
              samples=[((), float(now["scheduler"]["running"]))]),
        Gauge("yishi_loop_up", "1 while a supervised loop runs.", ("loop",),
              samples=[((name,), float(loop["running"])) for name, loop in
                       now["loops"].items()]),
        Gauge("yishi_loop_restarts", "Times a supervised loop was started again.",
              ("loop",), samples=[((name,), loop["restarts"]) for name, loop in
                                  now["loops"].items()]),
        Gauge("yishi_rejected_updates", "Updates set aside as unreadable since the start.",
              samples=[((), now["rejected_updates"])]),
    ]
    return runtime.metrics.exposition(gauges)

"""Long polling, the same for both engines: fetch the updates as raw JSON, read each
one on its own, store them, only then move the offset.

Reading each update on its own is what keeps one malformed update (a field of the
wrong type, a shape the library does not know) from stopping all the others: a
library that reads the batch as a whole fails on it, the offset never moves past it,
and Telegram sends the same batch again for ever. Here it is set aside as rejected,
with its body, and the offset moves past it."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.intake import Intake, Rejected
from bot.supervision import Backoff, Trouble
from bot.transport import RetryAfter, TransportError
from chat.incoming import Incoming
from models.base import is_telegram_id

log = logging.getLogger(__name__)
Fetch = Callable[[int | None], Awaitable[list[Any]]]
Parse = Callable[[dict[str, Any]], Incoming | None]  # raises on an update it cannot read


@dataclass
class Batch:
    accepted: list[Incoming] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    offset: int | None = None  # the next offset: past every update of the batch


def read_batch(raw_updates: list[Any], parse: Parse) -> Batch:
    batch, ids = Batch(), []
    for raw in raw_updates:
        update_id = raw.get("update_id") if isinstance(raw, dict) else None
        if not is_telegram_id(update_id):  # nothing to confirm, nor to store it under
            log.error("update without a readable update_id skipped: %.500r", raw)
            continue
        ids.append(update_id)
        try:
            incoming = parse(raw)
        except Exception as error:  # whatever the library raises on it
            batch.rejected.append(Rejected(update_id, raw, repr(error)))
            continue
        if incoming is not None:
            batch.accepted.append(incoming)
    batch.offset = max(ids) + 1 if ids else None
    return batch


async def receive(raw_updates: list[Any], parse: Parse, intake: Intake) -> int | None:
    """Store one batch; returns the offset that confirms it (None: nothing to confirm)."""
    batch = read_batch(raw_updates, parse)
    await intake.accept(batch.accepted, rejected=batch.rejected)
    return batch.offset


async def poll(fetch: Fetch, parse: Parse, intake: Intake) -> None:
    offset: int | None = None
    trouble, backoff = Trouble("getUpdates"), Backoff(cap=10.0)
    while True:
        try:
            raw_updates = await fetch(offset)
        except TransportError as error:  # 5xx, drops, timeouts, answers that are not JSON
            trouble.failed(error)
            intake.reception.failed(intake.clock.now())
            await asyncio.sleep(error.seconds if isinstance(error, RetryAfter)
                                else backoff.next())
            continue
        except Exception:  # a refusal (a revoked token): the loop ends and starts again
            intake.reception.failed(intake.clock.now())
            raise
        trouble.recovered()
        backoff.reset()
        intake.reception.reached(intake.clock.now())
        confirmed = await receive(raw_updates, parse, intake)
        offset = offset if confirmed is None else confirmed

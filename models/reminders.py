"""Reminders sent once per offset before a moment (a vote's close, a meeting's start).
Each offset sent is a row whose primary key refuses a second one, so two workers
sweeping at once remind once; when several offsets fell due together (the bot was
down) only one reminder goes, for the nearest."""

from collections.abc import Callable, Collection

from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


async def claim(session: AsyncSession, *, due: list[int], sent: Collection[int],
                row: Callable[[int], SQLModel]) -> bool:
    """Record the due offsets (hours before) not sent yet; true when this caller is to
    send the reminder of the nearest one."""
    fresh = [hours for hours in due if hours not in sent]
    if not fresh:
        return False
    try:
        async with session.begin_nested():
            session.add_all(row(hours) for hours in fresh)
    except IntegrityError:
        return False  # another worker is sending them
    return min(fresh) == min(due)

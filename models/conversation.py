"""Conversation state lives in the database so a dialogue survives a restart."""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import json_column, timestamp


class Conversation(SQLModel, table=True):
    user_id: int = Field(
        sa_column=sa.Column(sa.BigInteger(), primary_key=True, autoincrement=False)
    )
    step: str | None = None
    data: dict[str, Any] = json_column()
    updated_at: datetime = timestamp()


async def load(session: AsyncSession, user_id: int, *, now: datetime) -> Conversation:
    conversation = await session.get(Conversation, user_id)
    if conversation is None:
        conversation = Conversation(user_id=user_id, data={}, updated_at=now)
        session.add(conversation)
    return conversation


def store(conversation: Conversation, step: str, data: dict[str, Any], *,
          now: datetime) -> None:
    """Move to a step with the dialogue's whole draft (as JSON), replacing the last."""
    conversation.step = step
    conversation.data = data  # a new dict each time, so the ORM sees the change
    conversation.updated_at = now


def finish(conversation: Conversation, *, now: datetime) -> None:
    conversation.step = None
    conversation.data = {}
    conversation.updated_at = now

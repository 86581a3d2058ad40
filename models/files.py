"""Files the bot produced (charts, calendar entries) kept in the database, so whichever
sender process delivers a message can upload them. After the first upload Telegram's
file_id is kept and reused, so a notice to a thousand people uploads its file once."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, col, update
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import timestamp

MAX_BYTES = 10 * 1024 * 1024  # Telegram takes photos up to 10 MB; keep documents the same


class StoredFile(SQLModel, table=True):
    __tablename__ = "stored_file"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    data: bytes = Field(sa_column=sa.Column(sa.LargeBinary(), nullable=False))
    telegram_file_id: str | None = Field(default=None, max_length=255)
    created_at: datetime = timestamp()


async def store(session: AsyncSession, *, name: str, content_type: str,
                data: bytes, now: datetime) -> StoredFile:
    if len(data) > MAX_BYTES:
        raise ValueError(f"{name}: {len(data)} bytes is more than Telegram accepts")
    stored = StoredFile(name=name, content_type=content_type, data=data, created_at=now)
    session.add(stored)
    await session.flush()
    return stored


async def remember_upload(session: AsyncSession, file_id: int, telegram_file_id: str) -> None:
    await session.exec(update(StoredFile).where(col(StoredFile.id) == file_id,
                                                col(StoredFile.telegram_file_id).is_(None))
                       .values(telegram_file_id=telegram_file_id))

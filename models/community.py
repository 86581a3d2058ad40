"""The community row: a validated community file, stored so every worker shares it."""

import time
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from models.base import timestamp
from models.community_file import Community as CommunityFile
from models.community_reading import parse_community


class Community(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(32), unique=True, nullable=False))
    name: str
    join_code: str = Field(index=True)
    timezone: str = "Asia/Shanghai"
    source_text: str = Field(default="", sa_column=sa.Column(sa.Text(), nullable=False))
    updated_at: Any = timestamp()

    @property
    def config(self) -> CommunityFile:
        return _parse_document(self.source_text, self.code)


@lru_cache(maxsize=64)
def _parse_document(text: str, code: str) -> CommunityFile:
    return parse_community(text, source=f"community {code}")


async def by_code(session: AsyncSession, code: str) -> Community | None:
    return (await session.exec(select(Community).where(Community.code == code))).first()


async def by_join_code(session: AsyncSession, join_code: str) -> Community | None:
    return (await session.exec(select(Community).where(Community.join_code == join_code))).first()


async def all_communities(session: AsyncSession) -> list[Community]:
    return list((await session.exec(select(Community).order_by(Community.code))).all())


class CommunityCache:
    """Communities change only when a community file is loaded; every update needs
    one. Kept for a minute, so a `seed` reaches running workers soon enough."""

    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._rows: dict[int, Community] = {}
        self._loaded_at = -ttl

    async def of(self, session: AsyncSession, community_id: int | None) -> Community | None:
        """The person's community; with a single community, also for newcomers."""
        if time.monotonic() - self._loaded_at > self.ttl:
            rows = await all_communities(session)
            for row in rows:
                # Out of this update's session: a rollback of it would expire them for
                # every update served from the cache until the next reload.
                session.expunge(row)
            self._rows = {row.id or 0: row for row in rows}
            self._loaded_at = time.monotonic()
        if community_id is not None:
            return self._rows.get(community_id)
        return next(iter(self._rows.values())) if len(self._rows) == 1 else None

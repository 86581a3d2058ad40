"""Shared column types: every time is stored and returned as timezone-aware UTC."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeGuard

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata
metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator[datetime]):
    """SQLite drops the offset; PostgreSQL keeps it. Both come back as aware UTC."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store aware UTC times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class StrEnumType(sa.TypeDecorator[StrEnum]):
    """A StrEnum stored as its plain value in a VARCHAR and read back as the enum."""

    impl = sa.String(32)
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: StrEnum | str | None, dialect: Any) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: str | None, dialect: Any) -> StrEnum | None:
        return None if value is None else self.enum(value)


def enum_column(enum: type[StrEnum], default: StrEnum | None = None) -> Any:
    column: sa.Column[Any] = sa.Column(StrEnumType(enum), nullable=False)
    return Field(default=default, sa_column=column) if default else Field(sa_column=column)


def timestamp(*, index: bool = False, nullable: bool = False) -> Any:
    """A time column. No default: whoever writes the row sets it from the time the runtime
    gave them, so that a test's clock, not the wall clock, stamps what the test writes."""
    column: sa.Column[datetime] = sa.Column(UTCDateTime(), nullable=nullable, index=index)
    return Field(default=None, sa_column=column) if nullable else Field(sa_column=column)


def is_telegram_id(value: object) -> TypeGuard[int]:
    """An integer a BIGINT column holds (a bool is no id, though Python says it is an int)."""
    return isinstance(value, int) and not isinstance(value, bool) and -2**63 <= value < 2**63


def telegram_id(*, unique: bool = False, index: bool = False, nullable: bool = False) -> Any:
    # Telegram ids exceed 32 bits.
    return Field(
        default=None if nullable else ...,
        sa_column=sa.Column(sa.BigInteger(), unique=unique, index=index, nullable=nullable),
    )


def json_column(*, nullable: bool = False) -> Any:
    default: Any = None if nullable else dict
    column = sa.Column(sa.JSON(), nullable=nullable)
    if nullable:
        return Field(default=None, sa_column=column)
    return Field(default_factory=default, sa_column=column)

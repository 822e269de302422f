"""The declarative base every CareLoop table shares, and the column types they are built from."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Constraint names come from the convention, never from the database, so a migration written
# against SQLite names the same constraints on PostgreSQL and batch mode can find them again.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current instant as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """`DateTime(timezone=True)` that only accepts aware datetimes and always returns UTC.

    SQLite has no time zone support, so values are normalised to naive UTC on the way in (which
    also keeps `UNIQUE (schedule_id, scheduled_at_utc)` meaningful there) and marked UTC on the
    way out. A naive datetime is refused rather than guessed at: its zone is unknowable here.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()} refused: pass an aware datetime "
                "(for example datetime.now(UTC)); CareLoop stores every instant in UTC"
            )
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def str_enum(enum_class: type[enum.StrEnum], column_name: str, length: int = 32) -> sa.Enum:
    """A VARCHAR holding the enum's values, with a CHECK named `ck_<table>_<column_name>`.

    Not a native PostgreSQL ENUM: adding a value is then a plain constraint swap in a batch
    migration that works the same on SQLite.
    """
    return sa.Enum(
        enum_class,
        name=column_name,
        native_enum=False,
        create_constraint=True,
        length=length,
        validate_strings=True,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    """Shared metadata for all CareLoop tables (and nothing else: Rasa's `events` is not ours)."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - read once by SQLAlchemy at class creation
        datetime: UTCDateTime(),
        dict[str, Any]: sa.JSON(),
        list[Any]: sa.JSON(),
    }


class CreatedAtMixin:
    # sort_order puts the timestamps after the table's own columns.
    created_at: Mapped[datetime] = mapped_column(
        default=utcnow, server_default=sa.func.now(), sort_order=100
    )


class TimestampsMixin(CreatedAtMixin):
    updated_at: Mapped[datetime] = mapped_column(
        default=utcnow, onupdate=utcnow, server_default=sa.func.now(), sort_order=101
    )

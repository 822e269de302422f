"""Alembic environment for CareLoop. Run through `python -m bot.db.migrate`, which supplies the URL.

Only our own tables are managed: Rasa's tracker store keeps its `events` table in the same
database, and `include_object` keeps autogenerate from ever proposing to drop it.
"""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool

from bot.db.engine import engine_for_url
from bot.db.migrate import include_object
from bot.db.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        include_object=include_object,
        compare_type=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    """Print the SQL instead of running it: `command.upgrade(alembic_config(s), "head", sql=True)`."""
    _configure(
        url=config.get_main_option("sqlalchemy.url"),
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_on(connection: Connection) -> None:
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: run migrations with `python -m bot.db.migrate`")
    engine = engine_for_url(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # Batch mode rebuilds a table by copying it and dropping the original; with
                # foreign keys on, that DROP would cascade-delete the child rows. The pragma is
                # ignored inside a transaction, so it is set before Alembic begins one (and the
                # connection is never reused: NullPool).
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            _run_on(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

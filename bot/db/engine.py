"""Engines and sessions, built from `Settings` on demand (never at import time)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings

SQLITE_BUSY_TIMEOUT_MS = 10_000


def make_engine(settings: Settings) -> Engine:
    """The engine for `settings.database_url`, SQLite (local mode) or PostgreSQL."""
    return engine_for_url(settings.db_url)


def engine_for_url(url: str | URL, **engine_kwargs: Any) -> Engine:
    """Like `make_engine`, from a bare URL (Alembic's env.py and tools that have no Settings)."""
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        _create_sqlite_parent_folder(url)
        engine = create_engine(url, **engine_kwargs)
        event.listen(engine, "connect", _configure_sqlite_connection)
        return engine
    # Connections idle in the pool die when PostgreSQL restarts; check before handing one out.
    return create_engine(url, pool_pre_ping=True, **engine_kwargs)


def _create_sqlite_parent_folder(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite_connection(dbapi_connection: Any, _connection_record: Any) -> None:
    # The action server, reminder worker and console share one file: WAL lets readers go on
    # while one process writes, and the busy timeout makes a writer wait instead of failing.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (actions reply after committing)."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit when the block succeeds, roll back when it raises."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

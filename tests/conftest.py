"""Fixtures every test folder shares: settings for a throwaway SQLite file, and fresh
PostgreSQL databases and Redis connections for the tests that need the real servers.

Tests that use `postgres_url` or `redis_url` are marked `postgres` / `redis` automatically, so
`pytest -m "not postgres"` runs without the servers; without them those tests are skipped
with the reason shown (`pytest -rs`).
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from tests.e2e import prestart

POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", 5432
POSTGRES_ADMIN_DSN = f"postgresql://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/test"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Tests get a Redis database of their own number, emptied before and after each test.
REDIS_TEST_DB = 15
# PostgreSQL URLs switch Settings into production mode, which refuses the default secret.
TEST_CONSOLE_SECRET = "test-console-secret-not-for-production"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _is_e2e(item: pytest.Item) -> bool:
    return Path(str(item.path)).parent.name == "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "postgres_url" in fixtures:
            item.add_marker(pytest.mark.postgres)
        if "redis_url" in fixtures:
            item.add_marker(pytest.mark.redis)
    # End-to-end modules last, so their stacks load while the rest runs (tests/e2e/prestart.py).
    items.sort(key=_is_e2e)


def pytest_collection_finish(session: pytest.Session) -> None:
    modules = {id(item.module): item.module for item in session.items if _is_e2e(item)}  # type: ignore[attr-defined]
    if modules and not session.config.option.collectonly:
        prestart.launch_for(modules.values())


def pytest_sessionfinish(session: pytest.Session) -> None:
    prestart.stop_all()


def _settings_for(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        console_secret_key=SecretStr(TEST_CONSOLE_SECRET),
        _env_file=None,  # type: ignore[call-arg]  # pydantic-settings' init-only option
    )


@pytest.fixture
def make_settings() -> Callable[[str], Settings]:
    """Build test Settings for a database URL (never reading the developer's `.env`)."""
    return _settings_for


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    """Settings pointing at an empty SQLite file in a folder that does not exist yet."""
    return _settings_for(f"sqlite:///{tmp_path / 'var' / 'careloop.db'}")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test, dropped afterwards."""
    if not _reachable(POSTGRES_HOST, POSTGRES_PORT):
        pytest.skip(
            f"PostgreSQL is not reachable at {POSTGRES_HOST}:{POSTGRES_PORT}; start it to run "
            "the postgres-marked tests"
        )
    import psycopg

    name = f"careloop_test_{secrets.token_hex(6)}"
    with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_settings(postgres_url: str) -> Settings:
    return _settings_for(postgres_url)


@pytest.fixture
def redis_url() -> Iterator[str]:
    """redis://127.0.0.1:6379/15, emptied before and after the test."""
    if not _reachable(REDIS_HOST, REDIS_PORT):
        pytest.skip(
            f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}; start it to run the "
            "redis-marked tests"
        )
    import redis

    url = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_TEST_DB}"
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
        yield url
        client.flushdb()
    finally:
        client.close()


@pytest.fixture
def sqlite_session_factory(sqlite_settings: Settings) -> Iterator[sessionmaker[Session]]:
    """Sessions on a SQLite file migrated to head: the usual fixture for code that needs a DB."""
    from bot.db.engine import make_engine, make_session_factory
    from bot.db.migrate import upgrade

    upgrade(sqlite_settings)
    engine = make_engine(sqlite_settings)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()

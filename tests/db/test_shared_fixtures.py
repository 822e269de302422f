"""The server fixtures in tests/conftest.py hand out clean, isolated stores."""

from __future__ import annotations

import redis
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Patient


def test_postgres_url_is_a_fresh_empty_database(postgres_url: str) -> None:
    assert (make_url(postgres_url).database or "").startswith("careloop_test_")
    engine = sa.create_engine(postgres_url)
    try:
        assert sa.inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


def test_redis_url_is_an_empty_working_database(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.dbsize() == 0
        client.set("careloop:test", "1")
        assert client.get("careloop:test") == b"1"
    finally:
        client.close()


def test_sqlite_session_factory_is_migrated(sqlite_session_factory: sessionmaker[Session]) -> None:
    with sqlite_session_factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Patient)) == 0

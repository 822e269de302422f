"""Console fixtures: a migrated SQLite database, the app on it, and a nurse who can sign in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from bot.console.accounts import create_nurse
from bot.console.app import create_app
from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.migrate import upgrade
from bot.settings import Settings
from tests.console.support import NURSE_EMAIL, NURSE_NAME, NURSE_PASSWORD


@pytest.fixture
def settings(sqlite_settings: Settings) -> Settings:
    """`sqlite_settings` (tests/conftest.py) with the database migrated to head."""
    upgrade(sqlite_settings)
    return sqlite_settings


@pytest.fixture
def db(settings: Settings) -> Iterator[sessionmaker[Session]]:
    """Sessions on the database the app uses, to arrange and check rows."""
    engine = make_engine(settings)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings), follow_redirects=False) as client:
        yield client


@pytest.fixture
def nurse_id(db: sessionmaker[Session]) -> int:
    """A nurse account (support.NURSE_EMAIL / NURSE_PASSWORD); its id."""
    with session_scope(db) as session:
        return create_nurse(session, NURSE_EMAIL, NURSE_NAME, NURSE_PASSWORD).id

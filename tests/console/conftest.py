"""Console fixtures: a migrated SQLite database, the app on it, and a nurse who can sign in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from bot.console.accounts import create_nurse
from bot.console.app import create_app
from bot.console.rasa_client import RasaClient
from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.migrate import upgrade
from bot.db.models import NurseRole
from bot.settings import Settings
from tests.console.support import (
    ADMIN_EMAIL,
    NURSE_EMAIL,
    NURSE_NAME,
    NURSE_PASSWORD,
    login,
)


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


@dataclass
class FakeRasa:
    """Rasa's HTTP API at the provider boundary: records each call and answers 200 (or `down`)."""

    calls: list[httpx.Request] = field(default_factory=list)
    down: bool = False

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        self.calls.append(request)
        return httpx.Response(200, json={})

    def events(self) -> list[tuple[str, list[dict[str, Any]], dict[str, str]]]:
        """(path, events, query) for each call."""
        return [
            (call.url.path, json.loads(call.content), dict(call.url.params)) for call in self.calls
        ]


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture
def console(settings: Settings, rasa: FakeRasa) -> Iterator[TestClient]:
    """The app with its Rasa client on `rasa`, not signed in."""
    rasa_client = RasaClient(settings, httpx.Client(transport=httpx.MockTransport(rasa.handle)))
    with TestClient(create_app(settings, rasa=rasa_client), follow_redirects=False) as client:
        yield client


@pytest.fixture
def signed_in(console: TestClient, nurse_id: int) -> TestClient:
    """`console` with the test nurse signed in."""
    assert login(console, NURSE_EMAIL, NURSE_PASSWORD).status_code == 303
    return console


@pytest.fixture
def admin_id(db: sessionmaker[Session]) -> int:
    with session_scope(db) as session:
        return create_nurse(session, ADMIN_EMAIL, "Ada Admin", NURSE_PASSWORD, NurseRole.ADMIN).id

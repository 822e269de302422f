"""The audit trail is append-only in the database itself, not only in our code."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from bot.db.engine import make_engine, make_session_factory
from bot.db.models import AuditEntry, Base
from bot.db.repositories import AuditLog
from bot.settings import Settings


def _recorded_entry(session: Session) -> int:
    entry = AuditLog(session).record("nurse:3", "patient.viewed", patient_id=7, screen="chart")
    session.commit()
    return entry.id


def test_entries_are_recorded(session: Session) -> None:
    entry_id = _recorded_entry(session)
    session.expunge_all()
    (entry,) = AuditLog(session).for_patient(7)
    assert entry.id == entry_id
    assert (entry.actor, entry.action, entry.detail) == (
        "nurse:3",
        "patient.viewed",
        {"screen": "chart"},
    )
    assert entry.occurred_at.utcoffset() is not None


@pytest.mark.parametrize(
    "statement",
    [
        sa.update(AuditEntry).values(action="patient.edited"),
        sa.delete(AuditEntry),
    ],
    ids=["update", "delete"],
)
def test_database_rejects_changes(session: Session, statement: sa.Executable) -> None:
    _recorded_entry(session)
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(statement)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 1


def test_orm_delete_is_rejected_too(session: Session) -> None:
    entry = session.get(AuditEntry, _recorded_entry(session))
    session.delete(entry)
    with pytest.raises(DBAPIError, match="append-only"):
        session.flush()


def test_postgres_rejects_truncate(postgres_settings: Settings) -> None:
    from bot.db.migrate import upgrade

    upgrade(postgres_settings)
    engine = make_engine(postgres_settings)
    try:
        with make_session_factory(engine)() as session:
            _recorded_entry(session)
            with pytest.raises(DBAPIError, match="append-only"):
                session.execute(sa.text("TRUNCATE audit_log"))
    finally:
        engine.dispose()


@pytest.fixture
def created_all_session(db_settings: Settings) -> Iterator[Session]:
    """A database built with create_all instead of migrations, as quick tests may do."""
    engine = make_engine(db_settings)
    Base.metadata.create_all(engine)
    try:
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


def test_create_all_installs_the_same_triggers(created_all_session: Session) -> None:
    _recorded_entry(created_all_session)
    with pytest.raises(DBAPIError, match="append-only"):
        created_all_session.execute(sa.delete(AuditEntry))

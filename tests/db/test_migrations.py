"""The initial migration: up, down and up again, on both databases, beside Rasa's own table."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import make_url

from bot.db.engine import make_engine
from bot.db.migrate import current_revisions, downgrade, include_object, upgrade
from bot.db.models import Base
from bot.settings import PROJECT_ROOT, Settings

_LATEST = max((PROJECT_ROOT / "bot/db/migrations/versions").glob("0*.py"))
# The revision id the latest file declares ("0003", "0004_reminders", ...).
HEAD = re.search(r'^revision: str = "([^"]+)"', _LATEST.read_text(), re.MULTILINE).group(1)  # type: ignore[union-attr]

# The reminder worker's APScheduler job table is created by a migration, outside our metadata.
OUR_TABLES = set(Base.metadata.tables) | {"apscheduler_jobs"}


def _create_rasa_events_table(settings: Settings) -> None:
    """A stand-in for the table Rasa's SQL tracker store creates in the same database."""
    engine = make_engine(settings)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, data TEXT)"
            )
        )
        connection.execute(sa.text("CREATE INDEX ix_events_sender_id ON events (sender_id)"))
        connection.execute(
            sa.text(
                "INSERT INTO events (id, sender_id, type_name, timestamp, data) "
                "VALUES (1, 'abc', 'user', 1.5, '{}')"
            )
        )
    engine.dispose()


def _table_names(settings: Settings) -> set[str]:
    engine = make_engine(settings)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _rasa_rows(settings: Settings) -> list[tuple[object, ...]]:
    engine = make_engine(settings)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(sa.text("SELECT id FROM events"))]
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_leaves_rasa_events_alone(db_settings: Settings) -> None:
    _create_rasa_events_table(db_settings)

    upgrade(db_settings)
    assert _table_names(db_settings) == OUR_TABLES | {"events", "alembic_version"}
    assert current_revisions(db_settings) == (HEAD,)

    downgrade(db_settings, "base")
    assert _table_names(db_settings) == {"events", "alembic_version"}
    assert current_revisions(db_settings) == ()

    upgrade(db_settings, "head")
    assert _table_names(db_settings) == OUR_TABLES | {"events", "alembic_version"}
    assert _rasa_rows(db_settings) == [(1,)]


def test_migration_matches_models(db_settings: Settings) -> None:
    _create_rasa_events_table(db_settings)
    upgrade(db_settings)

    engine = make_engine(db_settings)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_object": include_object, "compare_type": True}
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []


def test_migrations_never_log_the_password(
    postgres_url: str,
    make_settings: Callable[[str], Settings],
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    password = "s3cret-Pa55word"
    url = make_url(postgres_url).set(password=password)
    settings = make_settings(url.render_as_string(hide_password=False))

    with caplog.at_level(logging.DEBUG):
        upgrade(settings)
        downgrade(settings, "base")

    captured = capsys.readouterr()
    assert caplog.records, "expected the migration to log what it did"
    assert password not in caplog.text
    assert password not in captured.out + captured.err


def test_cli_upgrades_and_reports_current_revision(tmp_path: Path) -> None:
    database = tmp_path / "cli" / "careloop.db"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(PROJECT_ROOT),
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot.db.migrate", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    assert run("current").stdout.startswith("none")
    upgraded = run("upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "Running upgrade  -> 0001" in upgraded.stderr
    assert run("current").stdout.strip() == HEAD
    assert run("downgrade", "base").returncode == 0
    assert run("bogus").returncode == 2

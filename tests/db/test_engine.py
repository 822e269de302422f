"""Engines are built on demand with the settings each database needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from bot.db.engine import SQLITE_BUSY_TIMEOUT_MS, make_engine
from bot.settings import PROJECT_ROOT, Settings


def test_sqlite_engine_creates_the_folder_and_configures_each_connection(
    sqlite_settings: Settings,
) -> None:
    database = Path(sqlite_settings.db_url.database or "")
    assert not database.parent.exists()

    engine = make_engine(sqlite_settings)
    try:
        assert database.parent.is_dir()
        with engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA busy_timeout").scalar() == SQLITE_BUSY_TIMEOUT_MS
            assert pragma("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_postgres_engine_pings_pooled_connections(postgres_settings: Settings) -> None:
    engine = make_engine(postgres_settings)
    try:
        assert engine.pool._pre_ping
        with engine.connect() as connection:
            assert connection.execute(sa.text("SELECT 1")).scalar() == 1
    finally:
        engine.dispose()


def test_importing_the_package_touches_no_database(tmp_path: Path) -> None:
    database = tmp_path / "never" / "careloop.db"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    code = "import bot.db, bot.db.engine, bot.db.models, bot.db.repositories, bot.db.migrate"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, check=True)
    assert not database.parent.exists()

"""Apply CareLoop's Alembic migrations without an alembic.ini.

python -m bot.db.migrate upgrade [REVISION]     # default: head
python -m bot.db.migrate downgrade REVISION     # e.g. base, or -1
python -m bot.db.migrate current
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.pool import NullPool

from bot.db.engine import engine_for_url
from bot.settings import Settings, get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

logger = logging.getLogger(__name__)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic filter: only tables in our metadata (and their columns, indexes, constraints).

    Rasa's SQL tracker store creates its own `events` table in the same database; without this
    filter autogenerate would propose dropping it.
    """
    from bot.db.models import Base  # deferred: env.py imports this module during start-up

    if type_ == "table":
        return name in Base.metadata.tables
    table = getattr(obj, "table", None)
    if table is not None:
        return table.name in Base.metadata.tables
    return True


def alembic_config(settings: Settings) -> Config:
    """An Alembic `Config` built in code: our migrations folder and the settings' database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    url = settings.db_url.render_as_string(hide_password=False)
    # ConfigParser treats '%' as interpolation, and URL-encoded passwords contain it.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Migrate the database in `settings` up to `revision`."""
    logger.info("upgrading %s to %s", _safe_url(settings), revision)
    command.upgrade(alembic_config(settings), revision)


def downgrade(settings: Settings, revision: str) -> None:
    """Migrate the database in `settings` down to `revision` ("base" removes every table)."""
    logger.info("downgrading %s to %s", _safe_url(settings), revision)
    command.downgrade(alembic_config(settings), revision)


def current_revisions(settings: Settings) -> tuple[str, ...]:
    """The revision(s) the database is at; empty before the first upgrade."""
    engine = engine_for_url(settings.db_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_heads()
    finally:
        engine.dispose()


def _safe_url(settings: Settings) -> str:
    return settings.db_url.render_as_string(hide_password=True)


USAGE = "usage: python -m bot.db.migrate {upgrade [REVISION] | downgrade REVISION | current}"


def main(argv: list[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = argv[1:]
    if not args:
        print(USAGE, file=sys.stderr)
        return 2
    settings = get_settings()
    match args:
        case ["upgrade"]:
            upgrade(settings)
        case ["upgrade", revision]:
            upgrade(settings, revision)
        case ["downgrade", revision]:
            downgrade(settings, revision)
        case ["current"]:
            revisions = current_revisions(settings)
            print(
                ", ".join(revisions)
                if revisions
                else "none (run: python -m bot.db.migrate upgrade)"
            )
        case _:
            print(USAGE, file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

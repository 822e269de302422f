"""What every action shares: the settings and a database session, created on first use."""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache

from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.settings import get_settings


@cache
def session_factory() -> sessionmaker[Session]:
    return make_session_factory(make_engine(get_settings()))


def database() -> AbstractContextManager[Session]:
    """One transaction: committed when the block ends, rolled back (nothing half-written) on error."""
    return session_scope(session_factory())

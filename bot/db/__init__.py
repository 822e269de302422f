"""CareLoop's database layer: models, repositories and Alembic migrations.

Nothing here connects on import; build an engine with `bot.db.engine.make_engine(settings)`.
"""

from bot.db.engine import make_engine, make_session_factory, session_scope

__all__ = ["make_engine", "make_session_factory", "session_scope"]

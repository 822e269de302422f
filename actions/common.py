"""What every action shares: the settings and a database session, created on first use."""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache

from rasa_sdk import Tracker
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.models import Channel, Conversation
from bot.db.repositories import ConversationRepository
from bot.settings import get_settings


@cache
def session_factory() -> sessionmaker[Session]:
    return make_session_factory(make_engine(get_settings()))


def database() -> AbstractContextManager[Session]:
    """One transaction: committed when the block ends, rolled back (nothing half-written) on error."""
    return session_scope(session_factory())


def channel_of(tracker: Tracker) -> Channel:
    """The tracker's input channel as we store it; `rasa shell` and other tools count as REST."""
    channel = tracker.get_latest_input_channel()
    return Channel(channel) if channel in set(Channel) else Channel.REST


def conversation_for(session: Session, tracker: Tracker) -> Conversation:
    """Our row for this Rasa conversation, created on first sight."""
    return ConversationRepository(session).get_or_create(tracker.sender_id, channel_of(tracker))


def latest_intent(tracker: Tracker) -> str | None:
    intent = (tracker.latest_message or {}).get("intent") or {}
    name = intent.get("name")
    return str(name) if name else None


def latest_text(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text")
    return text if isinstance(text, str) else ""

"""Intake actions, driven the rasa-sdk way: a Tracker in, the exact events out."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

import actions.common
from actions.intake import ActionSaveIntake, ValidateIntakeForm, clean_first_name
from bot.db.engine import make_engine, make_session_factory
from bot.db.migrate import upgrade
from bot.db.models import Conversation, Patient
from bot.settings import Settings


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Maria", "Maria"),
        ("my name is  maria", "Maria"),
        ("I'm Jean-Luc", "Jean-Luc"),
        ("hi, I am Zoë", "Zoë"),
        ("call me O'Neill", "O'Neill"),
        ("THANDIWE", "Thandiwe"),
        ("Mary Jane", "Mary Jane"),
        ("it's Siobhan.", "Siobhan"),
    ],
)
def test_names_are_cleaned(typed: str, name: str) -> None:
    assert clean_first_name(typed) == name


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        None,
        "12345",
        "<script>alert(1)</script>",
        "'; DROP TABLE patients; --",
        "🙂🙂",
        "a" * 41,
        "what can you do for me",
        "thanks",
        "Hello",
        "maria@example.com",
        "1990-01-01",
    ],
)
def test_what_cannot_be_a_name_is_refused(typed: str | None) -> None:
    assert clean_first_name(typed) is None


def tracker(sender: str = "patient-1", slots: dict | None = None, channel: str = "rest") -> Tracker:
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message={"text": "", "intent": {}, "entities": []},
        events=[{"event": "user", "input_channel": channel, "text": "x"}],
        paused=False,
        followup_action=None,
        active_loop={"name": "intake_form"},
        latest_action_name="action_listen",
    )


def test_validation_rejects_with_a_re_ask_and_accepts_a_clean_name() -> None:
    dispatcher = CollectingDispatcher()
    form = ValidateIntakeForm()
    assert form.validate_first_name("<b>x</b>", dispatcher, tracker(), {}) == {"first_name": None}
    assert dispatcher.messages[-1]["response"] == "utter_invalid_first_name"
    dispatcher = CollectingDispatcher()
    result = form.validate_first_name("my name is ana", dispatcher, tracker(), {})
    assert result == {"first_name": "Ana"} and dispatcher.messages == []


@pytest.fixture
def migrated_settings(sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    upgrade(sqlite_settings)
    actions.common.session_factory.cache_clear()
    monkeypatch.setattr(actions.common, "get_settings", lambda: sqlite_settings)
    yield sqlite_settings
    actions.common.session_factory.cache_clear()


def test_save_intake_stores_the_name_and_links_the_conversation(
    migrated_settings: Settings,
) -> None:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ActionSaveIntake().run(dispatcher, tracker("web-1", {"first_name": "Ana"}, "socketio"), {})
    )
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_intake_saved"
    with make_session_factory(make_engine(migrated_settings))() as session:
        conversation = session.scalars(select(Conversation)).one()
        assert (conversation.sender_id, conversation.channel) == ("web-1", "socketio")
        assert session.get(Patient, conversation.patient_id).first_name == "Ana"


def test_save_intake_apologises_and_writes_nothing_when_the_database_fails(
    sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not migrated: the tables do not exist, so the insert fails inside the transaction.
    actions.common.session_factory.cache_clear()
    monkeypatch.setattr(actions.common, "get_settings", lambda: sqlite_settings)
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSaveIntake().run(dispatcher, tracker(slots={"first_name": "A"}), {}))
    actions.common.session_factory.cache_clear()
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_save_failed"

"""Intake: who the patient is. For now the first name; issue #4 adds the remaining fields."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.common import channel_of, database
from bot.db.repositories import PatientRepository

logger = logging.getLogger(__name__)

MAX_NAME_LENGTH = 40
MAX_NAME_WORDS = 3
# What people type around a name when the form asks "What's your first name?".
NAME_PREAMBLE = re.compile(
    r"^(?:(?:hi|hello|hey)[,!.\s]+)?(?:my\s+(?:first\s+)?name\s+is|my\s+name'?s|name\s+is|i'?m|"
    r"i\s+am|call\s+me|it'?s|it\s+is|this\s+is)\s+",
    re.IGNORECASE,
)
NAME_PUNCTUATION = "-'’. "
# Replies that are clearly not a name, though the form asked for one.
NOT_A_NAME = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "hiya",
        "thanks",
        "thank",
        "thx",
        "cheers",
        "ok",
        "okay",
        "yes",
        "no",
        "yeah",
        "nope",
        "bye",
        "goodbye",
        "stop",
        "quit",
        "cancel",
        "help",
        "why",
        "what",
        "test",
        "name",
        "unknown",
        "none",
        "nothing",
        "later",
        "skip",
    ]
)


def clean_first_name(text: str | None) -> str | None:
    """The first name in what the patient typed, or None when it cannot be one."""
    if not text:
        return None
    name = NAME_PREAMBLE.sub("", " ".join(text.split())).strip(" .!,")
    if not name or len(name) > MAX_NAME_LENGTH or len(name.split()) > MAX_NAME_WORDS:
        return None
    if not all(ch.isalpha() or ch in NAME_PUNCTUATION for ch in name):
        return None
    if not any(ch.isalpha() for ch in name) or name.lower() in NOT_A_NAME:
        return None
    return name.title() if name.islower() or name.isupper() else name


class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    def validate_first_name(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        name = clean_first_name(slot_value if isinstance(slot_value, str) else None)
        if name is None:
            dispatcher.utter_message(response="utter_invalid_first_name")
        return {"first_name": name}


class ActionSaveIntake(Action):
    def name(self) -> str:
        return "action_save_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        first_name = tracker.get_slot("first_name")
        channel = channel_of(tracker)
        try:
            await asyncio.to_thread(_record_name, tracker.sender_id, channel, first_name)
        except SQLAlchemyError:
            logger.exception("Could not save intake details; the patient was asked to retry.")
            dispatcher.utter_message(response="utter_save_failed")
            return []
        dispatcher.utter_message(response="utter_intake_saved", first_name=first_name)
        return []


def _record_name(sender_id: str, channel: str, first_name: str) -> None:
    with database() as session:
        PatientRepository(session).record_name_for_conversation(sender_id, channel, first_name)

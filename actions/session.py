"""Session start: what every conversation needs to know before the patient's first message."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.settings import get_settings


class ActionSessionStart(Action):
    """Starts a session as Rasa's default does, and sets the clinic's emergency number."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        carried_over = [
            SlotSet(key, value)
            for key, value in tracker.current_slot_values().items()
            if value is not None and key not in {"requested_slot", "emergency_number"}
        ]
        return [
            SessionStarted(),
            *carried_over,
            SlotSet("emergency_number", get_settings().emergency_number),
            ActionExecuted("action_listen"),
        ]

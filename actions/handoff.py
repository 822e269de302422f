"""Talk to a nurse: queue the conversation for the nurse console and say what happens next.

While a nurse has taken a conversation over, the console pauses the bot in Rasa (a `pause`
event on the tracker), so the bot stays silent until the nurse hands back.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import conversation_for, database
from actions.triage_replies import clinic_contact
from bot.db.handoffs import HandoffRepository
from bot.db.models import HandoffReason
from bot.settings import get_settings

logger = logging.getLogger(__name__)


class ActionRequestNurse(Action):
    def name(self) -> str:
        return "action_request_nurse"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        settings = get_settings()
        names = {
            "hours": settings.nurse_reply_hours,
            "emergency_number": settings.emergency_number,
            "clinic_name": settings.clinic_name,
            "clinic_contact": clinic_contact(settings),
        }
        try:
            await asyncio.to_thread(_request, tracker)
        except Exception:
            logger.exception("Could not queue a nurse hand-off; the patient was told to call.")
            dispatcher.utter_message(response="utter_handoff_failed", **names)
        else:
            dispatcher.utter_message(response="utter_handoff_requested", **names)
        if tracker.active_loop.get("name"):
            return [ActiveLoop(None), SlotSet("requested_slot", None)]
        return []


def _request(tracker: Tracker) -> None:
    with database() as session:
        HandoffRepository(session).request(
            conversation_for(session, tracker), HandoffReason.PATIENT_REQUEST
        )

""" "Delete my data": recorded for staff, who verify and act on it; nothing is deleted by chat."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import conversation_for, database
from bot.db.models import utcnow
from bot.db.repositories import AuditLog
from bot.settings import get_settings

logger = logging.getLogger(__name__)


class ActionRequestDataDeletion(Action):
    def name(self) -> str:
        return "action_request_data_deletion"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            await asyncio.to_thread(_record_request, tracker)
        except Exception:
            logger.exception("Could not record a data deletion request.")
            dispatcher.utter_message(
                response="utter_deletion_failed", clinic_name=get_settings().clinic_name
            )
            return []
        dispatcher.utter_message(
            response="utter_deletion_recorded", clinic_name=get_settings().clinic_name
        )
        return []


def _record_request(tracker: Tracker) -> None:
    with database() as session:
        conversation = conversation_for(session, tracker)
        patient = conversation.patient
        if patient is not None and patient.deletion_requested_at is None:
            patient.deletion_requested_at = utcnow()
        AuditLog(session).record(
            f"patient:conversation:{conversation.id}",
            "patient.deletion_requested",
            patient_id=patient.id if patient is not None else None,
            conversation_id=conversation.id,
        )

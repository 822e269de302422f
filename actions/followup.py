"""Follow-up check-ins: the reminder worker triggers `EXTERNAL_followup` in the patient's own
conversation (Rasa's trigger_intent), the bot asks how they are, and the answer decides:
better closes the follow-up, the same books another check-in, worse alerts a nurse and
triages again."""

from __future__ import annotations

import abc
import asyncio
import logging
from datetime import timedelta
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import conversation_for, database
from bot.db.assessments import AssessmentRepository
from bot.db.handoffs import HandoffRepository
from bot.db.models import FollowUp, FollowUpStatus, HandoffReason, utcnow

logger = logging.getLogger(__name__)

SAME_AGAIN_HOURS = 24


class ActionStartFollowup(Action):
    def name(self) -> str:
        return "action_start_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            first_name = await asyncio.to_thread(_open_follow_up_name, tracker)
        except Exception:
            logger.exception("Could not read the follow-up; asking anyway.")
            first_name = ""
        if first_name is None:
            dispatcher.utter_message(response="utter_no_followup")
            return []
        greeting = f"Hi {first_name}, " if first_name else "Hi, "
        dispatcher.utter_message(response="utter_followup_question", greeting=greeting)
        return []


class _FollowupAnswer(Action, abc.ABC):
    """How the patient says they are; subclasses decide what that means."""

    status: FollowUpStatus
    outcome: str
    response: str
    handoff: HandoffReason | None = None
    again_after_hours: int | None = None

    @abc.abstractmethod
    def name(self) -> str: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            await asyncio.to_thread(self._record, tracker)
        except Exception:
            logger.exception("Could not record the follow-up answer.")
        dispatcher.utter_message(response=self.response)
        return []

    def _record(self, tracker: Tracker) -> None:
        with database() as session:
            conversation = conversation_for(session, tracker)
            repository = AssessmentRepository(session)
            follow_up = repository.latest_follow_up(conversation)
            if follow_up is not None:
                repository.close_follow_up(follow_up, self.status, self.outcome)
                if self.again_after_hours is not None:
                    session.add(
                        FollowUp(
                            patient_id=follow_up.patient_id,
                            conversation_id=follow_up.conversation_id,
                            assessment_id=follow_up.assessment_id,
                            due_at_utc=utcnow() + timedelta(hours=self.again_after_hours),
                        )
                    )
            if self.handoff is not None:
                HandoffRepository(session).request(conversation, self.handoff)


class ActionFollowupBetter(_FollowupAnswer):
    status = FollowUpStatus.CLOSED_BETTER
    outcome = "better"
    response = "utter_followup_better"

    def name(self) -> str:
        return "action_followup_better"


class ActionFollowupSame(_FollowupAnswer):
    status = FollowUpStatus.CANCELLED
    outcome = "same; checking again"
    response = "utter_followup_same"
    again_after_hours = SAME_AGAIN_HOURS

    def name(self) -> str:
        return "action_followup_same"


class ActionFollowupWorse(_FollowupAnswer):
    status = FollowUpStatus.ESCALATED
    outcome = "worse"
    response = "utter_followup_worse"
    handoff = HandoffReason.FOLLOWUP_WORSE

    def name(self) -> str:
        return "action_followup_worse"


def _open_follow_up_name(tracker: Tracker) -> str | None:
    """The patient's first name ("" when unknown) if a check-in is open, else None."""
    with database() as session:
        conversation = conversation_for(session, tracker)
        follow_up = AssessmentRepository(session).latest_follow_up(conversation)
        if follow_up is None:
            return None
        if follow_up.status == FollowUpStatus.SCHEDULED:
            # The patient asked before the worker sent it: this conversation is the check-in.
            follow_up.status = FollowUpStatus.SENT
        patient = conversation.patient
        return (patient.first_name or "") if patient is not None else ""

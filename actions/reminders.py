"""Answers to SMS reminders (TAKEN / SKIP / SNOOZE, STOP / START / HELP) and "I took it" in chat.

Thin: who the patient is comes from `bot.reminders.patients`, what the answer does from
`bot.reminders.adherence`; the database work runs in a thread so the action server's event loop
never waits on it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.common import database
from bot.channels.sms_keywords import DEFAULT_SNOOZE_MINUTES, MAX_SNOOZE_MINUTES
from bot.db.models import Conversation, Patient
from bot.db.repositories import ConversationRepository
from bot.reminders.adherence import DoseReply, ReplyOutcome, ReplyResult, record_reply
from bot.reminders.patients import opt_in, opt_out, patient_for_message
from bot.settings import get_settings

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Keywords that also answer a read-back's "Is that right?" over SMS.
CONFIRMING_KEYWORDS = frozenset({"YES", "Y", "1"})
REFUSING_KEYWORDS = frozenset({"NO", "N", "2"})


@dataclass(frozen=True)
class Sender:
    """Who wrote the latest message: Rasa's conversation id, its channel and (SMS) number."""

    sender_id: str
    channel: str | None
    phone: str | None

    @classmethod
    def of(cls, tracker: Tracker) -> Sender:
        metadata = tracker.latest_message.get("metadata") or {}
        if not metadata:
            for event in reversed(tracker.events):
                if event.get("event") == "user":
                    metadata = event.get("metadata") or {}
                    break
        phone = metadata.get("phone") if isinstance(metadata, dict) else None
        return cls(
            tracker.sender_id,
            tracker.get_latest_input_channel(),
            phone if isinstance(phone, str) else None,
        )

    def patient(self, session: Session) -> Patient | None:
        return patient_for_message(session, self.sender_id, self.channel, self.phone)

    def conversation_id(self, session: Session) -> int | None:
        if self.channel is None:
            return None
        try:
            conversation: Conversation | None = ConversationRepository(session).get(
                self.sender_id, self.channel
            )
        except ValueError:  # a channel we do not keep conversations for (rasa shell)
            return None
        return conversation.id if conversation is not None else None


class PatientNotFound(Exception):
    """The message's sender is not a patient we know."""


async def in_database(work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction on a worker thread."""

    def run() -> T:
        with database() as session:
            return work(session)

    return await asyncio.to_thread(run)


def entity(tracker: Tracker, name: str) -> Any:
    return next(
        (e.get("value") for e in tracker.latest_message.get("entities", []) if e["entity"] == name),
        None,
    )


def snooze_minutes(value: Any) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return DEFAULT_SNOOZE_MINUTES
    return max(1, min(minutes, MAX_SNOOZE_MINUTES))


class ActionReminderReply(Action):
    """TAKEN / SKIP / SNOOZE by SMS, or "I took it" / "I missed it" in chat."""

    def name(self) -> str:
        return "action_reminder_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        keyword = str(entity(tracker, "keyword") or "")
        if tracker.get_slot("medication_draft") and keyword:
            # "YES" to "Is that right?" confirms the read-back rather than a dose.
            from actions.medication import confirm_draft, discard_draft

            if keyword in CONFIRMING_KEYWORDS:
                return await confirm_draft(dispatcher, tracker)
            if keyword in REFUSING_KEYWORDS:
                return discard_draft(dispatcher)
        if intent == "took_medication":
            reply = DoseReply.TAKEN
        elif intent == "missed_medication":
            reply = DoseReply.SKIPPED
        else:
            try:
                reply = DoseReply(entity(tracker, "reply"))
            except ValueError:
                dispatcher.utter_message(response="utter_no_open_reminder")
                return []
        minutes = snooze_minutes(entity(tracker, "minutes"))
        sender = Sender.of(tracker)
        in_chat = sender.channel != "sms"

        def work(session: Session) -> ReplyResult:
            patient = sender.patient(session)
            if patient is None:
                raise PatientNotFound
            return record_reply(
                session,
                get_settings(),
                patient,
                reply,
                datetime.now(UTC),
                snooze_minutes=minutes,
                include_upcoming=in_chat,
                conversation_id=sender.conversation_id(session),
            )

        try:
            result = await in_database(work)
        except PatientNotFound:
            dispatcher.utter_message(response="utter_patient_unknown")
            return []
        except SQLAlchemyError:
            logger.exception("Recording a reminder reply failed; the patient was asked to retry.")
            dispatcher.utter_message(response="utter_record_failed")
            return []
        if result.outcome is ReplyOutcome.NO_OPEN_DOSE:
            dispatcher.utter_message(response="utter_no_open_reminder")
        elif result.outcome is ReplyOutcome.ALREADY_SNOOZED:
            dispatcher.utter_message(response="utter_dose_already_snoozed")
        elif result.outcome is ReplyOutcome.SNOOZED:
            dispatcher.utter_message(
                response="utter_dose_snoozed", medication=result.medication, minutes=minutes
            )
        elif reply is DoseReply.TAKEN:
            dispatcher.utter_message(response="utter_dose_taken", medication=result.medication)
        else:
            dispatcher.utter_message(response="utter_dose_skipped", medication=result.medication)
        return []


class ActionSmsStop(Action):
    """STOP and friends: no more texts, confirmed once (a repeated STOP gets no answer)."""

    def name(self) -> str:
        return "action_sms_stop"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        sender = Sender.of(tracker)

        def work(session: Session) -> bool | None:
            patient = sender.patient(session)
            return None if patient is None else opt_out(patient, datetime.now(UTC))

        try:
            first_time = await in_database(work)
        except SQLAlchemyError:
            logger.exception("Recording an SMS opt-out failed; the patient was asked to retry.")
            dispatcher.utter_message(response="utter_record_failed")
            return []
        if first_time is not False:
            # Unknown numbers are confirmed too: we never text them anyway.
            dispatcher.utter_message(response="utter_sms_stopped")
        return []


class ActionSmsStart(Action):
    def name(self) -> str:
        return "action_sms_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        sender = Sender.of(tracker)

        def work(session: Session) -> bool | None:
            patient = sender.patient(session)
            return None if patient is None else opt_in(patient)

        try:
            known = await in_database(work)
        except SQLAlchemyError:
            logger.exception("Recording an SMS opt-in failed; the patient was asked to retry.")
            dispatcher.utter_message(response="utter_record_failed")
            return []
        dispatcher.utter_message(
            response="utter_sms_started" if known is not None else "utter_patient_unknown"
        )
        return []


class ActionSmsHelp(Action):
    def name(self) -> str:
        return "action_sms_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_sms_help")
        return []

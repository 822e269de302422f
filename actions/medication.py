"""Medication help in chat (and SMS): add a schedule after reading it back, list, change, pause,
resume, stop, quiet hours. Parsing and storage live in `bot.reminders`; these stay thin."""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.reminders import PatientNotFound, Sender, in_database
from bot.db.models import Medication, Patient
from bot.reminders import medications
from bot.reminders.parsing import (
    ParsedSchedule,
    ParseProblem,
    format_clock,
    parse_medication_schedule,
    parse_quiet_hours,
)

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 300
# Words around a change request that are not part of the new schedule.
CHANGE_WORDS = re.compile(
    r"\b(?:change|changed|switch|update|move|moved|make|set|reschedule|now|instead|to|please|"
    r"can|could|you|i|want|would|like|my|the|increase|increased|decrease|decreased|reduce|"
    r"reduced|raise|raised|lower|lowered|up|down|doctor|gp|nurse|has|have|been|is|dose)\b",
    re.IGNORECASE,
)
CLEARED = [SlotSet("medication_draft", None), SlotSet("medication_pending", False)]


def _text(tracker: Tracker) -> str:
    return " ".join(str(tracker.latest_message.get("text") or "").split())[:MAX_TEXT_LENGTH]


def _patient(session: Session, sender: Sender) -> Patient:
    patient = sender.patient(session)
    if patient is None:
        raise PatientNotFound
    return patient


async def _run(
    dispatcher: CollectingDispatcher,
    work: Callable[[Session], list[dict[str, Any]]],
    what: str,
) -> list[dict[str, Any]]:
    """Run `work` in one transaction; tell the patient when we do not know them or it fails."""
    try:
        return await in_database(work)
    except PatientNotFound:
        dispatcher.utter_message(response="utter_patient_unknown")
    except SQLAlchemyError:
        logger.exception("%s failed; the patient was asked to retry.", what)
        dispatcher.utter_message(response="utter_record_failed")
    return []


def _which(dispatcher: CollectingDispatcher, session: Session, patient: Patient) -> None:
    names = [m.name for m in medications.active_medications(session, patient.id)]
    if names:
        dispatcher.utter_message(response="utter_which_medication", medications=", ".join(names))
    else:
        dispatcher.utter_message(response="utter_no_medications")


class ActionProposeMedication(Action):
    """Parse the patient's words into a schedule and read it back for a yes or no."""

    def name(self) -> str:
        return "action_propose_medication"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = _text(tracker)
        changing = (tracker.latest_message.get("intent") or {}).get("name") == "change_medication"
        sender = Sender.of(tracker)

        def work(session: Session) -> list[dict[str, Any]]:
            patient = _patient(session, sender)
            replaces: Medication | None = None
            words = text
            if changing:
                named = medications.find_named(session, patient.id, text)
                if len(named) != 1:
                    _which(dispatcher, session, patient)
                    return CLEARED
                replaces = named[0]
                rest = re.sub(re.escape(replaces.name), " ", text, flags=re.IGNORECASE)
                rest = CHANGE_WORDS.sub(" ", rest)
                # The new words first: the parser keeps the first dose and times it finds.
                words = f"{replaces.name} {rest}"
            now = datetime.now(UTC)
            parsed = parse_medication_schedule(words, now, patient.time_zone)
            if isinstance(parsed, ParseProblem) and replaces is not None:
                # "Increase my sertraline to 100 mg": a new dose, the times as they were.
                kept = f"{words} {medications.describe_when(replaces)}"
                parsed = parse_medication_schedule(kept, now, patient.time_zone)
            if isinstance(parsed, ParseProblem):
                dispatcher.utter_message(text=parsed.message)
                return CLEARED
            assert isinstance(parsed, ParsedSchedule)
            if replaces is not None:
                # The medicine keeps its name on file, whatever words came before the dose.
                parsed = replace(
                    parsed, medication=replaces.name, dose=parsed.dose or replaces.dose
                )
            dispatcher.utter_message(text=parsed.read_back())
            draft = medications.draft_from_parsed(
                parsed, replaces.id if replaces is not None else None
            )
            return [SlotSet("medication_draft", draft), SlotSet("medication_pending", True)]

        return await _run(dispatcher, work, "Reading a medication schedule")


async def confirm_draft(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """Save the schedule waiting in `medication_draft` (the patient said yes)."""
    draft = tracker.get_slot("medication_draft")
    if not isinstance(draft, dict):
        dispatcher.utter_message(response="utter_nothing_to_confirm")
        return CLEARED
    try:
        parsed, replaces_id = medications.parsed_from_draft(draft)
    except (KeyError, TypeError, ValueError):
        logger.warning("A medication draft could not be read back; asked the patient again.")
        dispatcher.utter_message(response="utter_medication_draft_discarded")
        return CLEARED
    sender = Sender.of(tracker)

    def work(session: Session) -> list[dict[str, Any]]:
        patient = _patient(session, sender)
        medication = medications.save_schedule(
            session, patient, parsed, datetime.now(UTC), replaces_id
        )
        can_text = bool(
            patient.phone_e164 and patient.sms_consent and patient.sms_opted_out_at is None
        )
        dispatcher.utter_message(
            response="utter_medication_saved" if can_text else "utter_medication_saved_no_sms",
            medication=medication.name,
        )
        return CLEARED

    return await _run(dispatcher, work, "Saving a medication")


def discard_draft(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
    dispatcher.utter_message(response="utter_medication_draft_discarded")
    return CLEARED


class ActionConfirmMedication(Action):
    def name(self) -> str:
        return "action_confirm_medication"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        return await confirm_draft(dispatcher, tracker)


class ActionDiscardMedicationDraft(Action):
    def name(self) -> str:
        return "action_discard_medication_draft"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if not tracker.get_slot("medication_draft"):
            dispatcher.utter_message(response="utter_nothing_to_confirm")
            return CLEARED
        return discard_draft(dispatcher)


class ActionListMedications(Action):
    def name(self) -> str:
        return "action_list_medications"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        sender = Sender.of(tracker)

        def work(session: Session) -> list[dict[str, Any]]:
            patient = _patient(session, sender)
            listed = medications.active_medications(session, patient.id)
            if not listed:
                dispatcher.utter_message(response="utter_no_medications")
                return []
            lines = [f"- {medications.describe(m)}" for m in listed]
            dispatcher.utter_message(text="Your medicines:\n" + "\n".join(lines))
            return []

        return await _run(dispatcher, work, "Listing medications")


class _ChangeOneMedication(Action, ABC):
    """Pause, resume or stop the one medication the patient named (abstract: not registered)."""

    @abstractmethod
    def apply(self, dispatcher: CollectingDispatcher, medication: Medication) -> None:
        """Change `medication` and tell the patient."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = _text(tracker)
        sender = Sender.of(tracker)

        def work(session: Session) -> list[dict[str, Any]]:
            patient = _patient(session, sender)
            named = medications.find_named(session, patient.id, text)
            if len(named) != 1:
                _which(dispatcher, session, patient)
                return []
            self.apply(dispatcher, named[0])
            return []

        return await _run(dispatcher, work, "Changing a medication")


class ActionPauseMedication(_ChangeOneMedication):
    def name(self) -> str:
        return "action_pause_medication"

    def apply(self, dispatcher: CollectingDispatcher, medication: Medication) -> None:
        if medications.set_paused(medication, True):
            dispatcher.utter_message(response="utter_medication_paused", medication=medication.name)
        else:
            dispatcher.utter_message(
                response="utter_medication_already", medication=medication.name, state="paused"
            )


class ActionResumeMedication(_ChangeOneMedication):
    def name(self) -> str:
        return "action_resume_medication"

    def apply(self, dispatcher: CollectingDispatcher, medication: Medication) -> None:
        if medications.set_paused(medication, False):
            dispatcher.utter_message(
                response="utter_medication_resumed", medication=medication.name
            )
        else:
            dispatcher.utter_message(
                response="utter_medication_already", medication=medication.name, state="on"
            )


class ActionStopMedication(_ChangeOneMedication):
    def name(self) -> str:
        return "action_stop_medication"

    def apply(self, dispatcher: CollectingDispatcher, medication: Medication) -> None:
        medications.stop(medication)
        dispatcher.utter_message(response="utter_medication_stopped", medication=medication.name)


class ActionSetQuietHours(Action):
    def name(self) -> str:
        return "action_set_quiet_hours"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        parsed = parse_quiet_hours(_text(tracker))
        if isinstance(parsed, ParseProblem):
            dispatcher.utter_message(text=parsed.message)
            return []
        start, end = parsed
        sender = Sender.of(tracker)

        def work(session: Session) -> list[dict[str, Any]]:
            medications.set_quiet_hours(_patient(session, sender), start, end)
            dispatcher.utter_message(
                response="utter_quiet_hours_saved", start=format_clock(start), end=format_clock(end)
            )
            return []

        return await _run(dispatcher, work, "Setting quiet hours")

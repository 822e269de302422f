"""Symptom reports: ask what the triage needs, call the triage service, answer by level.

`symptom_form` collects the description and asks only what it does not already say (how long,
how bad, fever, pregnancy when it matters and the profile does not know). `action_triage_symptoms`
runs when the form is complete; `action_answer_red_flag` runs at once, mid-form or not, when a
message carries a red flag (see bot/nlu/red_flags.py). Both go through `triage_and_answer`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import symptom_facts as facts
from actions.clients.triage import PatientProfile, TriageClient, TriageUnavailable
from actions.common import latest_intent, latest_text
from actions.triage_outcome import (
    Outcome,
    load_profile,
    record_outcome,
    safe_outcome_without_service,
    with_local_floor,
)
from actions.triage_replies import send_replies
from bot.settings import get_settings

logger = logging.getLogger(__name__)

SYMPTOM_SLOTS = (
    "symptom_description",
    "symptom_duration",
    "symptom_severity",
    "symptom_fever",
    "symptom_pregnant",
)
# Intents that leave a form to the rules instead of answering its question.
INTERRUPTING_INTENTS = frozenset({"red_flag", "request_nurse", "stop", "help"})
DESCRIBING_INTENTS = frozenset({"report_symptoms", "red_flag", "feeling_worse"})
PREGNANCY_AGES = (12, 55)


class ValidateSymptomForm(FormValidationAction):
    def name(self) -> str:
        return "validate_symptom_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        # Rasa also calls this action (the slots' custom mapping names it) after every user
        # message, from action_extract_slots; outside the symptom form it must change nothing,
        # or it would set `requested_slot` under another form.
        if tracker.active_loop.get("name") != "symptom_form":
            return []
        return await super().run(dispatcher, tracker, domain)

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        description = tracker.get_slot("symptom_description") or ""
        needed = ["symptom_description"]
        if not description or not facts.mentions_duration(description):
            needed.append("symptom_duration")
        if not description or not facts.mentions_severity(description):
            needed.append("symptom_severity")
        if not description or not facts.mentions_fever(description):
            needed.append("symptom_fever")
        if not facts.mentions_pregnancy(description) and await _pregnancy_matters(tracker):
            needed.append("symptom_pregnant")
        return needed

    async def extract_symptom_description(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("symptom_description"):
            return {}
        intent = latest_intent(tracker)
        asked = tracker.get_slot(
            "requested_slot"
        ) == "symptom_description" and _form_was_active_when_patient_spoke(tracker)
        if intent in INTERRUPTING_INTENTS or not (asked or intent in DESCRIBING_INTENTS):
            return {}
        text = " ".join(latest_text(tracker).split())
        if intent == "feeling_worse" and not asked and len(text.split()) <= 4:
            return {}  # "worse" alone: ask what has changed
        if not any(ch.isalpha() for ch in text):
            dispatcher.utter_message(response="utter_invalid_symptom_description")
            return {"symptom_description": None}
        return {"symptom_description": text}

    async def extract_symptom_duration(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(
            tracker,
            dispatcher,
            "symptom_duration",
            facts.read_duration,
            "utter_invalid_symptom_duration",
        )

    async def extract_symptom_severity(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(
            tracker,
            dispatcher,
            "symptom_severity",
            facts.read_severity,
            "utter_invalid_symptom_severity",
        )

    async def extract_symptom_fever(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(
            tracker, dispatcher, "symptom_fever", facts.read_fever, "utter_invalid_yes_no"
        )

    async def extract_symptom_pregnant(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return self._answer(
            tracker, dispatcher, "symptom_pregnant", facts.read_yes_no, "utter_invalid_yes_no"
        )

    @staticmethod
    def _answer(
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
        slot: str,
        read: Any,
        invalid_response: str,
    ) -> dict[str, Any]:
        """Read the reply to the question the form asked; re-ask, saying why, if unreadable."""
        if tracker.get_slot("requested_slot") != slot:
            return {}
        if latest_intent(tracker) in INTERRUPTING_INTENTS:
            return {}
        if not _form_was_active_when_patient_spoke(tracker):
            return {}  # the message that started the form answers none of its questions
        value = read(latest_text(tracker))
        if value is None:
            dispatcher.utter_message(response=invalid_response)
        return {slot: value}


def _form_was_active_when_patient_spoke(tracker: Tracker) -> bool:
    """Whether the symptom form had asked a question before the latest user message.

    Rasa validates the form more than once while starting it; only a message that came after
    a question may answer it.
    """
    active: str | None = None
    active_at_last_message: str | None = None
    for event in tracker.events:
        kind = event.get("event")
        if kind == "active_loop":
            active = event.get("name")
        elif kind == "user":
            active_at_last_message = active
    return active_at_last_message == "symptom_form"


async def _pregnancy_matters(tracker: Tracker) -> bool:
    """Ask about pregnancy only of a woman of child-bearing age whose profile doesn't say."""
    try:
        profile, _ = await asyncio.to_thread(load_profile, tracker)
    except Exception:
        logger.exception("Could not read the profile; not asking about pregnancy.")
        return False
    if profile.sex != "female" or profile.pregnant is not None:
        return False
    low, high = PREGNANCY_AGES
    return profile.age is None or low <= profile.age <= high


class ActionTriageSymptoms(Action):
    """Triage the completed symptom form and answer by level."""

    def name(self) -> str:
        return "action_triage_symptoms"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        description = tracker.get_slot("symptom_description") or latest_text(tracker)
        text = facts.triage_text(
            description,
            tracker.get_slot("symptom_duration"),
            tracker.get_slot("symptom_severity"),
            tracker.get_slot("symptom_fever"),
            tracker.get_slot("symptom_pregnant"),
        )
        await triage_and_answer(dispatcher, tracker, text, tracker.get_slot("symptom_pregnant"))
        return [SlotSet(slot, None) for slot in SYMPTOM_SLOTS]


class ActionAnswerRedFlag(Action):
    """A red flag interrupts anything: triage this message now, leave any form."""

    def name(self) -> str:
        return "action_answer_red_flag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        message = latest_text(tracker)
        earlier = tracker.get_slot("symptom_description")
        text = f"{earlier}. {message}" if earlier and earlier != message else message
        await triage_and_answer(dispatcher, tracker, text, tracker.get_slot("symptom_pregnant"))
        events: list[dict[str, Any]] = [SlotSet(slot, None) for slot in SYMPTOM_SLOTS]
        if tracker.active_loop.get("name"):
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        return events


async def triage_and_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, pregnant_answer: str | None
) -> Outcome:
    """Call the service, record what happened, and tell the patient. Never raises: the patient
    always gets an answer, and without a trustworthy triage that answer is the safe one."""
    settings = get_settings()
    try:
        profile, _ = await asyncio.to_thread(load_profile, tracker, pregnant_answer)
    except Exception:
        logger.exception("Could not read the patient's profile; triaging without it.")
        profile = PatientProfile()
    try:
        result = await TriageClient.from_settings(settings).assess(text, profile)
        outcome = with_local_floor(Outcome.from_result(text, result), profile)
    except TriageUnavailable as error:
        logger.warning("Triage unavailable (%s); giving the safe answer.", error.reason)
        outcome = safe_outcome_without_service(text, profile, error.reason)
    try:
        saved = await asyncio.to_thread(record_outcome, tracker, outcome)
    except Exception:
        logger.exception("Could not record the triage outcome; the patient was still answered.")
        saved = None
    send_replies(dispatcher, outcome, saved, settings)
    return outcome

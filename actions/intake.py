"""Intake: who the patient is, and how to reach them safely.

The form asks, in order: first name, mobile number and the one-time code texted to it (web
chat only: over SMS the number is the sender's), date of birth, time zone (only when the number
does not settle it), preferred language, long-term conditions, allergies, current medicines
and consent to texts. Each answer is checked (actions/intake_fields.py) and refused with a
re-ask that says what was wrong; conditions, allergies and medicines may be "none". A patient
can correct an earlier answer at any point ("change my date of birth"), stop and finish later.

Identity: over web chat nothing from a record is shown or linked until the patient types the
code texted to that record's number (bot/db/one_time_codes.py). A verified returning patient
is linked to their record and asked only what it lacks.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions import intake_fields as fields
from actions.common import channel_of, database, latest_text, session_factory
from actions.reminders import Sender
from bot.db.models import Allergy, Channel, Condition, Medication, Patient, SmsPurpose, SmsStatus
from bot.db.models.base import utcnow
from bot.db.one_time_codes import CheckResult, CodeCheck, OneTimeCodes, TooManyCodes
from bot.db.repositories import ConversationRepository, PatientRepository
from bot.reminders.sms import make_sms_sender
from bot.settings import get_settings

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


# The form's questions, in the order they are asked.
INTAKE_SLOTS = (
    "first_name",
    "phone_number",
    "otp_code",
    "date_of_birth",
    "time_zone",
    "preferred_language",
    "conditions",
    "allergies",
    "medications",
    "sms_consent",
)
# Only the web chat asks for a number and a code: over SMS the carrier tells us the number.
WEB_ONLY_SLOTS = frozenset({"phone_number", "otp_code"})
VERIFIED = "verified"  # the otp_code slot's value once the code matched; never the code itself
RESEND_WORDS = frozenset({"resend", "send again", "new code", "send a new code", "again"})

# Words that name a field, for "change my date of birth"; first match wins.
FIELD_WORDS: tuple[tuple[str, str], ...] = (
    ("date_of_birth", r"birth|\bdob\b|birthday|\bborn\b"),
    ("phone_number", r"phone|mobile|\bcell\b|\bnumber\b"),
    ("time_zone", r"time\s*zone|\bzone\b"),
    ("preferred_language", r"language"),
    ("conditions", r"condition|illness|diagnos"),
    ("allergies", r"allerg"),
    ("medications", r"medic|medicine|tablet|pills?\b|drugs?\b"),
    ("sms_consent", r"\btexts?\b|\bsms\b|consent|messages"),
    ("first_name", r"\bname\b"),
)
LIST_SLOTS = frozenset({"conditions", "allergies", "medications"})
FIELD_LABELS = {
    "first_name": "first name",
    "phone_number": "mobile number",
    "otp_code": "code",
    "date_of_birth": "date of birth",
    "time_zone": "time zone",
    "preferred_language": "preferred language",
    "conditions": "long-term conditions",
    "allergies": "allergies",
    "medications": "medicines",
    "sms_consent": "answer about texts",
}
NEW_VALUE = re.compile(r"\b(?:is|to|should\s+be|it'?s)\s+(.+)$", re.IGNORECASE)


def _say(dispatcher: CollectingDispatcher, problem: fields.Invalid) -> None:
    dispatcher.utter_message(text=str(problem))


def _today() -> date:
    return utcnow().date()


def parse_field(slot: str, text: str) -> Any:
    """The stored slot value for `text` as an answer to `slot`; raises fields.Invalid.

    The phone number and the code are not parsed here: checking them texts the patient.
    """
    settings = get_settings()
    parsers: dict[str, Callable[[str], Any]] = {
        "first_name": _first_name_or_invalid,
        "date_of_birth": lambda t: fields.parse_date_of_birth(
            t, _today(), settings.date_order
        ).isoformat(),
        "time_zone": fields.parse_time_zone,
        "preferred_language": fields.parse_language,
        "conditions": lambda t: fields.join_items(fields.parse_list(t, "conditions")),
        "allergies": lambda t: fields.join_items(fields.parse_list(t, "allergies")),
        "medications": lambda t: fields.join_items(fields.parse_list(t, "medicines")),
        "sms_consent": lambda t: "yes" if fields.parse_yes_no(t) else "no",
    }
    return parsers[slot](fields.typed(text))


def _first_name_or_invalid(text: str) -> str:
    name = clean_first_name(text)
    if name is None:
        raise fields.Invalid(
            "Sorry, that doesn't look like a first name. Please type just your first name, for "
            'example "Maria".'
        )
    return name


class ValidateIntakeForm(FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if channel_of(tracker) is not Channel.SMS:
            return list(INTAKE_SLOTS)
        try:
            complete = await asyncio.to_thread(_sms_patient_complete, Sender.of(tracker))
        except SQLAlchemyError:
            logger.exception("Could not look up the SMS sender's record; asking intake afresh.")
            complete = False
        return [] if complete else [slot for slot in INTAKE_SLOTS if slot not in WEB_ONLY_SLOTS]

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
            return {"first_name": None}
        found: dict[str, Any] = {"first_name": name}
        sender = Sender.of(tracker)
        if sender.channel == Channel.SMS and sender.phone and not tracker.get_slot("time_zone"):
            try:
                zone = fields.parse_phone(sender.phone, get_settings().phone_region).time_zone
            except fields.Invalid:
                zone = None
            if zone:
                found["time_zone"] = zone
        return found

    async def validate_phone_number(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        try:
            phone = fields.parse_phone(str(slot_value or ""), get_settings().phone_region)
        except fields.Invalid as problem:
            _say(dispatcher, problem)
            return {"phone_number": None}
        if not await _text_a_code(dispatcher, tracker.sender_id, phone.e164):
            return {"phone_number": None}
        found: dict[str, Any] = {"phone_number": phone.e164, "otp_code": None}
        if phone.time_zone and not tracker.get_slot("time_zone"):
            found["time_zone"] = phone.time_zone
        return found

    async def validate_otp_code(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        typed = " ".join(str(slot_value or "").lower().split()).strip(" .!")
        phone = tracker.get_slot("phone_number")
        if typed in RESEND_WORDS and phone:
            await _text_a_code(dispatcher, tracker.sender_id, phone)
            return {"otp_code": None}
        try:
            result = await asyncio.to_thread(_check_code, tracker.sender_id, typed)
        except SQLAlchemyError:
            logger.exception("Could not check a one-time code.")
            dispatcher.utter_message(response="utter_save_failed")
            return {"otp_code": None}
        if result.outcome is CodeCheck.NONE_ISSUED or (
            result.outcome is CodeCheck.VERIFIED and result.phone_e164 != phone
        ):
            return {"phone_number": None, "otp_code": None}
        if result.outcome is not CodeCheck.VERIFIED:
            dispatcher.utter_message(
                response=f"utter_otp_{result.outcome.value}", tries=result.attempts_left
            )
            return {"otp_code": None}
        found: dict[str, Any] = {"otp_code": VERIFIED}
        if result.patient_id is None:
            dispatcher.utter_message(response="utter_otp_verified")
            return found
        try:
            profile = await asyncio.to_thread(_link_returning_patient, tracker, result)
        except SQLAlchemyError:
            logger.exception("Could not link a verified returning patient.")
            dispatcher.utter_message(response="utter_save_failed")
            return {"otp_code": None}
        found.update({slot: value for slot, value in profile.items() if value is not None})
        dispatcher.utter_message(
            response="utter_welcome_back", first_name=found.get("first_name") or ""
        )
        return found

    def _parsed(
        self, slot: str, slot_value: Any, dispatcher: CollectingDispatcher
    ) -> dict[str, Any]:
        try:
            return {slot: parse_field(slot, str(slot_value or ""))}
        except fields.Invalid as problem:
            _say(dispatcher, problem)
            return {slot: None}

    def validate_date_of_birth(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self._parsed("date_of_birth", slot_value, dispatcher)

    def validate_time_zone(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self._parsed("time_zone", slot_value, dispatcher)

    def validate_preferred_language(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        found = self._parsed("preferred_language", slot_value, dispatcher)
        code = found["preferred_language"]
        if code is not None and code not in fields.CHAT_LANGUAGES:
            dispatcher.utter_message(
                response="utter_language_noted", language=fields.language_name(code)
            )
        return found

    def validate_conditions(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self._parsed("conditions", slot_value, dispatcher)

    def validate_allergies(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self._parsed("allergies", slot_value, dispatcher)

    def validate_medications(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self._parsed("medications", slot_value, dispatcher)

    def validate_sms_consent(
        self,
        slot_value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self._parsed("sms_consent", slot_value, dispatcher)


async def _text_a_code(dispatcher: CollectingDispatcher, sender_id: str, phone: str) -> bool:
    """Texts a new code to `phone` for this conversation; says what happened."""
    settings = get_settings()
    try:
        code = await asyncio.to_thread(_issue_code, sender_id, phone)
    except TooManyCodes:
        dispatcher.utter_message(response="utter_otp_too_many")
        return False
    except SQLAlchemyError:
        logger.exception("Could not store a one-time code.")
        dispatcher.utter_message(response="utter_save_failed")
        return False
    body = (
        f"{code} is your {settings.clinic_name} CareLoop code. It works for "
        f"{settings.otp_valid_minutes} minutes. Don't share it with anyone."
    )
    try:
        outcome = await asyncio.to_thread(
            make_sms_sender(settings, session_factory()).send,
            to_number=phone,
            body=body,
            purpose=SmsPurpose.OTP,
        )
    except (SQLAlchemyError, ValueError):
        logger.exception("Could not text a one-time code.")
        outcome = None
    if outcome is None or outcome.status is SmsStatus.FAILED:
        dispatcher.utter_message(response="utter_otp_not_sent")
        return False
    dispatcher.utter_message(
        response="utter_otp_sent", ending=phone[-3:], minutes=settings.otp_valid_minutes
    )
    return True


def _issue_code(sender_id: str, phone: str) -> str:
    with database() as session:
        return OneTimeCodes(session, get_settings()).issue(sender_id, phone, utcnow()).code


def _check_code(sender_id: str, typed: str) -> CheckResult:
    with database() as session:
        return OneTimeCodes(session, get_settings()).check(sender_id, typed, utcnow())


def _sms_patient_complete(sender: Sender) -> bool:
    if not sender.phone:
        return False
    with database() as session:
        patient = sender.patient(session)
        return patient is not None and patient.intake_completed_at is not None


def _link_returning_patient(tracker: Tracker, result: CheckResult) -> dict[str, Any]:
    """Links this conversation to the verified patient; their answers on file, as slots."""
    with database() as session:
        patient = session.get(Patient, result.patient_id)
        if patient is None:
            return {}
        conversation = ConversationRepository(session).get_or_create(
            tracker.sender_id, channel_of(tracker)
        )
        conversation.patient_id = patient.id
        session.flush()
        return profile_slots(patient)


def profile_slots(patient: Patient) -> dict[str, Any]:
    """What the record already says, as intake's slot values (None where it says nothing)."""
    complete = patient.intake_completed_at is not None

    def listed(items: list[Any]) -> str | None:
        names = [item.name for item in items if getattr(item, "active", True)]
        return fields.join_items(names) if names or complete else None

    return {
        "first_name": patient.first_name,
        "phone_number": patient.phone_e164,
        "date_of_birth": patient.date_of_birth.isoformat() if patient.date_of_birth else None,
        "time_zone": patient.time_zone if complete or patient.time_zone != "UTC" else None,
        "preferred_language": patient.language if complete else None,
        "conditions": listed(patient.conditions),
        "allergies": listed(patient.allergies),
        "medications": listed(patient.medications),
        "sms_consent": ("yes" if patient.sms_consent else "no") if complete else None,
    }


class ActionSaveIntake(Action):
    """Writes every answer in one transaction and reads them back (silent if nothing changed)."""

    complete = True

    def name(self) -> str:
        return "action_save_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        answers = {slot: tracker.get_slot(slot) for slot in INTAKE_SLOTS}
        sender = Sender.of(tracker)
        if sender.channel == Channel.SMS:
            answers["phone_number"] = sender.phone
        elif answers.get("otp_code") != VERIFIED:
            answers["phone_number"] = None  # never store a number nobody proved they hold
        if not answers.get("first_name"):
            return []
        try:
            saved = await asyncio.to_thread(
                _save_answers, tracker.sender_id, channel_of(tracker), answers, self.complete
            )
        except SQLAlchemyError:
            logger.exception("Could not save intake details; the patient was asked to retry.")
            dispatcher.utter_message(response="utter_save_failed")
            return []
        if saved.first_time and self.complete:
            dispatcher.utter_message(
                response="utter_intake_saved",
                first_name=answers["first_name"],
                summary=summary(saved.slots),
            )
        elif saved.changed and self.complete:
            dispatcher.utter_message(response="utter_intake_updated", summary=summary(saved.slots))
        return [SlotSet(slot, value) for slot, value in saved.slots.items() if value is not None]


class ActionSaveIntakeProgress(ActionSaveIntake):
    """Keeps what a patient who stops intake has answered so far, for when they come back."""

    complete = False

    def name(self) -> str:
        return "action_save_intake_progress"


class SavedAnswers:
    def __init__(self, first_time: bool, changed: bool, slots: dict[str, Any]) -> None:
        self.first_time = first_time
        self.changed = changed
        self.slots = slots


def _save_answers(
    sender_id: str, channel: Channel, answers: dict[str, Any], complete: bool
) -> SavedAnswers:
    with database() as session:
        patient = PatientRepository(session).record_name_for_conversation(
            sender_id, channel, answers["first_name"]
        )
        before = profile_slots(patient)
        first_time = complete and patient.intake_completed_at is None
        _apply(session, patient, answers)
        if complete and patient.intake_completed_at is None:
            patient.intake_completed_at = utcnow()
        session.flush()
        after = profile_slots(patient)
        return SavedAnswers(first_time, after != before, after)


def _apply(session: Session, patient: Patient, answers: dict[str, Any]) -> None:
    now = utcnow()
    phone = answers.get("phone_number")
    if phone and patient.phone_e164 != phone:
        patient.phone_e164 = phone
        patient.phone_verified_at = now
    if answers.get("date_of_birth"):
        patient.date_of_birth = date.fromisoformat(answers["date_of_birth"])
    if answers.get("time_zone"):
        patient.time_zone = answers["time_zone"]
    if answers.get("preferred_language"):
        patient.language = answers["preferred_language"]
    if answers.get("conditions"):
        _sync_named(session, patient, patient.conditions, Condition, answers["conditions"])
    if answers.get("allergies"):
        _sync_named(session, patient, patient.allergies, Allergy, answers["allergies"])
    if answers.get("medications"):
        known = {medication.name.lower() for medication in patient.medications}
        for name in fields.split_items(answers["medications"]):
            if name.lower() not in known:
                patient.medications.append(Medication(name=name))
    consent = answers.get("sms_consent")
    if consent in ("yes", "no") and patient.sms_consent != (consent == "yes"):
        patient.sms_consent = consent == "yes"
        patient.sms_consent_at = now if patient.sms_consent else None


def _sync_named(
    session: Session,
    patient: Patient,
    existing: list[Any],
    model: type[Condition | Allergy],
    value: str,
) -> None:
    """Makes the list hold exactly `value`'s items, keeping rows (and a nurse's notes) that stay."""
    wanted = {name.lower(): name for name in fields.split_items(value)}
    for row in list(existing):
        if row.name.lower() not in wanted:
            existing.remove(row)
    have = {row.name.lower() for row in existing}
    existing.extend(model(name=name) for key, name in wanted.items() if key not in have)


def summary(slots: dict[str, Any]) -> str:
    """The answers read back, one per line, so the patient can spot a mistake."""
    born = slots.get("date_of_birth")
    lines = [
        f"- Date of birth: {date.fromisoformat(born):%-d %B %Y}" if born else None,
        f"- Mobile: {slots['phone_number']}" if slots.get("phone_number") else None,
        f"- Time zone: {slots['time_zone']}" if slots.get("time_zone") else None,
        (
            f"- Language: {fields.language_name(slots['preferred_language'])}"
            if slots.get("preferred_language")
            else None
        ),
        f"- Conditions: {slots.get('conditions') or fields.NONE_GIVEN}",
        f"- Allergies: {slots.get('allergies') or fields.NONE_GIVEN}",
        f"- Medicines: {slots.get('medications') or fields.NONE_GIVEN}",
        (f"- Reminder texts: {slots['sms_consent']}" if slots.get("sms_consent") else None),
    ]
    return "\n".join(line for line in lines if line)


class ActionCorrectIntake(Action):
    """ "Change my date of birth": takes the new value if given, or asks the question again."""

    def name(self) -> str:
        return "action_correct_intake"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        text = latest_text(tracker)
        slot = field_named(text) or _answer_before(tracker)
        if slot is None:
            dispatcher.utter_message(response="utter_which_detail")
            return []
        if slot in WEB_ONLY_SLOTS and channel_of(tracker) is Channel.SMS:
            dispatcher.utter_message(response="utter_sms_number_fixed")
            return []
        if slot == "phone_number":
            dispatcher.utter_message(response="utter_correcting", detail=FIELD_LABELS[slot])
            return [SlotSet("phone_number", None), SlotSet("otp_code", None)]
        given = _new_value(text, slot)
        if given is not None:
            try:
                value = parse_field(slot, given)
            except fields.Invalid:
                value = None
            if value is not None:
                return [SlotSet(slot, value)]
        on_file = fields.split_items(tracker.get_slot(slot)) if slot in LIST_SLOTS else []
        if on_file:
            # The whole list is asked for again: say what it held, so nothing is dropped.
            dispatcher.utter_message(
                response="utter_correcting_list",
                detail=FIELD_LABELS[slot],
                on_file=", ".join(on_file),
            )
        else:
            dispatcher.utter_message(response="utter_correcting", detail=FIELD_LABELS[slot])
        return [SlotSet(slot, None)]


def _new_value(text: str, slot: str) -> str | None:
    """The new value in "change my date of birth to 4 May 1980": what follows "to" / "is"
    after the words naming the field. None for lists (conditions, allergies, medicines): "I'm
    also allergic to peanuts, can you update my allergies" may add or replace, and guessing
    would lose what was on file, so the question is asked again for the whole list."""
    if slot in LIST_SLOTS:
        return None
    named = dict(FIELD_WORDS).get(slot)
    found = re.search(named, text, re.IGNORECASE) if named else None
    given = NEW_VALUE.search(text, found.end()) if found else None
    return given.group(1) if given else None


def field_named(text: str) -> str | None:
    for slot, words in FIELD_WORDS:
        if re.search(words, text, re.IGNORECASE):
            return slot
    return None


def _answer_before(tracker: Tracker) -> str | None:
    """Mid-form, "that's wrong" means the answer given just before the current question."""
    requested = tracker.get_slot("requested_slot")
    if requested not in INTAKE_SLOTS:
        return None
    earlier = [
        slot
        for slot in INTAKE_SLOTS[: INTAKE_SLOTS.index(requested)]
        if slot not in WEB_ONLY_SLOTS and tracker.get_slot(slot) is not None
    ]
    return earlier[-1] if earlier else None

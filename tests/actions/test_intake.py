"""Intake actions, driven the rasa-sdk way: a Tracker in, the exact events out."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

import actions.common
from actions.intake import (
    INTAKE_SLOTS,
    ActionCorrectIntake,
    ActionSaveIntake,
    ActionSaveIntakeProgress,
    ValidateIntakeForm,
    clean_first_name,
)
from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.models import (
    Allergy,
    Condition,
    Conversation,
    Medication,
    Patient,
    SmsMessage,
    SmsPurpose,
)
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


PHONE = "+447911123456"
ANSWERS = {
    "first_name": "Ana",
    "phone_number": PHONE,
    "otp_code": "verified",
    "date_of_birth": "1980-05-03",
    "time_zone": "Europe/London",
    "preferred_language": "es",
    "conditions": "asthma, type 2 diabetes",
    "allergies": "penicillin",
    "medications": "metformin",
    "sms_consent": "yes",
}


def sms_tracker(phone: str = PHONE, slots: dict[str, Any] | None = None) -> Tracker:
    return Tracker(
        sender_id="sms-hash-1",
        slots=slots or {},
        latest_message={"text": "hi", "intent": {}, "entities": [], "metadata": {"phone": phone}},
        events=[{"event": "user", "input_channel": "sms", "text": "hi"}],
        paused=False,
        followup_action=None,
        active_loop={"name": "intake_form"},
        latest_action_name="action_listen",
    )


def said(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") or m.get("text") or "" for m in dispatcher.messages]


def texted_code(settings: Settings, phone: str = PHONE) -> str:
    with make_session_factory(make_engine(settings))() as session:
        body = session.scalars(
            select(SmsMessage.body)
            .where(SmsMessage.to_number == phone, SmsMessage.purpose == SmsPurpose.OTP)
            .order_by(SmsMessage.id.desc())
        ).first()
    assert body is not None, "no code was texted"
    found = re.match(r"(\d{6}) is your ", body)
    assert found is not None
    return found.group(1)


def validate(slot: str, value: str, slots: dict[str, Any] | None = None, sender: str = "web-1"):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    method = getattr(ValidateIntakeForm(), f"validate_{slot}")
    result = method(value, dispatcher, tracker(sender, slots, "socketio"), {})
    if asyncio.iscoroutine(result):
        result = asyncio.run(result)
    return result, said(dispatcher)


def test_web_chat_asks_every_field_and_sms_skips_number_and_code(action_settings: Settings) -> None:
    form = ValidateIntakeForm()
    web = asyncio.run(
        form.required_slots([], CollectingDispatcher(), tracker("w", {}, "socketio"), {})
    )
    assert web == list(INTAKE_SLOTS)
    sms = asyncio.run(form.required_slots([], CollectingDispatcher(), sms_tracker(), {}))
    assert "phone_number" not in sms and "otp_code" not in sms and "date_of_birth" in sms


def test_a_number_is_texted_a_code_and_the_code_verifies_it(action_settings: Settings) -> None:
    result, messages = validate("phone_number", "07911 123456")
    assert result == {"phone_number": PHONE, "otp_code": None, "time_zone": "Europe/London"}
    assert messages == ["utter_otp_sent"]
    code = texted_code(action_settings)
    wrong = "000000" if code != "000000" else "111111"
    result, messages = validate("otp_code", wrong, {"phone_number": PHONE})
    assert result == {"otp_code": None} and messages == ["utter_otp_wrong"]
    result, messages = validate("otp_code", code, {"phone_number": PHONE})
    assert result == {"otp_code": "verified"} and messages == ["utter_otp_verified"]


def test_resend_texts_a_new_code(action_settings: Settings) -> None:
    validate("phone_number", PHONE)
    result, messages = validate("otp_code", "resend", {"phone_number": PHONE})
    assert result == {"otp_code": None} and messages == ["utter_otp_sent"]
    with make_session_factory(make_engine(action_settings))() as session:
        assert len(session.scalars(select(SmsMessage)).all()) == 2


def test_a_malformed_number_is_re_asked_and_nothing_is_texted(action_settings: Settings) -> None:
    result, messages = validate("phone_number", "'; DROP TABLE patients; --")
    assert result == {"phone_number": None}
    assert "doesn't look like a phone number" in messages[0]
    with make_session_factory(make_engine(action_settings))() as session:
        assert session.scalars(select(SmsMessage)).all() == []


def test_a_returning_patient_is_named_only_after_the_code(action_settings: Settings) -> None:
    factory = make_session_factory(make_engine(action_settings))
    with session_scope(factory) as session:
        patient = Patient(
            first_name="Beatriz",
            phone_e164=PHONE,
            date_of_birth=date(1975, 1, 2),
            time_zone="Europe/London",
            language="pt",
            sms_consent=True,
            intake_completed_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        patient.conditions.append(Condition(name="asthma"))
        session.add(patient)
    result, messages = validate("phone_number", PHONE, {"first_name": "Bea"})
    # Nothing from the record before the code: the same answer a new number gets.
    assert messages == ["utter_otp_sent"] and "Beatriz" not in str(result)
    result, messages = validate("otp_code", texted_code(action_settings), {"phone_number": PHONE})
    assert messages == ["utter_welcome_back"]
    assert result["first_name"] == "Beatriz" and result["conditions"] == "asthma"
    assert result["allergies"] == "none" and result["sms_consent"] == "yes"
    with factory() as session:
        conversation = session.scalars(select(Conversation)).one()
        assert conversation.sender_id == "web-1" and conversation.patient.first_name == "Beatriz"


@pytest.mark.parametrize(
    ("slot", "typed", "says"),
    [
        ("date_of_birth", "1 January 2031", "in the future"),
        ("date_of_birth", "🎂", "with the year"),
        ("time_zone", "Atlantis", "nearest large city"),
        ("preferred_language", "Elvish", "didn't recognise"),
        ("allergies", "<script>alert(1)</script>", "just the names"),
        ("sms_consent", "perhaps", "yes or no"),
    ],
)
def test_bad_answers_are_re_asked_with_the_reason(
    action_settings: Settings, slot: str, typed: str, says: str
) -> None:
    result, messages = validate(slot, typed)
    assert result == {slot: None} and says in messages[0]


def test_a_language_the_chat_does_not_speak_is_noted_for_the_clinic(
    action_settings: Settings,
) -> None:
    result, messages = validate("preferred_language", "Spanish")
    assert result == {"preferred_language": "es"} and messages == ["utter_language_noted"]


def run_save(action: ActionSaveIntake, slots: dict[str, Any], sender: str = "web-1"):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker(sender, slots, "socketio"), {}))
    return events, dispatcher


def test_save_intake_stores_every_answer_and_reads_them_back(action_settings: Settings) -> None:
    events, dispatcher = run_save(ActionSaveIntake(), ANSWERS)
    assert said(dispatcher) == ["utter_intake_saved"]
    summary = dispatcher.messages[0]["summary"]
    assert "3 May 1980" in summary and "asthma, type 2 diabetes" in summary
    assert SlotSet("first_name", "Ana") in events
    with make_session_factory(make_engine(action_settings))() as session:
        conversation = session.scalars(select(Conversation)).one()
        patient = conversation.patient
        assert (conversation.sender_id, conversation.channel) == ("web-1", "socketio")
        assert (patient.first_name, patient.phone_e164, patient.date_of_birth) == (
            "Ana",
            PHONE,
            date(1980, 5, 3),
        )
        assert (patient.time_zone, patient.language, patient.sms_consent) == (
            "Europe/London",
            "es",
            True,
        )
        assert patient.phone_verified_at and patient.sms_consent_at and patient.intake_completed_at
        assert sorted(c.name for c in patient.conditions) == ["asthma", "type 2 diabetes"]
        assert [a.name for a in patient.allergies] == ["penicillin"]
        assert [m.name for m in patient.medications] == ["metformin"]


def test_saving_again_is_silent_unless_something_changed(action_settings: Settings) -> None:
    run_save(ActionSaveIntake(), ANSWERS)
    _, dispatcher = run_save(ActionSaveIntake(), ANSWERS)
    assert dispatcher.messages == []
    _, dispatcher = run_save(ActionSaveIntake(), {**ANSWERS, "allergies": "none"})
    assert said(dispatcher) == ["utter_intake_updated"]
    with make_session_factory(make_engine(action_settings))() as session:
        assert session.scalars(select(Allergy)).all() == []
        assert len(session.scalars(select(Medication)).all()) == 1


def test_an_unverified_number_is_never_stored(action_settings: Settings) -> None:
    run_save(ActionSaveIntake(), {**ANSWERS, "otp_code": None})
    with make_session_factory(make_engine(action_settings))() as session:
        assert session.scalars(select(Patient)).one().phone_e164 is None


def test_stopping_keeps_the_answers_so_far_without_finishing(action_settings: Settings) -> None:
    _, dispatcher = run_save(
        ActionSaveIntakeProgress(), {"first_name": "Ana", "date_of_birth": "1980-05-03"}
    )
    assert dispatcher.messages == []
    with make_session_factory(make_engine(action_settings))() as session:
        patient = session.scalars(select(Patient)).one()
        assert patient.date_of_birth == date(1980, 5, 3) and patient.intake_completed_at is None


def test_an_sms_patient_is_the_sender_and_a_complete_one_is_not_asked_again(
    action_settings: Settings,
) -> None:
    dispatcher = CollectingDispatcher()
    slots = {k: v for k, v in ANSWERS.items() if k not in ("phone_number", "otp_code")}
    asyncio.run(ActionSaveIntake().run(dispatcher, sms_tracker(slots=slots), {}))
    with make_session_factory(make_engine(action_settings))() as session:
        assert session.scalars(select(Patient)).one().phone_e164 == PHONE
    form = ValidateIntakeForm()
    assert asyncio.run(form.required_slots([], CollectingDispatcher(), sms_tracker(), {})) == []


def correct(text: str, slots: dict[str, Any] | None = None, channel: str = "socketio"):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    t = tracker("web-1", slots, channel)
    t.latest_message = {"text": text, "intent": {"name": "correct_detail"}, "entities": []}
    events = asyncio.run(ActionCorrectIntake().run(dispatcher, t, {}))
    return events, said(dispatcher)


def test_a_correction_with_the_new_value_takes_it(action_settings: Settings) -> None:
    events, messages = correct("change my date of birth to 4 May 1980")
    assert events == [SlotSet("date_of_birth", "1980-05-04")] and messages == []


def test_a_correction_without_a_value_asks_again(action_settings: Settings) -> None:
    events, messages = correct("I gave the wrong phone number", {"phone_number": PHONE})
    assert events == [SlotSet("phone_number", None), SlotSet("otp_code", None)]
    assert messages == ["utter_correcting"]
    events, _ = correct("oops I typed that wrong", {**ANSWERS, "requested_slot": "conditions"})
    assert events == [SlotSet("preferred_language", None)]


def test_a_value_is_taken_only_after_the_words_naming_the_field(action_settings: Settings) -> None:
    events, _ = correct("sorry, my birthday is 4 May 1980")
    assert events == [SlotSet("date_of_birth", "1980-05-04")]
    # "to" before the field's name introduces no value for it.
    events, messages = correct("I want to change my date of birth", dict(ANSWERS))
    assert events == [SlotSet("date_of_birth", None)] and messages == ["utter_correcting"]


def test_a_list_is_asked_again_whole_and_never_half_replaced(action_settings: Settings) -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("web-1", dict(ANSWERS))
    text = "I'm also allergic to peanuts, can you update my allergies"
    t.latest_message = {"text": text, "intent": {"name": "correct_detail"}, "entities": []}
    events = asyncio.run(ActionCorrectIntake().run(dispatcher, t, {}))
    # Not ["peanuts", "can you update my allergies"] in place of penicillin.
    assert events == [SlotSet("allergies", None)]
    [message] = dispatcher.messages
    assert message["response"] == "utter_correcting_list"
    assert message["on_file"] == "penicillin" and message["detail"] == "allergies"
    events, messages = correct("change my conditions to asthma", {**ANSWERS, "conditions": None})
    assert events == [SlotSet("conditions", None)] and messages == ["utter_correcting"]


def test_a_correction_that_names_nothing_asks_which_detail(action_settings: Settings) -> None:
    events, messages = correct("I want to correct my details")
    assert events == [] and messages == ["utter_which_detail"]


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

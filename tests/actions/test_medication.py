"""Medication and reminder-reply actions, driven the rasa-sdk way on a real SQLite database: a
Tracker in, the exact events and responses out, and the rows they leave behind."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions.common
from actions.medication import (
    ActionConfirmMedication,
    ActionDiscardMedicationDraft,
    ActionListMedications,
    ActionPauseMedication,
    ActionProposeMedication,
    ActionSetQuietHours,
    ActionStopMedication,
)
from actions.reminders import ActionReminderReply, ActionSmsHelp, ActionSmsStart, ActionSmsStop
from bot.db.engine import make_engine, make_session_factory
from bot.db.migrate import upgrade
from bot.db.models import (
    Channel,
    Conversation,
    DoseEvent,
    DoseStatus,
    Medication,
    MedicationSchedule,
    Patient,
)
from bot.settings import Settings

PHONE = "+14155552671"
CLEARED = [SlotSet("medication_draft", None), SlotSet("medication_pending", False)]


@pytest.fixture
def settings(sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    upgrade(sqlite_settings)
    actions.common.session_factory.cache_clear()
    monkeypatch.setattr(actions.common, "get_settings", lambda: sqlite_settings)
    monkeypatch.setattr("actions.reminders.get_settings", lambda: sqlite_settings)
    yield sqlite_settings
    actions.common.session_factory.cache_clear()


def _session(settings: Settings) -> Any:
    return make_session_factory(make_engine(settings))()


def _web_patient(settings: Settings, sender: str = "web-1", **fields: Any) -> int:
    with _session(settings) as session:
        patient = Patient(first_name="Ana", time_zone="Europe/London", **fields)
        session.add(patient)
        session.flush()
        session.add(Conversation(sender_id=sender, channel=Channel.REST, patient_id=patient.id))
        session.commit()
        return patient.id


def tracker(
    text: str,
    intent: str,
    *,
    sender: str = "web-1",
    channel: str = "rest",
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    phone: str | None = None,
) -> Tracker:
    metadata = {"phone": phone} if phone else {}
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "metadata": metadata,
    }
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message=latest,
        events=[{"event": "user", "input_channel": channel, "text": text, "metadata": metadata}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Any, tracker_: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return events, dispatcher.messages


def test_metformin_is_read_back_then_saved_on_yes(settings: Settings) -> None:
    patient_id = _web_patient(settings, phone_e164=PHONE, sms_consent=True)
    events, messages = run(
        ActionProposeMedication(), tracker("metformin 500 mg at 8am and 8pm", "add_medication")
    )
    assert messages[0]["text"] == (
        "Metformin 500 mg at 8:00 am and 8:00 pm every day, starting today. Is that right?"
    )
    draft = events[0]["value"]
    assert events == [SlotSet("medication_draft", draft), SlotSet("medication_pending", True)]
    with _session(settings) as session:
        assert session.scalar(sa.select(sa.func.count(Medication.id))) == 0  # not before yes

    events, messages = run(
        ActionConfirmMedication(), tracker("yes", "affirm", slots={"medication_draft": draft})
    )
    assert events == CLEARED
    assert [m["response"] for m in messages] == ["utter_medication_saved"]
    with _session(settings) as session:
        medication = session.scalars(sa.select(Medication)).one()
        assert (medication.patient_id, medication.name, medication.dose) == (
            patient_id,
            "metformin",
            "500 mg",
        )
        times = session.scalars(
            sa.select(MedicationSchedule.local_time).order_by(MedicationSchedule.local_time)
        ).all()
        assert times == [time(8, 0), time(20, 0)]


def _metformin_on_file(settings: Settings) -> None:
    patient_id = _web_patient(settings, phone_e164=PHONE, sms_consent=True)
    with _session(settings) as session:
        medication = Medication(patient_id=patient_id, name="metformin", dose="500 mg")
        medication.schedules = [
            MedicationSchedule(local_time=time(8, 0), time_zone="Europe/London"),
            MedicationSchedule(local_time=time(20, 0), time_zone="Europe/London"),
        ]
        session.add(medication)
        session.commit()


@pytest.mark.parametrize(
    ("text", "read_back"),
    [
        # A new dose, the times as they were (the old dose used to win).
        (
            "my doctor increased my metformin to 1000 mg",
            "Metformin 1000 mg at 8:00 am and 8:00 pm every day",
        ),
        # New times, the dose as it was.
        ("change my metformin to 9am and 9pm", "Metformin 500 mg at 9:00 am and 9:00 pm"),
    ],
)
def test_a_change_reads_back_the_new_part_and_keeps_the_rest(
    settings: Settings, text: str, read_back: str
) -> None:
    _metformin_on_file(settings)
    events, messages = run(ActionProposeMedication(), tracker(text, "change_medication"))
    assert messages[0]["text"].startswith(read_back)
    assert events[0]["value"]["replaces_id"] is not None


def test_a_schedule_that_cannot_be_read_is_asked_again_and_nothing_kept(
    settings: Settings,
) -> None:
    _web_patient(settings)
    events, messages = run(ActionProposeMedication(), tracker("metformin at 8", "add_medication"))
    assert events == CLEARED
    assert "am or pm" in messages[0]["text"]


def test_no_discards_the_draft_and_yes_without_one_says_so(settings: Settings) -> None:
    _web_patient(settings)
    events, messages = run(
        ActionDiscardMedicationDraft(), tracker("no", "deny", slots={"medication_draft": {"x": 1}})
    )
    assert events == CLEARED and messages[0]["response"] == "utter_medication_draft_discarded"
    events, messages = run(ActionConfirmMedication(), tracker("yes", "affirm"))
    assert events == CLEARED and messages[0]["response"] == "utter_nothing_to_confirm"
    # A tampered draft is refused politely, nothing saved.
    events, messages = run(
        ActionConfirmMedication(), tracker("yes", "affirm", slots={"medication_draft": {"x": 1}})
    )
    assert messages[0]["response"] == "utter_medication_draft_discarded"
    with _session(settings) as session:
        assert session.scalar(sa.select(sa.func.count(Medication.id))) == 0


def test_unknown_sender_is_told_politely(settings: Settings) -> None:
    events, messages = run(
        ActionProposeMedication(), tracker("lisinopril every morning", "add_medication")
    )
    assert events == [] and messages[0]["response"] == "utter_patient_unknown"


def test_list_pause_stop_and_quiet_hours(settings: Settings) -> None:
    patient_id = _web_patient(settings)
    _, messages = run(ActionListMedications(), tracker("list my medications", "list_medications"))
    assert messages[0]["response"] == "utter_no_medications"
    for text in ("metformin 500 mg at 8am and 8pm", "vitamin D on Mondays"):
        events, _ = run(ActionProposeMedication(), tracker(text, "add_medication"))
        run(
            ActionConfirmMedication(),
            tracker("yes", "affirm", slots={"medication_draft": events[0]["value"]}),
        )
    _, messages = run(ActionListMedications(), tracker("list my medications", "list_medications"))
    assert messages[0]["text"] == (
        "Your medicines:\n- Metformin 500 mg at 8:00 am and 8:00 pm every day\n"
        "- Vitamin D at 8:00 am every Monday"
    )
    _, messages = run(ActionPauseMedication(), tracker("pause my reminders", "pause_medication"))
    assert messages[0]["response"] == "utter_which_medication"  # two: which one?
    _, messages = run(ActionPauseMedication(), tracker("pause my metformin", "pause_medication"))
    assert messages[0]["response"] == "utter_medication_paused"
    _, messages = run(ActionStopMedication(), tracker("stop vitamin d", "stop_medication"))
    assert messages[0]["response"] == "utter_medication_stopped"
    _, messages = run(
        ActionSetQuietHours(), tracker("don't text me between 10pm and 7am", "set_quiet_hours")
    )
    assert messages[0]["response"] == "utter_quiet_hours_saved"
    with _session(settings) as session:
        patient = session.get(Patient, patient_id)
        assert (patient.quiet_hours_start, patient.quiet_hours_end) == (time(22), time(7))
        states = session.execute(
            sa.select(Medication.name, Medication.paused, Medication.active).order_by(Medication.id)
        ).all()
        assert states == [("metformin", True, True), ("vitamin D", False, False)]


def _texted_dose(settings: Settings) -> int:
    with _session(settings) as session:
        patient = Patient(first_name="Bo", phone_e164=PHONE, sms_consent=True)
        medication = Medication(patient=patient, name="metformin", dose="500 mg")
        schedule = MedicationSchedule(medication=medication, local_time=time(8))
        session.add_all([patient, medication, schedule])
        session.flush()
        dose = DoseEvent(
            medication_id=medication.id,
            schedule_id=schedule.id,
            scheduled_at_utc=datetime.now(UTC) - timedelta(minutes=5),
            status=DoseStatus.SENT,
        )
        session.add(dose)
        session.commit()
        return dose.id


def test_taken_by_sms_is_recorded_on_the_open_reminder(settings: Settings) -> None:
    dose_id = _texted_dose(settings)
    sms = {"sender": "sms-abc", "channel": "sms", "phone": PHONE}
    entities = [{"entity": "reply", "value": "taken"}, {"entity": "keyword", "value": "TAKEN"}]
    events, messages = run(
        ActionReminderReply(),
        tracker("/reminder_reply", "reminder_reply", entities=entities, **sms),
    )
    assert events == []
    assert messages[0]["response"] == "utter_dose_taken"
    assert messages[0]["medication"] == "metformin"
    with _session(settings) as session:
        assert session.get(DoseEvent, dose_id).status is DoseStatus.TAKEN
    _, messages = run(
        ActionReminderReply(),
        tracker("/reminder_reply", "reminder_reply", entities=entities, **sms),
    )
    assert messages[0]["response"] == "utter_no_open_reminder"
    # From a number we do not know: polite, nothing recorded.
    _, messages = run(
        ActionReminderReply(),
        tracker(
            "/reminder_reply",
            "reminder_reply",
            entities=entities,
            sender="sms-x",
            channel="sms",
            phone="+14155550000",
        ),
    )
    assert messages[0]["response"] == "utter_patient_unknown"


def test_yes_by_sms_confirms_a_read_back_rather_than_a_dose(settings: Settings) -> None:
    dose_id = _texted_dose(settings)
    sms = {"sender": "sms-abc", "channel": "sms", "phone": PHONE}
    events, _ = run(
        ActionProposeMedication(), tracker("lisinopril every morning", "add_medication", **sms)
    )
    draft = events[0]["value"]
    entities = [{"entity": "reply", "value": "taken"}, {"entity": "keyword", "value": "YES"}]
    events, messages = run(
        ActionReminderReply(),
        tracker(
            "/reminder_reply",
            "reminder_reply",
            entities=entities,
            slots={"medication_draft": draft},
            **sms,
        ),
    )
    assert events == CLEARED and messages[0]["response"] == "utter_medication_saved"
    with _session(settings) as session:
        assert session.get(DoseEvent, dose_id).status is DoseStatus.SENT


def test_stop_is_confirmed_once_start_and_help(settings: Settings) -> None:
    _texted_dose(settings)
    sms = {"sender": "sms-abc", "channel": "sms", "phone": PHONE}
    _, first = run(ActionSmsStop(), tracker("/sms_stop", "sms_stop", **sms))
    _, second = run(ActionSmsStop(), tracker("/sms_stop", "sms_stop", **sms))
    assert [m["response"] for m in first] == ["utter_sms_stopped"] and second == []
    with _session(settings) as session:
        assert session.scalars(sa.select(Patient.sms_opted_out_at)).one() is not None
    _, messages = run(ActionSmsStart(), tracker("/sms_start", "sms_start", **sms))
    assert messages[0]["response"] == "utter_sms_started"
    with _session(settings) as session:
        assert session.scalars(sa.select(Patient.sms_opted_out_at)).one() is None
    _, messages = run(ActionSmsHelp(), tracker("/sms_help", "sms_help", **sms))
    assert messages[0]["response"] == "utter_sms_help"

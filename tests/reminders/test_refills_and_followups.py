"""Refill reminders (once per supply) and follow-ups started through Rasa's trigger_intent, with
Rasa faked at the HTTP boundary (httpx's MockTransport) and the real sender in local mode."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import httpx
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import (
    Channel,
    FollowUp,
    FollowUpStatus,
    Medication,
    MedicationSchedule,
    Patient,
    SmsMessage,
    SmsPurpose,
)
from bot.reminders.followups import FOLLOWUP_INTENT, send_due_followups
from bot.reminders.medications import set_pill_count
from bot.reminders.patients import sms_sender_id
from bot.reminders.refills import days_left, refill_text, send_refill_reminders
from bot.reminders.sms import make_sms_sender
from bot.settings import Settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
PHONE = "+14155552671"


def _medication(factory: sessionmaker[Session], pill_count: int, dose: str = "1 tablet") -> int:
    with session_scope(factory) as session:
        patient = Patient(first_name="Ada", phone_e164=PHONE, sms_consent=True)
        medication = Medication(patient=patient, name="metformin", dose=dose, pill_count=pill_count)
        for clock in (time(8), time(20)):
            medication.schedules.append(MedicationSchedule(local_time=clock))
        session.add(patient)
        session.flush()
        return medication.id


def test_one_refill_reminder_per_supply(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    medication_id = _medication(factory, pill_count=20)  # 10 days at two a day: enough
    sender = make_sms_sender(sqlite_settings, factory)
    assert send_refill_reminders(factory, sender, sqlite_settings, NOW) == 0
    with session_scope(factory) as session:
        medication = session.get(Medication, medication_id)
        assert medication is not None
        medication.pill_count = 13  # 6.5 days
        assert days_left(medication) == 6.5
    assert send_refill_reminders(factory, sender, sqlite_settings, NOW) == 1
    assert send_refill_reminders(factory, sender, sqlite_settings, NOW + timedelta(days=1)) == 0
    with factory() as session:
        message = session.scalars(sa.select(SmsMessage)).one()
        assert message.idempotency_key == f"refill-{medication_id}-0"
        assert (
            message.body
            == "Hi Ada. You have about 6 days of metformin left. Please order a refill."
        )
    # A new supply, then low again: one more reminder.
    with session_scope(factory) as session:
        medication = session.get(Medication, medication_id)
        assert medication is not None
        set_pill_count(medication, 4)
    assert send_refill_reminders(factory, sender, sqlite_settings, NOW + timedelta(days=9)) == 1
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count(SmsMessage.id))) == 2


def test_refill_text_is_discreet_when_asked() -> None:
    assert refill_text("Ada", "metformin", 0, discreet=True) == (
        "Hi Ada. You have less than a day of your medicine left. Please order a refill."
    )


def _followup(factory: sessionmaker[Session], due: datetime, phone: str = PHONE) -> int:
    with session_scope(factory) as session:
        patient = Patient(first_name="Ada", phone_e164=phone, sms_consent=True)
        session.add(patient)
        session.flush()
        followup = FollowUp(patient_id=patient.id, due_at_utc=due)
        session.add(followup)
        session.flush()
        return followup.id


def test_due_followup_is_triggered_once_and_its_replies_texted(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    followup_id = _followup(factory, NOW - timedelta(minutes=1))
    _followup(factory, NOW + timedelta(hours=1), "+14155552672")  # not due
    calls: list[httpx.Request] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(
            200, json={"tracker": {}, "messages": [{"recipient_id": "x", "text": "How are you?"}]}
        )

    client = httpx.Client(transport=httpx.MockTransport(rasa))
    sender = make_sms_sender(sqlite_settings, factory)
    assert send_due_followups(factory, sender, sqlite_settings, NOW, client=client) == 1
    assert send_due_followups(factory, sender, sqlite_settings, NOW, client=client) == 0
    (call,) = calls
    sender_id = sms_sender_id(sqlite_settings, PHONE)
    assert call.url.path == f"/conversations/{sender_id}/trigger_intent"
    assert call.url.params["token"] == sqlite_settings.derived_key("rasa-api")
    assert json.loads(call.content) == {
        "name": FOLLOWUP_INTENT,
        "entities": {"followup_id": followup_id},
    }
    with factory() as session:
        assert session.get(FollowUp, followup_id).status is FollowUpStatus.SENT
        message = session.scalars(sa.select(SmsMessage)).one()
        assert (message.body, message.purpose, message.to_number) == (
            "How are you?",
            SmsPurpose.FOLLOWUP,
            PHONE,
        )
        assert message.idempotency_key == f"followup-{followup_id}-0"


def test_followup_is_kept_for_the_next_poll_when_rasa_is_down(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    followup_id = _followup(factory, NOW)

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, json={"error": "boom"})

    sender = make_sms_sender(sqlite_settings, factory)
    for handler in (down, broken):
        client = httpx.Client(transport=httpx.MockTransport(handler))
        assert send_due_followups(factory, sender, sqlite_settings, NOW, client=client) == 0
        with factory() as session:
            assert session.get(FollowUp, followup_id).status is FollowUpStatus.SCHEDULED
    # A real refused connection, not a fake: nothing listens on this port.
    real = sqlite_settings.model_copy(update={"rasa_port": 9})
    assert send_due_followups(factory, sender, real, NOW) == 0
    with factory() as session:
        assert session.get(FollowUp, followup_id).status is FollowUpStatus.SCHEDULED
        assert session.scalar(sa.select(sa.func.count(SmsMessage.id))) == 0
    assert Channel.SMS.value == "sms"

"""Issue #5's "done when", end to end on the real stack (the Procfile through honcho):

a patient registers in web chat and sets up "metformin 500 mg at 8am and 8pm"; the bot reads it
back and saves it on "yes"; texts go out at 8:00 and 20:00 the patient's local time (into the
local outbox); the patient answers TAKEN and SKIP by SMS, STOP (confirmed once), HELP and START,
and the records show each. The running worker also texts a dose it finds due by itself.

Time is driven through the worker's own hook, `run_reminder_cycle(now_utc=...)`: the medication
is dated as set up two days ago, and the cycle runs at the last local 8:00 and 20:00, exactly as
the worker would have then. Everything else is the real processes over HTTP.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import sqlalchemy as sa
from twilio.request_validator import RequestValidator

from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.models import (
    Conversation,
    DoseEvent,
    DoseStatus,
    Medication,
    MedicationSchedule,
    Patient,
    SmsMessage,
)
from bot.reminders.schedule import local_to_utc
from bot.reminders.sms import make_sms_sender
from bot.reminders.worker import run_reminder_cycle
from tests.e2e.patient import register
from tests.e2e.stack import Stack

PATIENT_NAME = "Lindiwe"
PATIENT_PHONE = "+13125550123"
TIME_ZONE = "America/Chicago"


# The worker polls every 2 s (not the default 30) so texts go out while the test waits.
STACK_ENV = {"REMINDER_POLL_SECONDS": "2"}


def say(stack: Stack, sender: str, message: str) -> list[str]:
    reply = httpx.post(
        f"{stack.urls['rasa']}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=60,
    )
    reply.raise_for_status()
    return [m.get("text", "") for m in reply.json()]


def text(stack: Stack, body: str) -> str:
    """Send a signed inbound SMS from the patient; the TwiML answer's text."""
    url = f"{stack.urls['rasa']}/webhooks/sms/webhook"
    form = {
        "From": PATIENT_PHONE,
        "To": "+15005550006",
        "Body": body,
        "MessageSid": "SM" + uuid.uuid4().hex,
    }
    signature = RequestValidator(stack.settings.webhook_auth_token).compute_signature(url, form)
    response = httpx.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=60)
    assert response.status_code == 200, response.text
    return response.text


def last_local(clock_hour: int, now: datetime) -> datetime:
    """The latest instant at `clock_hour`:00 local time that is not after `now`."""
    zone = ZoneInfo(TIME_ZONE)
    day = now.astimezone(zone).date()
    instant = local_to_utc(day, datetime.min.time().replace(hour=clock_hour), zone)
    return instant if instant <= now else instant - timedelta(days=1)


def test_set_up_in_chat_texted_at_local_times_and_answered_by_sms(stack: Stack) -> None:
    factory = make_session_factory(make_engine(stack.settings))
    sender = f"e2e-{uuid.uuid4().hex[:12]}"

    # Intake in chat: the number (proved by the texted code), time zone and consent to texts.
    register(stack, sender, PATIENT_NAME, PATIENT_PHONE)
    with session_scope(factory) as session:
        conversation = session.scalars(
            sa.select(Conversation).where(Conversation.sender_id == sender)
        ).one()
        patient = session.get(Patient, conversation.patient_id)
        assert patient is not None
        assert (patient.phone_e164, patient.time_zone, patient.sms_consent) == (
            PATIENT_PHONE,
            TIME_ZONE,
            True,
        )
        patient_id = patient.id

    # Set up in chat: read back, nothing saved before yes.
    read_back = say(stack, sender, "metformin 500 mg at 8am and 8pm")
    assert read_back == [
        "Metformin 500 mg at 8:00 am and 8:00 pm every day, starting today. Is that right?"
    ]
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count(Medication.id))) == 0
    saved = say(stack, sender, "yes")
    assert saved == [
        "Saved. I'll text you reminders for metformin. Reply TAKEN, SKIP or SNOOZE to each one."
    ]
    listed = say(stack, sender, "list my medications")
    assert listed == ["Your medicines:\n- Metformin 500 mg at 8:00 am and 8:00 pm every day"]

    # Two days later: the worker's cycle at the patient's local 8:00 and 20:00.
    now = datetime.now(UTC)
    with session_scope(factory) as session:
        session.execute(sa.update(MedicationSchedule).values(created_at=now - timedelta(days=2)))
        session.execute(sa.update(Medication).values(start_date=(now - timedelta(days=2)).date()))
    sms_sender = make_sms_sender(stack.settings, factory)
    eight_am, eight_pm = last_local(8, now), last_local(20, now)
    with stack.reminder_worker_paused():
        for due in sorted([eight_am, eight_pm]):
            run_reminder_cycle(factory, sms_sender, "e2e-clock", due + timedelta(seconds=30))
    with factory() as session:
        outbox = session.execute(
            sa.select(
                SmsMessage.body, SmsMessage.to_number, SmsMessage.status, DoseEvent.scheduled_at_utc
            )
            .join(DoseEvent, DoseEvent.sms_message_id == SmsMessage.id)
            .order_by(DoseEvent.scheduled_at_utc)
        ).all()
    assert [row.scheduled_at_utc for row in outbox] == sorted([eight_am, eight_pm])
    local_times = {
        row.scheduled_at_utc.astimezone(ZoneInfo(TIME_ZONE)).strftime("%H:%M") for row in outbox
    }
    assert local_times == {"08:00", "20:00"}
    for row in outbox:
        assert row.body == (
            f"Hi {PATIENT_NAME}. Time for your metformin 500 mg. Reply TAKEN, SKIP or SNOOZE."
        )
        assert (row.to_number, row.status) == (PATIENT_PHONE, "delivered")

    # TAKEN answers the latest texted dose, SKIP the one before.
    assert "recorded your metformin as taken" in text(stack, "TAKEN")
    assert "skipped your metformin" in text(stack, "skip")
    assert "no reminder waiting" in text(stack, "1")
    with factory() as session:
        statuses = dict(
            session.execute(sa.select(DoseEvent.scheduled_at_utc, DoseEvent.status)).all()
        )
    latest, earlier = max(eight_am, eight_pm), min(eight_am, eight_pm)
    assert statuses[latest] is DoseStatus.TAKEN
    assert statuses[earlier] is DoseStatus.SKIPPED

    # HELP, STOP (confirmed once), START.
    assert "Reply TAKEN, SKIP or SNOOZE to a reminder, STOP to stop texts" in text(stack, "HELP")
    assert "unsubscribed" in text(stack, "STOP")
    assert "<Message>" not in text(stack, "stop")
    with factory() as session:
        assert session.get(Patient, patient_id).sms_opted_out_at is not None
    assert "subscribed to CareLoop texts again" in text(stack, "START")
    with factory() as session:
        assert session.get(Patient, patient_id).sms_opted_out_at is None


def test_the_running_worker_texts_a_dose_set_up_by_sms(stack: Stack) -> None:
    """No clock hook: a dose set up over SMS for a couple of minutes from now is texted by the
    worker process itself."""
    factory = make_session_factory(make_engine(stack.settings))
    local = (datetime.now(UTC) + timedelta(seconds=90)).astimezone(ZoneInfo(TIME_ZONE))
    clock = (local + timedelta(minutes=1)).strftime("%H:%M")
    assert "Is that right?" in text(stack, f"lisinopril 10 mg at {clock}")
    assert "Saved" in text(stack, "YES")
    stack.wait_until(
        lambda: _lisinopril_texts(factory) == 1, 240, "the worker to text the lisinopril dose"
    )
    assert "lisinopril as taken" in text(stack, "TAKEN")


def _lisinopril_texts(factory) -> int:  # type: ignore[no-untyped-def]
    with factory() as session:
        return int(
            session.scalar(
                sa.select(sa.func.count(SmsMessage.id)).where(
                    SmsMessage.body.contains("lisinopril")
                )
            )
            or 0
        )


def test_logs_hold_no_phone_number_or_name(stack: Stack) -> None:
    log = stack.log()
    assert PATIENT_PHONE not in log and PATIENT_PHONE[1:] not in log
    assert PATIENT_NAME not in log
    assert "metformin" not in log.lower()

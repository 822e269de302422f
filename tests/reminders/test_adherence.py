"""Replies and adherence on a real database, with the real sender in local mode: TAKEN, SKIP and
SNOOZE land on the most recent open dose; a snooze re-sends once; unanswered doses become missed;
two misses in a row, or a skipped critical dose, put the patient in the nurse queue."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.channels.sms_keywords import keyword_payload, normalise
from bot.db.engine import session_scope
from bot.db.models import (
    Channel,
    Conversation,
    DoseEvent,
    DoseStatus,
    Handoff,
    HandoffReason,
    Medication,
    MedicationSchedule,
    Patient,
    SmsMessage,
)
from bot.reminders.adherence import (
    DoseReply,
    ReplyOutcome,
    mark_missed_doses,
    record_reply,
    units_per_dose,
)
from bot.reminders.dispatch import send_due_reminders
from bot.reminders.patients import (
    opt_in,
    opt_out,
    patient_for_message,
    sms_sender_id,
)
from bot.reminders.schedule import materialise_dose_events
from bot.reminders.sms import make_sms_sender
from bot.settings import Settings

# 08:00 in London in June is 07:00 UTC.
EIGHT_AM = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
PHONE = "+447911123456"


def _patient(session: Session, *, critical: bool = False, pill_count: int | None = None) -> int:
    patient = Patient(
        first_name="Ada",
        phone_e164=PHONE,
        sms_consent=True,
        time_zone="Europe/London",
    )
    medication = Medication(
        patient=patient, name="metformin", dose="500 mg", critical=critical, pill_count=pill_count
    )
    for clock in (time(8, 0), time(20, 0)):
        medication.schedules.append(
            MedicationSchedule(
                local_time=clock,
                time_zone="Europe/London",
                created_at=EIGHT_AM - timedelta(days=3),
            )
        )
    session.add(patient)
    session.commit()
    return patient.id


def _send_at(factory: sessionmaker[Session], settings: Settings, now: datetime) -> None:
    with session_scope(factory) as session:
        materialise_dose_events(session, now, timedelta(hours=1))
    send_due_reminders(factory, make_sms_sender(settings, factory), now)


def _doses(factory: sessionmaker[Session]) -> list[DoseEvent]:
    with factory() as session:
        return list(session.scalars(sa.select(DoseEvent).order_by(DoseEvent.scheduled_at_utc)))


def _reply(
    factory: sessionmaker[Session],
    settings: Settings,
    patient_id: int,
    reply: DoseReply,
    now: datetime,
    **options: object,
):
    with session_scope(factory) as session:
        patient = session.get(Patient, patient_id)
        assert patient is not None
        return record_reply(session, settings, patient, reply, now, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "payload"),
    [
        ("TAKEN", '/reminder_reply{"reply": "taken", "keyword": "TAKEN"}'),
        (" yes! ", '/reminder_reply{"reply": "taken", "keyword": "YES"}'),
        ("1", '/reminder_reply{"reply": "taken", "keyword": "1"}'),
        ("skip", '/reminder_reply{"reply": "skipped", "keyword": "SKIP"}'),
        ("No.", '/reminder_reply{"reply": "skipped", "keyword": "NO"}'),
        ("2", '/reminder_reply{"reply": "skipped", "keyword": "2"}'),
        ("SNOOZE", '/reminder_reply{"reply": "snooze", "minutes": 10}'),
        ("snooze 30", '/reminder_reply{"reply": "snooze", "minutes": 30}'),
        ("Snooze 5 min", '/reminder_reply{"reply": "snooze", "minutes": 5}'),
        ("snooze 9999", '/reminder_reply{"reply": "snooze", "minutes": 240}'),
        ("STOP", "/sms_stop"),
        ("stopall", "/sms_stop"),
        ("Unsubscribe", "/sms_stop"),
        ("cancel", "/sms_stop"),
        ("END", "/sms_stop"),
        ("quit", "/sms_stop"),
        ("START", "/sms_start"),
        ("unstop", "/sms_start"),
        ("help", "/sms_help"),
        ("INFO", "/sms_help"),
    ],
)
def test_sms_keywords_become_exact_intent_payloads(typed: str, payload: str) -> None:
    assert keyword_payload(typed) == payload


@pytest.mark.parametrize(
    "typed",
    ["I took it", "stop the metformin", "yes I have chest pain", "snooze later", "12", "/sms_stop"],
)
def test_anything_else_goes_to_the_dialogue_as_typed(typed: str) -> None:
    assert keyword_payload(typed) is None
    assert normalise("  taken!! ") == "TAKEN"


def test_taken_and_skip_answer_the_latest_texted_dose(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    with factory() as session:
        patient_id = _patient(session, pill_count=10)
    _send_at(factory, sqlite_settings, EIGHT_AM + timedelta(minutes=1))
    (morning,) = _doses(factory)
    assert morning.status is DoseStatus.SENT

    result = _reply(
        factory, sqlite_settings, patient_id, DoseReply.TAKEN, EIGHT_AM + timedelta(minutes=5)
    )
    assert (result.outcome, result.dose_event_id, result.pills_left) == (
        ReplyOutcome.RECORDED,
        morning.id,
        9,
    )
    # Answered: a second TAKEN finds nothing open and changes nothing.
    again = _reply(
        factory, sqlite_settings, patient_id, DoseReply.TAKEN, EIGHT_AM + timedelta(minutes=6)
    )
    assert again.outcome is ReplyOutcome.NO_OPEN_DOSE

    evening = EIGHT_AM + timedelta(hours=12)
    _send_at(factory, sqlite_settings, evening)
    _reply(factory, sqlite_settings, patient_id, DoseReply.SKIPPED, evening + timedelta(minutes=2))
    statuses = [d.status for d in _doses(factory)]
    assert statuses == [DoseStatus.TAKEN, DoseStatus.SKIPPED]
    with factory() as session:
        assert session.scalars(sa.select(Medication.pill_count)).one() == 9
        assert session.scalar(sa.select(sa.func.count(Handoff.id))) == 0


def test_a_reply_with_nothing_open_changes_nothing(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    with sqlite_session_factory() as session:
        patient_id = _patient(session)
    result = _reply(sqlite_session_factory, sqlite_settings, patient_id, DoseReply.TAKEN, EIGHT_AM)
    assert result.outcome is ReplyOutcome.NO_OPEN_DOSE
    assert _doses(sqlite_session_factory) == []


def test_snooze_resends_once_after_the_minutes_given(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    with factory() as session:
        patient_id = _patient(session)
    _send_at(factory, sqlite_settings, EIGHT_AM)
    snoozed_at = EIGHT_AM + timedelta(minutes=3)
    result = _reply(
        factory, sqlite_settings, patient_id, DoseReply.SNOOZE, snoozed_at, snooze_minutes=20
    )
    assert result.outcome is ReplyOutcome.SNOOZED
    assert result.snoozed_until_utc == snoozed_at + timedelta(minutes=20)
    # A second snooze is refused: one repeat only.
    assert (
        _reply(factory, sqlite_settings, patient_id, DoseReply.SNOOZE, snoozed_at).outcome
        is ReplyOutcome.ALREADY_SNOOZED
    )

    _send_at(factory, sqlite_settings, snoozed_at + timedelta(minutes=10))  # not yet due
    _send_at(factory, sqlite_settings, snoozed_at + timedelta(minutes=20))  # due: re-sent
    _send_at(factory, sqlite_settings, snoozed_at + timedelta(minutes=21))  # never again
    with factory() as session:
        keys = session.scalars(sa.select(SmsMessage.idempotency_key).order_by(SmsMessage.id)).all()
    (dose,) = _doses(factory)
    assert keys == [f"dose-{dose.id}", f"dose-{dose.id}-snooze"]
    assert dose.status is DoseStatus.SENT

    _reply(
        factory, sqlite_settings, patient_id, DoseReply.TAKEN, snoozed_at + timedelta(minutes=22)
    )
    assert _doses(factory)[0].status is DoseStatus.TAKEN


def test_taken_while_snoozed_cancels_the_repeat(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    with factory() as session:
        patient_id = _patient(session)
    _send_at(factory, sqlite_settings, EIGHT_AM)
    _reply(factory, sqlite_settings, patient_id, DoseReply.SNOOZE, EIGHT_AM, snooze_minutes=10)
    _reply(factory, sqlite_settings, patient_id, DoseReply.TAKEN, EIGHT_AM + timedelta(minutes=4))
    _send_at(factory, sqlite_settings, EIGHT_AM + timedelta(minutes=11))
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count(SmsMessage.id))) == 1
    assert _doses(factory)[0].status is DoseStatus.TAKEN


def test_two_misses_in_a_row_flag_the_patient_once_on_their_sms_conversation(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    with factory() as session:
        patient_id = _patient(session)
    window = timedelta(minutes=sqlite_settings.reminder_missed_after_minutes)
    _send_at(factory, sqlite_settings, EIGHT_AM)
    # Not yet past the window: still open.
    assert (
        mark_missed_doses(factory, sqlite_settings, EIGHT_AM + window - timedelta(minutes=1)) == 0
    )
    assert mark_missed_doses(factory, sqlite_settings, EIGHT_AM + window) == 1
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count(Handoff.id))) == 0  # one miss: no flag

    evening = EIGHT_AM + timedelta(hours=12)
    _send_at(factory, sqlite_settings, evening)
    assert mark_missed_doses(factory, sqlite_settings, evening + window) == 1
    assert [d.status for d in _doses(factory)] == [DoseStatus.MISSED, DoseStatus.MISSED]
    with factory() as session:
        handoff = session.scalars(sa.select(Handoff)).one()
        assert (handoff.reason, handoff.patient_id) == (HandoffReason.MISSED_DOSES, patient_id)
        conversation = session.get(Conversation, handoff.conversation_id)
        assert conversation is not None
        assert conversation.channel is Channel.SMS
        assert conversation.sender_id == sms_sender_id(sqlite_settings, PHONE)
        assert conversation.status == "flagged"

    # A third miss does not open a second handoff while the first is open.
    next_morning = EIGHT_AM + timedelta(days=1)
    _send_at(factory, sqlite_settings, next_morning)
    mark_missed_doses(factory, sqlite_settings, next_morning + window)
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count(Handoff.id))) == 1


def test_a_late_taken_replaces_a_miss(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    with factory() as session:
        patient_id = _patient(session)
    _send_at(factory, sqlite_settings, EIGHT_AM)
    mark_missed_doses(factory, sqlite_settings, EIGHT_AM + timedelta(hours=3))
    result = _reply(
        factory, sqlite_settings, patient_id, DoseReply.TAKEN, EIGHT_AM + timedelta(hours=4)
    )
    assert result.outcome is ReplyOutcome.RECORDED
    assert _doses(factory)[0].status is DoseStatus.TAKEN


def test_a_skipped_critical_dose_flags_at_once(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    with factory() as session:
        patient_id = _patient(session, critical=True)
    _send_at(factory, sqlite_settings, EIGHT_AM)
    result = _reply(factory, sqlite_settings, patient_id, DoseReply.SKIPPED, EIGHT_AM)
    assert result.flagged
    with factory() as session:
        assert session.scalars(sa.select(Handoff.reason)).one() is HandoffReason.MISSED_DOSES


def test_chat_can_answer_a_dose_before_it_is_texted(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    with factory() as session:
        patient_id = _patient(session)
        materialise_dose_events(session, EIGHT_AM - timedelta(minutes=30), timedelta(hours=1))
        session.commit()
    early = EIGHT_AM - timedelta(minutes=30)
    sms = _reply(factory, sqlite_settings, patient_id, DoseReply.TAKEN, early)
    assert sms.outcome is ReplyOutcome.NO_OPEN_DOSE
    chat = _reply(
        factory, sqlite_settings, patient_id, DoseReply.TAKEN, early, include_upcoming=True
    )
    assert chat.outcome is ReplyOutcome.RECORDED
    _send_at(factory, sqlite_settings, EIGHT_AM)  # taken already: nothing is texted
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count(SmsMessage.id))) == 0


def test_patient_found_by_sms_number_and_stop_start(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    with sqlite_session_factory() as session:
        patient_id = _patient(session)
    now = EIGHT_AM
    with session_scope(sqlite_session_factory) as session:
        patient = patient_for_message(session, "sms-abc", "sms", PHONE)
        assert patient is not None and patient.id == patient_id
        assert patient_for_message(session, "sms-xyz", "sms", "+447911123999") is None
        assert patient_for_message(session, "web-1", "rest", None) is None
        assert opt_out(patient, now) is True
        assert opt_out(patient, now) is False  # confirmed once
    with session_scope(sqlite_session_factory) as session:
        conversation = session.scalars(sa.select(Conversation)).one()
        assert (conversation.sender_id, conversation.patient_id) == ("sms-abc", patient_id)
        patient = session.get(Patient, patient_id)
        assert patient is not None and patient.sms_opted_out_at is not None
        assert opt_in(patient) is True and opt_in(patient) is False


@pytest.mark.parametrize(
    ("dose", "units"), [("2 tablets", 2), ("500 mg", 1), (None, 1), ("1 puff", 1)]
)
def test_units_per_dose(dose: str | None, units: int) -> None:
    assert units_per_dose(dose) == units

"""Repositories and models round-trip through a migrated database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import (
    AuditEntry,
    Channel,
    Conversation,
    ConversationStatus,
    Handoff,
    HandoffReason,
    HandoffStatus,
    NurseUser,
    Patient,
    SmsDirection,
    SmsMessage,
    SmsProvider,
    SmsStatus,
    TriageAssessment,
)
from bot.db.repositories import AuditLog, ConversationRepository, PatientRepository


def test_get_or_create_conversation_is_idempotent(session: Session) -> None:
    conversations = ConversationRepository(session)
    first = conversations.get_or_create("sender-1", "rest")
    again = conversations.get_or_create("sender-1", Channel.REST)
    other_channel = conversations.get_or_create("sender-1", Channel.SMS)
    session.commit()

    assert first.id == again.id
    assert other_channel.id != first.id
    assert first.channel is Channel.REST
    assert first.status is ConversationStatus.BOT
    assert first.patient_id is None
    assert first.created_at.tzinfo is UTC


def test_get_or_create_sees_a_row_another_process_committed(
    session_factory: sessionmaker[Session],
) -> None:
    with session_scope(session_factory) as other_process:
        created = ConversationRepository(other_process).get_or_create("sender-2", "socketio")
    with session_scope(session_factory) as session:
        assert (
            ConversationRepository(session).get_or_create("sender-2", "socketio").id == created.id
        )


def test_unknown_channel_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="carrier-pigeon"):
        ConversationRepository(session).get_or_create("sender-3", "carrier-pigeon")


def test_record_name_creates_then_updates_the_patient(
    session_factory: sessionmaker[Session],
) -> None:
    with session_scope(session_factory) as session:
        created = PatientRepository(session).record_name_for_conversation(
            "sender-4", "rest", " Ada "
        )
    with session_scope(session_factory) as session:
        updated = PatientRepository(session).record_name_for_conversation(
            "sender-4", "rest", "Ada", "Lovelace"
        )

    assert updated.id == created.id
    with session_scope(session_factory) as session:
        patient = session.get(Patient, created.id)
        assert patient is not None
        assert (patient.first_name, patient.last_name) == ("Ada", "Lovelace")
        assert (patient.time_zone, patient.language, patient.sms_consent) == ("UTC", "en", False)
        conversation = ConversationRepository(session).get("sender-4", "rest")
        assert conversation is not None
        assert conversation.patient_id == patient.id
        assert session.scalar(sa.select(sa.func.count()).select_from(Patient)) == 1


def test_session_scope_rolls_back_on_error(session_factory: sessionmaker[Session]) -> None:
    with pytest.raises(RuntimeError), session_scope(session_factory) as session:
        PatientRepository(session).record_name_for_conversation("sender-5", "rest", "Grace")
        raise RuntimeError("the action failed")
    with session_scope(session_factory) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Patient)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(Conversation)) == 0


def test_audit_log_records_detail(session: Session) -> None:
    entry = AuditLog(session).record("system", "reminder.sent", dose_event_id=3, attempt=1)
    session.commit()
    session.expunge_all()
    stored = session.get(AuditEntry, entry.id)
    assert stored is not None
    assert (stored.actor, stored.action, stored.patient_id) == ("system", "reminder.sent", None)
    assert stored.detail == {"dose_event_id": 3, "attempt": 1}


def test_times_come_back_as_the_same_instant_in_utc(session: Session) -> None:
    paris_morning = datetime(2026, 7, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    patient = Patient(first_name="Ada", sms_consent=True, sms_consent_at=paris_morning)
    session.add(patient)
    session.commit()
    session.expunge_all()

    stored = session.get(Patient, patient.id)
    assert stored is not None
    assert stored.sms_consent_at == paris_morning
    assert stored.sms_consent_at is not None and stored.sms_consent_at.tzinfo is UTC
    assert stored.sms_consent_at.hour == 7


def test_naive_datetimes_are_refused(session: Session) -> None:
    session.add(Patient(first_name="Ada", sms_consent_at=datetime(2026, 7, 1, 9, 30)))
    with pytest.raises(StatementError, match="naive datetime"):
        session.flush()


def test_nurse_email_is_stored_lower_case_and_unique(session: Session) -> None:
    session.add(
        NurseUser(email=" Nurse.Joy@Clinic.example ", display_name="Joy", password_hash="x")
    )
    session.commit()
    assert session.scalar(sa.select(NurseUser.email)) == "nurse.joy@clinic.example"

    session.add(
        NurseUser(email="NURSE.JOY@clinic.example", display_name="Joy 2", password_hash="y")
    )
    with pytest.raises(IntegrityError):
        session.commit()


def test_status_columns_reject_unknown_values(session: Session) -> None:
    # Raw SQL, bypassing the enum types: the CHECK constraints from the migration catch it.
    with pytest.raises(IntegrityError):
        session.execute(
            sa.text(
                "INSERT INTO conversations (sender_id, channel, status) "
                "VALUES ('s', 'rest', 'asleep')"
            )
        )


def test_outbox_handoff_and_triage_round_trip(session: Session) -> None:
    conversation = ConversationRepository(session).get_or_create("sender-6", "sms")
    message = SmsMessage(
        direction=SmsDirection.OUTBOUND,
        to_number="+15555550100",
        body="Time for your 9:00 reminder.",
        provider=SmsProvider.LOCAL,
    )
    handoff = Handoff(conversation_id=conversation.id, reason=HandoffReason.RED_FLAG, priority=1)
    assessment = TriageAssessment(
        conversation_id=conversation.id,
        input_text="chest pain since this morning",
        level="emergency",
        confidence=0.93,
        probabilities={"emergency": 0.93, "urgent": 0.05, "routine": 0.02},
        red_flags=["chest_pain"],
        model_version="triage-test",
    )
    session.add_all([message, handoff, assessment])
    session.commit()
    session.expunge_all()

    stored_message = session.get(SmsMessage, message.id)
    assert stored_message is not None
    assert (stored_message.status, stored_message.attempts) == (SmsStatus.QUEUED, 0)
    assert stored_message.purpose is None
    stored_handoff = session.get(Handoff, handoff.id)
    assert stored_handoff is not None and stored_handoff.status is HandoffStatus.OPEN
    stored_assessment = session.get(TriageAssessment, assessment.id)
    assert stored_assessment is not None
    assert stored_assessment.probabilities["emergency"] == pytest.approx(0.93)
    assert stored_assessment.red_flags == ["chest_pain"]
    assert stored_assessment.degraded is False

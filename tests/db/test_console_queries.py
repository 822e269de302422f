"""The console's queries on SQLite and PostgreSQL: the queue, search and the transcript."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bot.db.handoffs import HandoffRepository
from bot.db.models import (
    Channel,
    HandoffReason,
    SmsDirection,
    SmsMessage,
    SmsProvider,
    SmsPurpose,
    utcnow,
)
from bot.db.transcripts import ConversationSearch, TranscriptReader
from tests.console import seed


def test_queue_search_and_transcript(session: Session) -> None:
    alive = seed.patient(session, "Naledi", "Sithole", "+14155552675")
    gone = seed.patient(session, "Gone", "Away")
    gone.deleted_at = utcnow()
    conversation = seed.conversation(session, alive, "sms-naledi")
    anonymous = seed.conversation(session, None, "web-anon", Channel.SOCKETIO)
    seed.handoff(session, seed.conversation(session, gone, "sms-gone"), HandoffReason.EMERGENCY)
    seed.handoff(session, anonymous, HandoffReason.TRIAGE_UNAVAILABLE, timedelta(hours=1))
    seed.handoff(session, conversation, HandoffReason.RED_FLAG)
    seed.triage(session, conversation, "urgent", "my chest hurts")
    session.commit()
    start = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    seed.rasa_events(session.get_bind(), "sms-naledi", [("user", "hi"), ("bot", "Hello")], start)  # type: ignore[arg-type]

    queue = HandoffRepository(session).queue()
    assert [item.conversation.sender_id for item in queue] == ["sms-naledi", "web-anon"]
    assert queue[0].latest_triage is not None and queue[1].patient is None

    search = ConversationSearch(session)
    assert [c.sender_id for c, _ in search.search("naledi")] == ["sms-naledi"]
    assert [c.sender_id for c, _ in search.search("2675")] == ["sms-naledi"]
    assert [c.sender_id for c, _ in search.search("", start.date())] == ["sms-naledi"]
    assert search.search("gone") == []

    kinds = [entry.kind for entry in TranscriptReader(session).transcript(conversation)]
    assert kinds[:2] == ["patient", "bot"] and "triage" in kinds


def _text(session: Session, body: str, purpose: SmsPurpose, **where: object) -> None:
    session.add(
        SmsMessage(
            direction=SmsDirection.OUTBOUND,
            to_number="+14155552675",
            body=body,
            purpose=purpose,
            provider=SmsProvider.LOCAL,
            **where,
        )
    )


def test_a_transcript_shows_its_own_texts_and_reminders_only_on_sms(session: Session) -> None:
    patient = seed.patient(session, "Naledi", "Sithole", "+14155552675")
    by_sms = seed.conversation(session, patient, "sms-naledi")
    by_web = seed.conversation(session, patient, "web-naledi", Channel.SOCKETIO)
    other_sms = seed.conversation(session, patient, "sms-naledi-2")
    _text(session, "Time for your metformin", SmsPurpose.REMINDER, patient_id=patient.id)
    _text(
        session,
        "Nurse here, how are you?",
        SmsPurpose.NURSE_REPLY,
        patient_id=patient.id,
        conversation_id=by_sms.id,
    )
    session.commit()

    def texts(conversation: object) -> list[str]:
        entries = TranscriptReader(session).transcript(conversation)  # type: ignore[arg-type]
        return [entry.text for entry in entries if entry.kind == "sms_out"]

    assert texts(by_sms) == ["Time for your metformin", "Nurse here, how are you?"]
    assert texts(other_sms) == ["Time for your metformin"]  # not another thread's reply
    assert texts(by_web) == []  # SMS sent on their own belong where their replies arrive

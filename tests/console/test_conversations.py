"""Transcripts from Rasa's tracker store, search, and taking over: pause, reply, hand back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.console.app import create_app
from bot.db.engine import session_scope
from bot.db.models import (
    AuditEntry,
    Channel,
    Conversation,
    ConversationStatus,
    Handoff,
    HandoffReason,
    HandoffStatus,
    SmsDirection,
    SmsMessage,
    SmsProvider,
    SmsPurpose,
    SmsStatus,
)
from bot.net import free_loopback_port
from bot.settings import Settings
from tests.console import seed
from tests.console.conftest import FakeRasa
from tests.console.support import NURSE_EMAIL, NURSE_PASSWORD, csrf_of, login

PHONE = "+14155552671"
STARTED = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


def _sms_conversation(db: sessionmaker[Session], channel: Channel = Channel.SMS) -> int:
    with session_scope(db) as session:
        patient = seed.patient(session, "Zanele", "Dube", PHONE)
        conversation = seed.conversation(session, patient, "sms-abc123", channel)
        seed.handoff(session, conversation, HandoffReason.EMERGENCY)
        assessment = seed.triage(
            session, conversation, "emergency_ambulance", "crushing chest pain"
        )
        assessment.created_at = STARTED + timedelta(seconds=5)
        session.add_all(
            [
                SmsMessage(
                    patient_id=patient.id,
                    direction=SmsDirection.OUTBOUND,
                    to_number=PHONE,
                    body="Time for your Metformin 500 mg.",
                    purpose=SmsPurpose.REMINDER,
                    status=SmsStatus.DELIVERED,
                    provider=SmsProvider.LOCAL,
                    created_at=STARTED - timedelta(hours=1),
                ),
                SmsMessage(
                    patient_id=patient.id,
                    direction=SmsDirection.INBOUND,
                    to_number="+15005550006",
                    from_number=PHONE,
                    body="TAKEN",
                    status=SmsStatus.DELIVERED,
                    provider=SmsProvider.LOCAL,
                    created_at=STARTED - timedelta(minutes=50),
                ),
            ]
        )
        conversation_id = conversation.id
    seed.rasa_events(
        db.kw["bind"],
        "sms-abc123",
        [("user", "I have crushing chest pain"), ("bot", "Call 999 now.")],
        STARTED,
    )
    return conversation_id


def test_transcript_shows_turns_triage_reminders_and_replies_in_time_order(
    signed_in: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    conversation_id = _sms_conversation(db)
    page = signed_in.get(f"/conversations/{conversation_id}")
    assert page.status_code == 200
    html = page.text

    order = [
        "Time for your Metformin 500 mg.",  # reminder sent
        ">TAKEN<",  # the patient's SMS reply
        "I have crushing chest pain",  # patient turn, from Rasa's events
        "Triage: emergency ambulance",  # triage result, inline
        "Call 999 now.",  # bot turn
    ]
    positions = [html.index(text) for text in order]
    assert positions == sorted(positions)
    assert "2026-03-14 09:30:00 UTC" in html and "Patient via sms" in html
    assert "confidence 93%" in html and "Chest pain" in html and "crushing chest pain" in html
    assert "Chest pain with breathlessness needs an ambulance." in html
    with session_scope(db) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "conversation.viewed")
        ).one()
        assert entry.actor == f"nurse:{nurse_id}" and entry.patient_id is not None


def test_transcript_before_rasa_ever_ran_says_so(
    signed_in: TestClient, db: sessionmaker[Session]
) -> None:
    with session_scope(db) as session:
        conversation_id = seed.conversation(session, None, "web-1", Channel.SOCKETIO).id
    page = signed_in.get(f"/conversations/{conversation_id}").text
    assert "No transcripts yet" in page and "Unknown patient" in page


def test_search_by_name_phone_or_date(signed_in: TestClient, db: sessionmaker[Session]) -> None:
    _sms_conversation(db)
    with session_scope(db) as session:
        seed.conversation(session, seed.patient(session, "Other", "Person"), "sms-other")

    def found(**params: str) -> list[str]:
        html = signed_in.get("/conversations", params=params).text
        return [name for name in ("Zanele Dube", "Other Person") if name in html]

    assert found(q="zanele") == ["Zanele Dube"]
    assert found(q="Dube Zanele") == ["Zanele Dube"]
    assert found(q="415 555 2671") == ["Zanele Dube"]
    assert found(day="2026-03-14") == ["Zanele Dube"]  # from the day's tracker events
    assert found(day="2026-03-13") == []
    assert found() == ["Zanele Dube", "Other Person"] or found() == ["Other Person", "Zanele Dube"]
    assert "is not a date" in signed_in.get("/conversations", params={"day": "14/3"}).text


def test_take_over_pauses_the_bot_and_an_sms_reply_lands_in_the_outbox(
    signed_in: TestClient, db: sessionmaker[Session], rasa: FakeRasa, nurse_id: int
) -> None:
    conversation_id = _sms_conversation(db)
    token = csrf_of(signed_in)

    taken = signed_in.post(
        f"/conversations/{conversation_id}/take-over", data={"csrf_token": token}
    )
    assert taken.status_code == 303
    assert rasa.events() == [
        (
            "/conversations/sms-abc123/tracker/events",
            [{"event": "pause"}],
            {
                "token": Settings.derived_key(signed_in.app.state.settings, "rasa-api"),  # type: ignore[attr-defined]
                "include_events": "NONE",
            },
        )
    ]
    with session_scope(db) as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None
        assert conversation.status is ConversationStatus.NURSE
        assert conversation.taken_over_by == nurse_id
        handoff = session.scalars(select(Handoff)).one()
        assert handoff.status is HandoffStatus.CLAIMED and handoff.claimed_by == nurse_id

    page = signed_in.get(f"/conversations/{conversation_id}").text
    assert "Ann Lee</strong> has taken over" in page and "Reply to the patient (SMS)" in page

    reply = "This is Nurse Ann. An ambulance is on its way; stay on the line with 999."
    sent = signed_in.post(
        f"/conversations/{conversation_id}/reply", data={"csrf_token": token, "message": reply}
    )
    assert sent.status_code == 303
    with session_scope(db) as session:
        sms = session.scalars(
            select(SmsMessage).where(SmsMessage.purpose == SmsPurpose.NURSE_REPLY)
        ).one()
        assert sms.to_number == PHONE and sms.body == reply
        assert sms.provider is SmsProvider.LOCAL and sms.status is SmsStatus.DELIVERED
        assert sms.conversation_id == conversation_id  # shown in this transcript only
    assert reply in signed_in.get(f"/conversations/{conversation_id}").text

    back = signed_in.post(f"/conversations/{conversation_id}/hand-back", data={"csrf_token": token})
    assert back.status_code == 303
    assert rasa.events()[-1][1] == [{"event": "resume"}]
    with session_scope(db) as session:
        conversation = session.get(Conversation, conversation_id)
        # The emergency hand-off is claimed but not resolved: still flagged for a person.
        assert conversation is not None and conversation.status is ConversationStatus.FLAGGED
        assert conversation.taken_over_by is None
        actions = session.scalars(select(AuditEntry.action)).all()
    for action in (
        "conversation.taken_over",
        "conversation.nurse_replied",
        "conversation.handed_back",
    ):
        assert action in actions


def test_web_chat_reply_goes_through_rasa_to_the_socketio_channel(
    signed_in: TestClient, db: sessionmaker[Session], rasa: FakeRasa, nurse_id: int
) -> None:
    with session_scope(db) as session:
        conversation_id = seed.conversation(session, None, "f00dface", Channel.SOCKETIO).id
    token = csrf_of(signed_in)
    signed_in.post(f"/conversations/{conversation_id}/take-over", data={"csrf_token": token})
    signed_in.post(
        f"/conversations/{conversation_id}/reply",
        data={"csrf_token": token, "message": "Hello, this is Ann."},
    )
    path, events, query = rasa.events()[-1]
    assert path == "/conversations/f00dface/tracker/events"
    assert events == [
        {
            "event": "bot",
            "text": "Hello, this is Ann.",
            "metadata": {"sent_by": "nurse", "nurse_id": nurse_id},
        }
    ]
    assert query["execute_side_effects"] == "true" and query["output_channel"] == "socketio"


def test_reply_needs_a_take_over_first(
    signed_in: TestClient, db: sessionmaker[Session], rasa: FakeRasa
) -> None:
    conversation_id = _sms_conversation(db)
    token = csrf_of(signed_in)
    response = signed_in.post(
        f"/conversations/{conversation_id}/reply", data={"csrf_token": token, "message": "hi"}
    )
    assert response.status_code == 409 and "Take it over first" in response.text
    with session_scope(db) as session:
        assert (
            session.scalars(
                select(SmsMessage).where(SmsMessage.purpose == SmsPurpose.NURSE_REPLY)
            ).first()
            is None
        )


def test_with_rasa_down_nothing_is_taken_over_and_the_nurse_is_told_why(
    settings: Settings, db: sessionmaker[Session], nurse_id: int
) -> None:
    # The real client, against a port where nothing listens.
    down = settings.model_copy(update={"rasa_port": free_loopback_port()})
    conversation_id = _sms_conversation(db)
    with TestClient(create_app(down), follow_redirects=False) as client:
        login(client, NURSE_EMAIL, NURSE_PASSWORD)
        response = client.post(
            f"/conversations/{conversation_id}/take-over", data={"csrf_token": csrf_of(client)}
        )
    assert response.status_code == 502
    assert "did not answer, so nothing was changed" in response.text
    assert "make run" in response.text
    with session_scope(db) as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None and conversation.status is ConversationStatus.BOT

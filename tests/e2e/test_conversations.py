"""Patient conversations through the real stack: Rasa (with the red-flag NLU step), the action
server, the triage service and the database, over Rasa's REST channel."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select

from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.models import (
    Conversation,
    FollowUp,
    Handoff,
    HandoffReason,
    TriageAssessment,
    utcnow,
)
from tests.e2e.patient import register
from tests.e2e.stack import Stack

HEADLINES = {
    "emergency_ambulance": "Call 112 now",
    "emergency": "emergency department",
    "urgent": "within 24 hours",
    "routine": "book an appointment",
    "self_care": "look after at home",
}


def say(stack: Stack, sender: str, message: str) -> str:
    reply = httpx.post(
        f"{stack.urls['rasa']}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=60,
    )
    reply.raise_for_status()
    return "\n".join(m.get("text", "") for m in reply.json())


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:12]}"


def rows(stack: Stack, model, sender: str):  # type: ignore[no-untyped-def]
    with make_session_factory(make_engine(stack.settings))() as session:
        conversation = session.scalars(
            select(Conversation).where(Conversation.sender_id == sender)
        ).one()
        return list(session.scalars(select(model).where(model.conversation_id == conversation.id)))


def triage_has_model(stack: Stack) -> bool:
    return httpx.get(f"{stack.urls['triage']}/health", timeout=10).json()["mode"] != "degraded"


def test_a_red_flag_gets_the_emergency_answer_at_once(stack: Stack) -> None:
    sender = new_sender()
    reply = say(stack, sender, "I have crushing chest pain going down my left arm and I'm sweating")
    assert "Call 112 now" in reply and "Do not drive yourself" in reply
    assert "not a diagnosis" in reply
    assert [h.reason for h in rows(stack, Handoff, sender)] == [HandoffReason.EMERGENCY]


def test_a_red_flag_typed_instead_of_a_name_interrupts_intake(stack: Stack) -> None:
    sender = new_sender()
    assert "first name" in say(stack, sender, "hello")
    reply = say(stack, sender, "my lips are going blue and I can't breathe")
    assert "Call 112 now" in reply
    # The form was left: the next message is not taken as a name.
    assert "first name" not in say(stack, sender, "thanks")


def test_symptoms_are_asked_about_then_triaged_with_an_explanation(stack: Stack) -> None:
    sender = new_sender()
    assert "How long" in say(stack, sender, "I've got a sore throat and a cough")
    assert "How bad" in say(stack, sender, "2 days")
    assert "fever" in say(stack, sender, "mild")
    reply = say(stack, sender, "no")
    [assessment] = rows(stack, TriageAssessment, sender)
    assert assessment.input_text == (
        "I've got a sore throat and a cough. It has been going on for 2 days. It is mild. "
        "I don't have a fever."
    )
    if triage_has_model(stack):
        assert HEADLINES[assessment.level] in reply
        assert "Why:" in reply and "not a diagnosis" in reply
    else:  # no trained model: the service is degraded and the bot must not guess
        assert "can't check your symptoms right now" in reply
        assert "look after at home" not in reply


def test_asking_for_a_nurse_queues_the_conversation(stack: Stack) -> None:
    sender = new_sender()
    reply = say(stack, sender, "can I speak to a nurse please")
    assert "asked a nurse" in reply and "112" in reply
    assert [h.reason for h in rows(stack, Handoff, sender)] == [HandoffReason.PATIENT_REQUEST]


def test_the_follow_up_arrives_by_trigger_intent_and_worse_triages_again(stack: Stack) -> None:
    sender = new_sender()
    register(stack, sender, "Ana")  # check-ins are for patients on file
    say(stack, sender, "I have a headache since yesterday, mild, no fever")
    if not triage_has_model(stack):
        # Degraded triage schedules no check-in (it is not a triage); book one as the service
        # would have, so the check-in dialogue itself is still exercised.
        with session_scope(make_session_factory(make_engine(stack.settings))) as session:
            conversation = session.scalars(
                select(Conversation).where(Conversation.sender_id == sender)
            ).one()
            session.add(
                FollowUp(
                    patient_id=conversation.patient_id,
                    conversation_id=conversation.id,
                    due_at_utc=utcnow(),
                )
            )
    assert len(rows(stack, FollowUp, sender)) == 1
    token = stack.settings.derived_key("rasa-api")
    response = httpx.post(
        f"{stack.urls['rasa']}/conversations/{sender}/trigger_intent",
        params={"token": token},
        json={"name": "EXTERNAL_followup", "entities": {}},
        timeout=60,
    )
    response.raise_for_status()
    asked = " ".join(m.get("text", "") for m in response.json()["messages"])
    assert "checking in" in asked
    reply = say(stack, sender, "worse")
    assert "I've let a nurse know" in reply
    assert "what's wrong" in reply  # the symptom form starts again
    assert HandoffReason.FOLLOWUP_WORSE in [h.reason for h in rows(stack, Handoff, sender)]


def test_bad_input_gets_sensible_answers(stack: Stack) -> None:
    sender = new_sender()
    assert "English" in say(stack, sender, "hola, tengo dolor de cabeza desde ayer")
    for message in ["🙂🙂🙂", "'; DROP TABLE patients; --", "<b>hi</b>", "yes"]:
        assert say(stack, sender, message).strip()  # an answer, never an error
    long_reply = say(stack, sender, "my knee hurts " * 400)  # 5,600 characters
    assert long_reply.strip()


def test_a_frozen_triage_service_gets_the_safe_answer_and_a_nurse(stack: Stack) -> None:
    """The triage process stops answering (SIGSTOP: connections hang, as on an overloaded or
    wedged host). The bot waits TRIAGE_TIMEOUT_SECONDS, never guesses, and flags a nurse; red
    flags still get the emergency answer, since the floor runs inside Rasa's NLU."""
    [triage] = [p for p in stack.processes() if "bot.triage" in " ".join(p.cmdline())]
    triage.suspend()
    try:
        sender = new_sender()
        reply = say(stack, sender, "I've had a sore throat since yesterday, mild, and no fever")
        assert "can't check your symptoms right now" in reply
        assert "look after at home" not in reply and "book an appointment" not in reply
        assert [h.reason for h in rows(stack, Handoff, sender)] == [
            HandoffReason.TRIAGE_UNAVAILABLE
        ]
        # Recorded for the nurse as what it was: no model answer, the safe level, nothing else.
        [assessment] = rows(stack, TriageAssessment, sender)
        assert assessment.degraded and assessment.model_version == "unavailable"
        assert assessment.level == "urgent"

        sender = new_sender()
        reply = say(stack, sender, "my face has dropped on one side and my speech is slurred")
        assert "Call 112 now" in reply
        assert HandoffReason.EMERGENCY in [h.reason for h in rows(stack, Handoff, sender)]
    finally:
        triage.resume()
    # Resumed, it answers again (later tests in this module share the stack).
    stack.wait_until(
        lambda: httpx.get(f"{stack.urls['triage']}/health", timeout=5).status_code == 200,
        30,
        "the triage service to answer again",
    )

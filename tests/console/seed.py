"""Rows the console tests arrange: patients, conversations, Rasa's tracker events, handoffs."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session

from bot.db.handoffs import handoff_priority
from bot.db.models import (
    Channel,
    Conversation,
    Handoff,
    HandoffReason,
    Patient,
    TriageAssessment,
    utcnow,
)
from bot.db.transcripts import RASA_EVENTS


def patient(session: Session, first: str, last: str = "Test", phone: str | None = None) -> Patient:
    row = Patient(first_name=first, last_name=last, phone_e164=phone, time_zone="Europe/London")
    session.add(row)
    session.flush()
    return row


def conversation(
    session: Session, owner: Patient | None, sender_id: str, channel: Channel = Channel.SMS
) -> Conversation:
    row = Conversation(sender_id=sender_id, channel=channel, patient=owner)
    session.add(row)
    session.flush()
    return row


def handoff(
    session: Session,
    about: Conversation,
    reason: HandoffReason,
    waited: timedelta = timedelta(minutes=1),
    triage_level: str | None = None,
) -> Handoff:
    row = Handoff(
        conversation_id=about.id,
        patient_id=about.patient_id,
        reason=reason,
        priority=handoff_priority(reason, triage_level),
        created_at=utcnow() - waited,
    )
    session.add(row)
    session.flush()
    return row


def triage(session: Session, about: Conversation, level: str, text: str) -> TriageAssessment:
    row = TriageAssessment(
        patient_id=about.patient_id,
        conversation_id=about.id,
        input_text=text,
        level=level,
        confidence=0.93,
        probabilities={level: 0.93},
        red_flags=[
            {
                "code": "chest_pain",
                "label": "Chest pain",
                "level": "emergency_ambulance",
                "evidence": "crushing chest pain",
                "start": 0,
                "end": 19,
            }
        ],
        explanation="Chest pain with breathlessness needs an ambulance.",
        model_version="test-model",
    )
    session.add(row)
    session.flush()
    return row


def rasa_events(
    engine: Engine, sender_id: str, turns: list[tuple[str, str]], start: datetime
) -> None:
    """Write turns into Rasa's `events` table as Rasa's SQL tracker store does.

    `turns`: ("user" | "bot", text). Creates the table when Rasa has not (tests without Rasa).
    """
    RASA_EVENTS.create(engine, checkfirst=True)
    rows: list[dict[str, Any]] = []
    for index, (kind, text) in enumerate(turns):
        at = (start + timedelta(seconds=10 * index)).timestamp()
        data: dict[str, Any] = {"event": kind, "timestamp": at, "text": text}
        if kind == "user":
            data |= {
                "input_channel": "sms",
                "parse_data": {"intent": {"name": "report_symptoms", "confidence": 0.97}},
            }
        rows.append(
            {
                "sender_id": sender_id,
                "type_name": kind,
                "timestamp": at,
                "intent_name": "report_symptoms" if kind == "user" else None,
                "action_name": None,
                "data": json.dumps(data),
            }
        )
    with engine.begin() as connection:
        connection.execute(insert(RASA_EVENTS), rows)

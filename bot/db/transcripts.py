"""Conversation transcripts, read from Rasa's tracker store (its `events` table) and ours.

Rasa owns `events`; CareLoop only reads it. A transcript merges, in time order, the patient's
and the bot's turns, pauses and resumes (a nurse taking over), the triage results recorded for
the conversation and the SMS sent to or received from the patient.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.db.models import Channel, Conversation, Patient, SmsMessage, TriageAssessment

# Rasa 3.6's SQLTrackerStore table, described here to read it; not part of our metadata, so
# our migrations never create or change it.
RASA_EVENTS = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False, index=True),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)
_SHOWN_EVENT_TYPES = ("user", "bot", "pause", "resume", "session_started")
MAX_SEARCH_RESULTS = 100


@dataclass(frozen=True)
class TranscriptEntry:
    """One line of a transcript. `kind`: patient, bot, nurse, event, triage, sms_out, sms_in."""

    at: datetime
    kind: str
    text: str = ""
    channel: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    triage: TriageAssessment | None = None


def tracker_store_exists(session: Session) -> bool:
    """False until Rasa has run once against this database and created its table."""
    return sa.inspect(session.connection()).has_table(RASA_EVENTS.name)


def _when(timestamp: float | None) -> datetime:
    return datetime.fromtimestamp(timestamp or 0, tz=UTC)


def _entry_from_event(type_name: str, timestamp: float | None, raw: str | None) -> TranscriptEntry:
    data: dict[str, Any] = json.loads(raw) if raw else {}
    at = _when(timestamp)
    if type_name == "user":
        intent = (data.get("parse_data") or {}).get("intent") or {}
        return TranscriptEntry(
            at,
            "patient",
            data.get("text") or "",
            channel=data.get("input_channel"),
            detail={"intent": intent.get("name"), "confidence": intent.get("confidence")},
        )
    if type_name == "bot":
        metadata = data.get("metadata") or {}
        kind = "nurse" if metadata.get("sent_by") == "nurse" else "bot"
        return TranscriptEntry(at, kind, data.get("text") or "", detail=metadata)
    words = {
        "pause": "Bot paused: a nurse took over",
        "resume": "Bot resumed: handed back by the nurse",
        "session_started": "New conversation session",
    }
    return TranscriptEntry(at, "event", words.get(type_name, type_name))


class TranscriptReader:
    def __init__(self, session: Session) -> None:
        self.session = session

    def rasa_events(self, sender_id: str) -> list[TranscriptEntry]:
        if not tracker_store_exists(self.session):
            return []
        rows = self.session.execute(
            select(RASA_EVENTS.c.type_name, RASA_EVENTS.c.timestamp, RASA_EVENTS.c.data)
            .where(RASA_EVENTS.c.sender_id == sender_id)
            .where(RASA_EVENTS.c.type_name.in_(_SHOWN_EVENT_TYPES))
            .order_by(RASA_EVENTS.c.id)
        ).all()
        return [_entry_from_event(*row) for row in rows]

    def transcript(self, conversation: Conversation) -> list[TranscriptEntry]:
        entries = self.rasa_events(conversation.sender_id)
        for assessment in self.session.scalars(
            select(TriageAssessment).where(TriageAssessment.conversation_id == conversation.id)
        ):
            entries.append(TranscriptEntry(assessment.created_at, "triage", triage=assessment))
        for sms in self.session.scalars(_texts_of(conversation)):
            kind = "sms_in" if sms.direction == "inbound" else "sms_out"
            purpose = sms.purpose.value if sms.purpose else "reply"
            entries.append(
                TranscriptEntry(
                    sms.created_at,
                    kind,
                    sms.body,
                    channel="sms",
                    detail={"purpose": purpose, "status": sms.status.value},
                )
            )
        return sorted(entries, key=lambda entry: entry.at)


def _texts_of(conversation: Conversation) -> sa.Select[SmsMessage]:
    """The SMS a transcript shows: those sent in this conversation (a nurse's reply) and, on
    an SMS conversation, what the clinic texted the patient on its own (reminders, follow-ups),
    since the patient's replies to those arrive there."""
    belongs = SmsMessage.conversation_id == conversation.id
    if conversation.channel is Channel.SMS and conversation.patient_id is not None:
        belongs = sa.or_(
            belongs,
            sa.and_(
                SmsMessage.conversation_id.is_(None),
                SmsMessage.patient_id == conversation.patient_id,
            ),
        )
    return select(SmsMessage).where(belongs).order_by(SmsMessage.id)


def _visible_conversations() -> sa.Select[Conversation, Patient]:
    return (
        select(Conversation, Patient)
        .outerjoin(Patient, Patient.id == Conversation.patient_id)
        .where(Patient.deleted_at.is_(None))
    )


class ConversationSearch:
    """Conversations by patient name, phone number or a day something was said."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get_visible(self, conversation_id: int) -> Conversation | None:
        """The conversation, unless its patient has been deleted (then it is out of reach)."""
        row = self.session.execute(
            _visible_conversations().where(Conversation.id == conversation_id)
        ).first()
        return row[0] if row else None

    def search(
        self, text: str = "", on: date | None = None
    ) -> list[tuple[Conversation, Patient | None]]:
        query = _visible_conversations()
        text = text.strip()
        if text:
            digits = "".join(ch for ch in text if ch.isdigit())
            conditions = []
            for word in text.split():
                pattern = f"%{word}%"
                conditions.append(
                    or_(Patient.first_name.ilike(pattern), Patient.last_name.ilike(pattern))
                )
            name_match = sa.and_(*conditions)
            query = query.where(
                or_(name_match, Patient.phone_e164.contains(digits))
                if len(digits) >= 4
                else name_match
            )
        if on is not None:
            start = datetime.combine(on, time.min, tzinfo=UTC)
            end = start + timedelta(days=1)
            active_that_day: sa.ColumnElement[bool] = Conversation.created_at.between(start, end)
            if tracker_store_exists(self.session):
                senders = select(RASA_EVENTS.c.sender_id).where(
                    RASA_EVENTS.c.timestamp >= start.timestamp(),
                    RASA_EVENTS.c.timestamp < end.timestamp(),
                )
                active_that_day = or_(active_that_day, Conversation.sender_id.in_(senders))
            query = query.where(active_that_day)
        query = query.order_by(Conversation.updated_at.desc(), Conversation.id.desc())
        rows = self.session.execute(query.limit(MAX_SEARCH_RESULTS)).all()
        return [(conversation, patient) for conversation, patient in rows]

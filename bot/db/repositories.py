"""Thin, typed data access for actions and services. Each repository wraps a caller's Session;
the caller owns the transaction (see `bot.db.engine.session_scope`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.models import AuditEntry, Channel, Conversation, Patient, utcnow


def _insert_ignoring_conflicts(session: Session, model: type[Any], **values: Any) -> None:
    """INSERT ... ON CONFLICT DO NOTHING, so two processes racing to create a row both succeed.

    Chosen over a SAVEPOINT retry because pysqlite's SAVEPOINT handling is unreliable.
    """
    dialect = session.get_bind().dialect.name
    statement: Insert
    if dialect == "postgresql":
        statement = postgresql.insert(model).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(model).values(**values).on_conflict_do_nothing()
    else:
        raise NotImplementedError(f"no INSERT ... ON CONFLICT for {dialect}")
    session.execute(statement)


class ConversationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, sender_id: str, channel: Channel | str) -> Conversation | None:
        return self.session.scalars(
            select(Conversation).where(
                Conversation.sender_id == sender_id, Conversation.channel == Channel(channel)
            )
        ).one_or_none()

    def get_or_create(self, sender_id: str, channel: Channel | str) -> Conversation:
        """The conversation for Rasa's (sender_id, channel), created on first sight."""
        conversation = self.get(sender_id, channel)
        if conversation is not None:
            return conversation
        _insert_ignoring_conflicts(
            self.session, Conversation, sender_id=sender_id, channel=Channel(channel)
        )
        conversation = self.get(sender_id, channel)
        if conversation is None:  # pragma: no cover - the row was inserted or already there
            raise RuntimeError("conversation vanished right after it was inserted")
        return conversation


class PatientRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, patient_id: int) -> Patient | None:
        return self.session.get(Patient, patient_id)

    def get_by_phone(self, phone_e164: str) -> Patient | None:
        return self.session.scalars(
            select(Patient).where(Patient.phone_e164 == phone_e164)
        ).one_or_none()

    def record_name_for_conversation(
        self,
        sender_id: str,
        channel: Channel | str,
        first_name: str,
        last_name: str | None = None,
    ) -> Patient:
        """Name the conversation's patient, creating the patient and the link on first call.

        Later calls update the name (a patient correcting a typo). Rasa's lock store runs one
        conversation's actions one at a time, so two first calls cannot race for one sender.
        """
        conversation = ConversationRepository(self.session).get_or_create(sender_id, channel)
        patient = conversation.patient
        if patient is None:
            patient = Patient()
            self.session.add(patient)
            conversation.patient = patient
        patient.first_name = first_name.strip()
        if last_name is not None:
            patient.last_name = last_name.strip() or None
        self.session.flush()
        return patient


class AuditLog:
    """Appends to the audit trail (the database refuses to change or delete entries)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self, actor: str, action: str, patient_id: int | None = None, **detail: Any
    ) -> AuditEntry:
        """Add an entry, e.g. `record("nurse:3", "handoff.claimed", patient_id=7, handoff_id=2)`.

        `detail` must be JSON-serialisable; it is stored, not logged.
        """
        entry = AuditEntry(
            occurred_at=utcnow(), actor=actor, action=action, patient_id=patient_id, detail=detail
        )
        self.session.add(entry)
        self.session.flush()
        return entry

    def for_patient(self, patient_id: int) -> list[AuditEntry]:
        return list(
            self.session.scalars(
                select(AuditEntry)
                .where(AuditEntry.patient_id == patient_id)
                .order_by(AuditEntry.occurred_at, AuditEntry.id)
            )
        )

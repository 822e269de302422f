"""Who a message is from, and the conversation a nurse opens for a patient.

Over SMS the number the carrier delivered the text from identifies the patient (the channel
passes it in the message metadata, never in the conversation id). Over web chat the patient is
the one the conversation is linked to (intake links it; issue #4 adds the one-time code).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.channels.sms_keywords import sender_id_for
from bot.db.models import Channel, Conversation, Patient
from bot.db.repositories import ConversationRepository, PatientRepository
from bot.settings import Settings

SMS_SENDER_ID_PURPOSE = "sms-sender-id"


def sms_sender_id(settings: Settings, phone_e164: str) -> str:
    """The Rasa conversation id the SMS channel gives this number (same key, same hash)."""
    return sender_id_for(phone_e164, settings.derived_key(SMS_SENDER_ID_PURPOSE))


def patient_for_message(
    session: Session, sender_id: str, channel: str | None, phone: str | None
) -> Patient | None:
    """The patient who sent this message, or None when we do not know them (yet).

    An SMS from a number on file links its conversation to that patient, so the nurse queue and
    follow-ups find it. Deleted patients (or those who asked to be) are nobody.
    """
    patient: Patient | None = None
    if channel == Channel.SMS and phone:
        patient = PatientRepository(session).get_by_phone(phone)
        if patient is not None:
            conversation = ConversationRepository(session).get_or_create(sender_id, Channel.SMS)
            if conversation.patient_id is None:
                conversation.patient_id = patient.id
                session.flush()
    elif channel in set(Channel):
        linked = ConversationRepository(session).get(sender_id, channel)
        patient = linked.patient if linked is not None else None
    if patient is None or patient.deleted_at is not None or patient.deletion_requested_at:
        return None
    return patient


def conversation_for_patient(
    session: Session, settings: Settings, patient: Patient, prefer_id: int | None = None
) -> Conversation | None:
    """The conversation a nurse should open for `patient`: `prefer_id` when it is theirs, else
    their SMS conversation (created when the patient has a number), else their latest one."""
    if prefer_id is not None:
        preferred = session.get(Conversation, prefer_id)
        if preferred is not None and preferred.patient_id == patient.id:
            return preferred
    if patient.phone_e164:
        conversation = ConversationRepository(session).get_or_create(
            sms_sender_id(settings, patient.phone_e164), Channel.SMS
        )
        if conversation.patient_id is None:
            conversation.patient_id = patient.id
            session.flush()
        return conversation
    return session.scalars(
        sa.select(Conversation)
        .where(Conversation.patient_id == patient.id)
        .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
        .limit(1)
    ).first()


def opt_out(patient: Patient, now: datetime) -> bool:
    """STOP: no more texts. True the first time (the one confirmation), False when repeated."""
    if patient.sms_opted_out_at is not None:
        return False
    patient.sms_opted_out_at = now
    return True


def opt_in(patient: Patient) -> bool:
    """START: texts resume. True when the patient had stopped them."""
    if patient.sms_opted_out_at is None:
        return False
    patient.sms_opted_out_at = None
    return True

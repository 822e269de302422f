"""The rules an outbox row follows whichever way it is sent (one at a time or in a batch): what
refuses a message before any provider sees it, how a failure is recorded, what a caller is told,
and what the logs may say (message ids and outcomes, never bodies or full numbers)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import phonenumbers
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.db.models import Patient, SmsMessage, SmsPurpose, SmsStatus, utcnow
from bot.db.repositories import AuditLog
from bot.reminders.sms.transports import (
    INVALID_NUMBER_CODES,
    OPTED_OUT_CODE,
    Delivery,
    FailureKind,
    OutboundSms,
    SendFailure,
    is_permanent_error,
)

logger = logging.getLogger(__name__)

AUDIT_ACTOR = "sms_sender"
# The code stored for a refusal we decide ourselves, in Twilio's vocabulary so the console and
# callers read one set of codes whichever side refused.
INVALID_NUMBER_CODE = min(INVALID_NUMBER_CODES)  # 21211


@dataclass(frozen=True)
class SendOutcome:
    """What happened to one message."""

    message_id: int  # sms_messages.id
    status: SmsStatus  # sent / delivered (local outbox) / failed / sending (someone else's)
    provider_message_id: str | None
    # Twilio's error code (21211, 21610, ...), or the HTTP status when Twilio gave none.
    error_code: int | None
    permanent: bool  # permanent failure (invalid number, opted out): do not retry


def masked(phone_number: str) -> str:
    """Only the last two digits, for logs: '+14155552671' -> '***71'."""
    return f"***{phone_number[-2:]}"


@functools.lru_cache(maxsize=4096)
def is_e164(phone_number: str) -> bool:
    """A valid number written exactly in E.164 form ('+' and digits, nothing else).

    Cached: parsing costs as much as a database round trip, and a burst texts the same
    patients' numbers again and again.
    """
    try:
        parsed = phonenumbers.parse(phone_number, None)
    except phonenumbers.NumberParseException:
        return False
    canonical = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return canonical == phone_number and phonenumbers.is_valid_number(parsed)


def refusal(session: Session, message: SmsMessage) -> SendFailure | None:
    """Why this message must not go out at all, decided before any provider sees it."""
    opted_out = message.purpose != SmsPurpose.SYSTEM and _opted_out(session, message)
    return refusal_given(message, opted_out)


def refusal_given(message: SmsMessage, opted_out: bool) -> SendFailure | None:
    """`refusal` once the caller knows whether the recipient opted out (batches ask once)."""
    # The STOP confirmation is the one message an opted-out patient still receives.
    if opted_out and message.purpose != SmsPurpose.SYSTEM:
        return SendFailure(FailureKind.OPTED_OUT, OPTED_OUT_CODE, str(OPTED_OUT_CODE))
    if not is_e164(message.to_number):
        return SendFailure(FailureKind.INVALID_NUMBER, None, str(INVALID_NUMBER_CODE))
    return None


def opted_out_recipients(
    session: Session, messages: Iterable[SmsMessage]
) -> tuple[set[int], set[str]]:
    """The patient ids and numbers among `messages`' recipients that opted out, in one query."""
    messages = list(messages)
    patient_ids = {m.patient_id for m in messages if m.patient_id is not None}
    numbers = {m.to_number for m in messages}
    if not messages:
        return set(), set()
    rows = session.execute(
        select(Patient.id, Patient.phone_e164).where(
            or_(Patient.id.in_(patient_ids), Patient.phone_e164.in_(numbers)),
            Patient.sms_opted_out_at.is_not(None),
        )
    ).all()
    return {row.id for row in rows}, {row.phone_e164 for row in rows if row.phone_e164}


def is_opted_out(message: SmsMessage, opted_out: tuple[set[int], set[str]]) -> bool:
    ids, numbers = opted_out
    return message.patient_id in ids or message.to_number in numbers


def _recipients(message: SmsMessage) -> Any:
    """The patient the message is for, and whoever has its number (rows without a patient)."""
    conditions = [Patient.phone_e164 == message.to_number]
    if message.patient_id is not None:
        conditions.append(Patient.id == message.patient_id)
    return or_(*conditions)


def _opted_out(session: Session, message: SmsMessage) -> bool:
    opted_out = select(Patient.id).where(
        _recipients(message), Patient.sms_opted_out_at.is_not(None)
    )
    return session.scalar(opted_out.limit(1)) is not None


def apply_failure(session: Session, message: SmsMessage, failure: SendFailure) -> None:
    message.status = SmsStatus.FAILED
    message.error_code = failure.stored_code
    audit = AuditLog(session)
    if failure.kind is FailureKind.INVALID_NUMBER:
        audit.record(
            AUDIT_ACTOR,
            "sms.invalid_number",
            patient_id=message.patient_id,
            message_id=message.id,
            error_code=failure.stored_code,
        )
    elif failure.kind is FailureKind.OPTED_OUT and failure.error_code is not None:
        # Twilio refused with 21610: the patient texted STOP to our number, maybe before the
        # inbound SMS reached us. Record it so nothing else is queued for them.
        now = utcnow()
        for patient in session.scalars(
            select(Patient).where(_recipients(message), Patient.sms_opted_out_at.is_(None))
        ):
            patient.sms_opted_out_at = now
            audit.record(
                AUDIT_ACTOR,
                "sms.opted_out",
                patient_id=patient.id,
                message_id=message.id,
                error_code=failure.stored_code,
            )
    session.flush()


def log_refusal(message: SmsMessage, failure: SendFailure) -> None:
    logger.info(
        "SMS %d to %s not sent: %s (error code %s, permanent).",
        message.id,
        masked(message.to_number),
        failure.kind,
        failure.stored_code,
    )


def load(session: Session, message_id: int) -> SmsMessage:
    message = session.get(SmsMessage, message_id)
    if message is None:  # pragma: no cover - rows are not deleted while being sent
        raise LookupError(f"SMS message {message_id} vanished while it was being sent.")
    return message


def outcome_of(message: SmsMessage) -> SendOutcome:
    code = message.error_code
    return SendOutcome(
        message_id=message.id,
        status=message.status,
        provider_message_id=message.provider_message_id,
        error_code=int(code) if code is not None and code.isdigit() else None,
        permanent=message.status == SmsStatus.FAILED and is_permanent_error(code),
    )


def log_attempt(
    message: OutboundSms, attempt: int, outcome: str, failure: SendFailure | None
) -> None:
    # Never the body; the number only as its last two digits.
    logger.info(
        "SMS %d attempt %d to %s: %s (error code %s).",
        message.message_id,
        attempt,
        masked(message.to_number),
        outcome,
        failure.stored_code if failure is not None else "none",
    )


def failure_words(failure: SendFailure) -> str:
    if failure.retryable:
        return "failed, no attempts left"
    return f"failed permanently ({failure.kind})"


def delivery_words(delivery: Delivery) -> str:
    if delivery.status is SmsStatus.DELIVERED:
        return "delivered to the local outbox"
    return f"accepted by the provider ({delivery.status})"

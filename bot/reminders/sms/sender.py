"""`SmsSender`: every SMS goes through the outbox row, whichever transport carries it.

1. `send` writes the row (queued) and commits it: from then on a crash cannot lose the message.
2. `send_existing` claims the row with a conditional UPDATE (queued → sending): two workers
   racing for one row send it once.
3. The transport is called, retried on 429/5xx/network errors with backoff and jitter.
4. The provider's id, the status and the error code are stored; permanent failures update the
   patient (opted out) or the audit trail (invalid number).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import phonenumbers
from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import (
    Patient,
    SmsDirection,
    SmsMessage,
    SmsPurpose,
    SmsStatus,
    utcnow,
)
from bot.db.repositories import AuditLog
from bot.reminders.sms.text import check_body
from bot.reminders.sms.transports import (
    INVALID_NUMBER_CODES,
    OPTED_OUT_CODE,
    Delivery,
    FailureKind,
    OutboundSms,
    SendFailure,
    Transport,
    is_permanent_error,
    transport_for,
)
from bot.settings import Settings

logger = logging.getLogger(__name__)

AUDIT_ACTOR = "sms_sender"
# The code stored for a refusal we decide ourselves, in Twilio's vocabulary so the console and
# callers read one set of codes whichever side refused.
INVALID_NUMBER_CODE = min(INVALID_NUMBER_CODES)  # 21211
# sms_messages.to_number is VARCHAR(32); an invalid but storable number is kept and refused on
# the row, anything longer cannot be stored at all.
MAX_STORED_NUMBER_LENGTH = 32


@dataclass(frozen=True)
class SendOutcome:
    """What happened to one message."""

    message_id: int  # sms_messages.id
    status: SmsStatus  # sent / delivered (local outbox) / failed / sending (someone else's)
    provider_message_id: str | None
    # Twilio's error code (21211, 21610, ...), or the HTTP status when Twilio gave none.
    error_code: int | None
    permanent: bool  # permanent failure (invalid number, opted out): do not retry


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter: waits of about 0.5 s, 1 s, 2 s ... between attempts."""

    max_attempts: int = 3
    base_delay_s: float = 0.5
    max_delay_s: float = 8.0

    def delay_after(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """Seconds to wait after failed attempt `attempt` (1-based): between half and all of
        base × 2^(attempt-1), so workers that failed together do not retry together."""
        ceiling = min(self.max_delay_s, self.base_delay_s * 2.0 ** (attempt - 1))
        return ceiling / 2 + rand() * ceiling / 2


class SmsSender:
    """Sends SMS through the outbox; `transport` defaults to the one `settings` call for."""

    def __init__(
        self,
        settings: Settings,
        session_factory: sessionmaker[Session],
        transport: Transport | None = None,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.session_factory = session_factory
        self.transport = transport if transport is not None else transport_for(settings)
        self.retry = retry or RetryPolicy()
        self.sleep = sleep

    def send(
        self,
        *,
        to_number: str,
        body: str,
        purpose: SmsPurpose,
        patient_id: int | None = None,
        idempotency_key: str | None = None,
    ) -> SendOutcome:
        """Queue one SMS in the outbox and send it now.

        Raises ValueError, before anything is stored, for a body that may not be sent (a
        reminder that does not fit one plain SMS, an empty or over-long text).
        """
        if idempotency_key is not None:
            earlier = self._message_with_key(idempotency_key)
            if earlier is not None:
                return self.send_existing(earlier)
        purpose = SmsPurpose(purpose)
        check_body(body, purpose)
        if len(to_number) > MAX_STORED_NUMBER_LENGTH:
            raise ValueError(
                f"The recipient is not a phone number: it is {len(to_number)} characters long. "
                "Pass the patient's number in E.164 form, e.g. +14155552671."
            )
        with session_scope(self.session_factory) as session:
            message = SmsMessage(
                direction=SmsDirection.OUTBOUND,
                patient_id=patient_id,
                to_number=to_number,
                from_number=self.transport.from_number,
                body=body,
                purpose=purpose,
                status=SmsStatus.QUEUED,
                provider=self.transport.provider,
                attempts=0,
                idempotency_key=idempotency_key,
            )
            session.add(message)
            try:
                session.flush()
            except IntegrityError:
                if idempotency_key is None:
                    raise
                session.rollback()
                message_id = None  # another caller queued this key first: theirs stands
            else:
                message_id = message.id
        if message_id is None:
            earlier = self._message_with_key(idempotency_key or "")
            assert earlier is not None, "a unique key that conflicted must exist"
            return self.send_existing(earlier)
        return self.send_existing(message_id)

    def _message_with_key(self, idempotency_key: str) -> int | None:
        with session_scope(self.session_factory) as session:
            return session.scalar(
                select(SmsMessage.id).where(SmsMessage.idempotency_key == idempotency_key)
            )

    def send_existing(self, message_id: int) -> SendOutcome:
        """(Re)send a queued outbox row; any other row is left alone and its outcome returned.

        Raises LookupError when there is no such row.
        """
        claimed = self._claim(message_id)
        if isinstance(claimed, SendOutcome):
            return claimed
        for attempt in range(1, self.retry.max_attempts + 1):
            self._count_attempt(message_id)
            try:
                delivery = self.transport.deliver(claimed)
            except SendFailure as failure:
                if failure.retryable and attempt < self.retry.max_attempts:
                    delay = self.retry.delay_after(attempt)
                    _log_attempt(claimed, attempt, f"failed, retrying in {delay:.2f} s", failure)
                    self.sleep(delay)
                    continue
                _log_attempt(claimed, attempt, _failure_words(failure), failure)
                return self._record_failure(claimed, failure)
            except Exception:
                # A bug, not a provider answer: do not leave the row looking in flight forever.
                _log_attempt(claimed, attempt, "failed with an unexpected error", None)
                self._record_failure(claimed, SendFailure(FailureKind.TRANSIENT, None, "internal"))
                raise
            _log_attempt(claimed, attempt, _delivery_words(delivery), None)
            return self._record_delivery(claimed, delivery)
        raise AssertionError("unreachable: the last attempt always returns")  # pragma: no cover

    def _claim(self, message_id: int) -> OutboundSms | SendOutcome:
        """queued → sending in one committed UPDATE; refusals are settled in the same step."""
        with session_scope(self.session_factory) as session:
            result = cast(
                CursorResult[Any],
                session.execute(
                    update(SmsMessage)
                    .where(
                        SmsMessage.id == message_id,
                        SmsMessage.status == SmsStatus.QUEUED,
                        SmsMessage.direction == SmsDirection.OUTBOUND,
                    )
                    .values(
                        status=SmsStatus.SENDING,
                        provider=self.transport.provider,
                        updated_at=utcnow(),
                    )
                    .execution_options(synchronize_session=False)
                ),
            )
            message = session.get(SmsMessage, message_id, populate_existing=True)
            if message is None:
                raise LookupError(f"There is no SMS message with id {message_id}.")
            if result.rowcount != 1:
                logger.info(
                    "SMS %d not sent again: it is %s, only queued messages are sent.",
                    message_id,
                    message.status,
                )
                return _outcome_of(message)

            refusal = _refusal(session, message)
            if refusal is not None:
                logger.info(
                    "SMS %d to %s not sent: %s (error code %s, permanent).",
                    message_id,
                    masked(message.to_number),
                    refusal.kind,
                    refusal.stored_code,
                )
                _apply_failure(session, message, refusal)
                return _outcome_of(message)
            return OutboundSms(message.id, message.to_number, message.from_number, message.body)

    def _count_attempt(self, message_id: int) -> None:
        # Committed before the provider is called, so the row shows an attempt that may have
        # reached it even if this process dies mid-call.
        with session_scope(self.session_factory) as session:
            session.execute(
                update(SmsMessage)
                .where(SmsMessage.id == message_id)
                .values(attempts=SmsMessage.attempts + 1, updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )

    def _record_delivery(self, claimed: OutboundSms, delivery: Delivery) -> SendOutcome:
        with session_scope(self.session_factory) as session:
            message = _load(session, claimed.message_id)
            message.status = delivery.status
            message.provider_message_id = delivery.provider_message_id
            message.error_code = None
            session.flush()
            return _outcome_of(message)

    def _record_failure(self, claimed: OutboundSms, failure: SendFailure) -> SendOutcome:
        with session_scope(self.session_factory) as session:
            message = _load(session, claimed.message_id)
            _apply_failure(session, message, failure)
            return _outcome_of(message)


def make_sms_sender(settings: Settings, session_factory: sessionmaker[Session]) -> SmsSender:
    """The sender for `settings`: Twilio when its credentials are set, else the local outbox."""
    return SmsSender(settings, session_factory, transport_for(settings))


def masked(phone_number: str) -> str:
    """Only the last two digits, for logs: '+14155552671' -> '***71'."""
    return f"***{phone_number[-2:]}"


def is_e164(phone_number: str) -> bool:
    """A valid number written exactly in E.164 form ('+' and digits, nothing else)."""
    try:
        parsed = phonenumbers.parse(phone_number, None)
    except phonenumbers.NumberParseException:
        return False
    canonical = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return canonical == phone_number and phonenumbers.is_valid_number(parsed)


def _refusal(session: Session, message: SmsMessage) -> SendFailure | None:
    """Why this message must not go out at all, decided before any provider sees it."""
    # The STOP confirmation is the one message an opted-out patient still receives.
    if message.purpose != SmsPurpose.SYSTEM and _opted_out(session, message):
        return SendFailure(FailureKind.OPTED_OUT, OPTED_OUT_CODE, str(OPTED_OUT_CODE))
    if not is_e164(message.to_number):
        return SendFailure(FailureKind.INVALID_NUMBER, None, str(INVALID_NUMBER_CODE))
    return None


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


def _apply_failure(session: Session, message: SmsMessage, failure: SendFailure) -> None:
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


def _load(session: Session, message_id: int) -> SmsMessage:
    message = session.get(SmsMessage, message_id)
    if message is None:  # pragma: no cover - rows are not deleted while being sent
        raise LookupError(f"SMS message {message_id} vanished while it was being sent.")
    return message


def _outcome_of(message: SmsMessage) -> SendOutcome:
    code = message.error_code
    return SendOutcome(
        message_id=message.id,
        status=message.status,
        provider_message_id=message.provider_message_id,
        error_code=int(code) if code is not None and code.isdigit() else None,
        permanent=message.status == SmsStatus.FAILED and is_permanent_error(code),
    )


def _log_attempt(
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


def _failure_words(failure: SendFailure) -> str:
    if failure.retryable:
        return "failed, no attempts left"
    return f"failed permanently ({failure.kind})"


def _delivery_words(delivery: Delivery) -> str:
    if delivery.status is SmsStatus.DELIVERED:
        return "delivered to the local outbox"
    return f"accepted by the provider ({delivery.status})"

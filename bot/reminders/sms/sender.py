"""`SmsSender`: every SMS goes through the outbox row, whichever transport carries it.

1. `send` (one message) and `send_many` (several) write each row and claim it in the same
   committed transaction (`sending`, one attempt counted) before any provider call: from then
   on a crash cannot lose the message, and a second worker cannot send it again. A batch shares
   that one commit.
2. `send_existing` claims a row queued earlier with a conditional UPDATE (queued → sending): two
   workers racing for one row send it once.
3. The transport is called, retried on 429/5xx/network errors with backoff and jitter.
4. The provider's id, the status and the error code are stored (a batch in one commit);
   permanent failures update the patient (opted out) or the audit trail (invalid number).

A row is `sending` only from just before its provider call until its outcome is stored, so a
row found `sending` by anyone else may have reached the provider and is never sent again.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, case, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import SmsDirection, SmsMessage, SmsPurpose, SmsStatus, utcnow
from bot.reminders.sms.outbox import (
    INVALID_NUMBER_CODE,
    SendOutcome,
    apply_failure,
    delivery_words,
    failure_words,
    is_e164,
    is_opted_out,
    load,
    log_attempt,
    log_refusal,
    masked,
    opted_out_recipients,
    outcome_of,
    refusal,
    refusal_given,
)
from bot.reminders.sms.text import check_body
from bot.reminders.sms.transports import (
    Delivery,
    FailureKind,
    OutboundSms,
    SendFailure,
    Transport,
    transport_for,
)
from bot.settings import Settings

__all__ = [
    "INVALID_NUMBER_CODE",
    "MAX_STORED_NUMBER_LENGTH",
    "RetryPolicy",
    "SendOutcome",
    "SmsRequest",
    "SmsSender",
    "is_e164",
    "make_sms_sender",
    "masked",
]

logger = logging.getLogger(__name__)

# sms_messages.to_number is VARCHAR(32); an invalid but storable number is kept and refused on
# the row, anything longer cannot be stored at all.
MAX_STORED_NUMBER_LENGTH = 32


@dataclass(frozen=True)
class SmsRequest:
    """One message for `SmsSender.send_many`: the arguments of `SmsSender.send`."""

    to_number: str
    body: str
    purpose: SmsPurpose
    patient_id: int | None = None
    idempotency_key: str | None = None
    conversation_id: int | None = None

    def __repr__(self) -> str:
        # Never the body or the number: reprs end up in logs and tracebacks.
        return f"<SmsRequest key={self.idempotency_key} patient_id={self.patient_id}>"


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
        self._pool_lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._executor_size = 0

    def send(
        self,
        *,
        to_number: str,
        body: str,
        purpose: SmsPurpose,
        patient_id: int | None = None,
        idempotency_key: str | None = None,
        conversation_id: int | None = None,
    ) -> SendOutcome:
        """Store one SMS in the outbox and send it now.

        A key seen before returns that message's outcome (a queued one is sent first) instead
        of texting again. Raises ValueError, before anything is stored, for a body that may not
        be sent (a reminder that does not fit one plain SMS, an empty or over-long text).
        """
        request = SmsRequest(
            to_number, body, SmsPurpose(purpose), patient_id, idempotency_key, conversation_id
        )
        [result] = self.send_many([request])
        if isinstance(result, Exception):
            raise result
        return result

    def send_many(
        self, requests: Sequence[SmsRequest], *, concurrency: int = 1
    ) -> list[SendOutcome | Exception]:
        """Send several SMS with one commit before the provider calls and one after them.

        Each message follows `send`'s rules. Up to `concurrency` provider calls run at once.
        Returns, in order, each message's outcome or what stopped it: a ValueError for a
        message that may not be sent (nothing stored), or whatever the transport raised (the
        row is then recorded failed). Raises only when the database fails.
        """
        results: list[SendOutcome | Exception | None] = [None] * len(requests)
        keys = [r.idempotency_key for r in requests if r.idempotency_key is not None]
        earlier = self._messages_with_keys(keys)
        fresh: list[int] = []
        fresh_keys: set[str] = set()
        for index, request in enumerate(requests):
            key = request.idempotency_key
            try:
                if key is not None and key in earlier:
                    results[index] = self.send_existing(earlier[key])
                    continue
                if key is not None and key in fresh_keys:
                    raise ValueError(f"The idempotency key {key!r} appears twice in one batch.")
                _check(request)
            except Exception as error:  # noqa: BLE001 - it is this message's result
                results[index] = error
                continue
            if key is not None:
                fresh_keys.add(key)
            fresh.append(index)
        if fresh:
            outcomes = self._send_fresh([requests[i] for i in fresh], concurrency)
            for index, outcome in zip(fresh, outcomes, strict=True):
                results[index] = outcome
        return [result for result in results if result is not None]

    def _send_fresh(
        self, requests: list[SmsRequest], concurrency: int
    ) -> list[SendOutcome | Exception]:
        stored = self._store_claimed(requests)
        if stored is None:
            # Another caller stored one of these keys meanwhile: one at a time, so each key's
            # first message stands.
            return [_safely(self.send, _as_kwargs(request)) for request in requests]
        claimed = [item for item in stored if isinstance(item, OutboundSms)]
        attempts = self._deliver_all(claimed, concurrency)
        recorded = self._record_all(claimed, attempts)
        return [
            recorded[item.message_id] if isinstance(item, OutboundSms) else item for item in stored
        ]

    def _messages_with_keys(self, keys: Sequence[str]) -> dict[str, int]:
        if not keys:
            return {}
        with self.session_factory() as session:
            rows = session.execute(
                select(SmsMessage.idempotency_key, SmsMessage.id).where(
                    SmsMessage.idempotency_key.in_(set(keys))
                )
            ).all()
        return {key: message_id for key, message_id in rows if key is not None}

    def _store_claimed(self, requests: list[SmsRequest]) -> list[OutboundSms | SendOutcome] | None:
        """Write the rows already claimed (`sending`, attempt 1) or refused, in one commit.

        None when a key was stored by someone else first (nothing of this batch is stored).
        """
        with session_scope(self.session_factory) as session:
            messages = [
                SmsMessage(
                    direction=SmsDirection.OUTBOUND,
                    patient_id=request.patient_id,
                    conversation_id=request.conversation_id,
                    to_number=request.to_number,
                    from_number=self.transport.from_number,
                    body=request.body,
                    purpose=request.purpose,
                    status=SmsStatus.SENDING,
                    provider=self.transport.provider,
                    attempts=1,
                    idempotency_key=request.idempotency_key,
                )
                for request in requests
            ]
            opted_out = opted_out_recipients(session, messages)
            refusals = [refusal_given(m, is_opted_out(m, opted_out)) for m in messages]
            for message, refused in zip(messages, refusals, strict=True):
                if refused is not None:
                    message.status, message.attempts = SmsStatus.FAILED, 0
            session.add_all(messages)
            try:
                session.flush()
            except IntegrityError:
                session.rollback()
                return None
            stored: list[OutboundSms | SendOutcome] = []
            for message, refused in zip(messages, refusals, strict=True):
                if refused is None:
                    stored.append(_outbound(message))
                    continue
                log_refusal(message, refused)
                apply_failure(session, message, refused)
                stored.append(outcome_of(message))
            return stored

    def _deliver_all(
        self, claimed: list[OutboundSms], concurrency: int
    ) -> list[Delivery | SendFailure | Exception]:
        def attempt(message: OutboundSms) -> Delivery | SendFailure | Exception:
            try:
                return self._attempt_until_settled(message, first_counted=True)
            except Exception as error:  # noqa: BLE001 - logged and recorded; the caller hears it
                return error

        if concurrency <= 1 or len(claimed) <= 1:
            return [attempt(message) for message in claimed]
        return list(self._pool(concurrency).map(attempt, claimed))

    def _pool(self, concurrency: int) -> ThreadPoolExecutor:
        """Threads for provider calls, kept between batches (starting threads per batch costs
        as much as a database commit)."""
        with self._pool_lock:
            if self._executor is None or self._executor_size < concurrency:
                if self._executor is not None:
                    self._executor.shutdown(wait=False)
                self._executor = ThreadPoolExecutor(concurrency, thread_name_prefix="sms")
                self._executor_size = concurrency
            return self._executor

    def close(self) -> None:
        """Stop the provider-call threads (idle ones also stop when the process exits)."""
        with self._pool_lock:
            if self._executor is not None:
                self._executor.shutdown(wait=True)
                self._executor = None

    def _record_all(
        self, claimed: list[OutboundSms], attempts: list[Delivery | SendFailure | Exception]
    ) -> dict[int, SendOutcome | Exception]:
        """Store every outcome in one commit (deliveries in one UPDATE)."""
        recorded: dict[int, SendOutcome | Exception] = {}
        delivered: dict[int, Delivery] = {}
        failed: dict[int, SendFailure] = {}
        for message, result in zip(claimed, attempts, strict=True):
            if isinstance(result, Delivery):
                delivered[message.message_id] = result
            elif isinstance(result, SendFailure):
                failed[message.message_id] = result
            else:
                # Already recorded failed by `_attempt_until_settled`; the caller hears why.
                recorded[message.message_id] = result
        if not delivered and not failed:
            return recorded
        with session_scope(self.session_factory) as session:
            if delivered:
                by_id = SmsMessage.id
                session.execute(
                    update(SmsMessage)
                    .where(SmsMessage.id.in_(delivered))
                    .values(
                        status=case({i: d.status.value for i, d in delivered.items()}, value=by_id),
                        provider_message_id=case(
                            {i: d.provider_message_id for i, d in delivered.items()}, value=by_id
                        ),
                        error_code=None,
                        updated_at=utcnow(),
                    )
                    .execution_options(synchronize_session=False)
                )
                for message_id, delivery in delivered.items():
                    recorded[message_id] = SendOutcome(
                        message_id, delivery.status, delivery.provider_message_id, None, False
                    )
            for message_id, failure in failed.items():
                row = load(session, message_id)
                apply_failure(session, row, failure)
                recorded[message_id] = outcome_of(row)
        return recorded

    def send_existing(self, message_id: int) -> SendOutcome:
        """(Re)send a queued outbox row; any other row is left alone and its outcome returned.

        Raises LookupError when there is no such row.
        """
        claimed = self._claim(message_id)
        if isinstance(claimed, SendOutcome):
            return claimed
        result = self._attempt_until_settled(claimed, first_counted=False)
        with session_scope(self.session_factory) as session:
            message = load(session, claimed.message_id)
            if isinstance(result, Delivery):
                _apply_delivery(message, result)
            else:
                apply_failure(session, message, result)
            session.flush()
            return outcome_of(message)

    def _attempt_until_settled(
        self, claimed: OutboundSms, *, first_counted: bool
    ) -> Delivery | SendFailure:
        """Call the transport, retrying what is worth retrying; the outcome is not stored.

        Every attempt is counted (committed) before the provider is called, so the row shows
        an attempt that may have reached it even if this process dies mid-call. An unexpected
        error (a bug, not a provider answer) is recorded as a failure and raised.
        """
        for attempt in range(1, self.retry.max_attempts + 1):
            if attempt > 1 or not first_counted:
                self._count_attempt(claimed.message_id)
            try:
                delivery = self.transport.deliver(claimed)
            except SendFailure as failure:
                if failure.retryable and attempt < self.retry.max_attempts:
                    delay = self.retry.delay_after(attempt)
                    log_attempt(claimed, attempt, f"failed, retrying in {delay:.2f} s", failure)
                    self.sleep(delay)
                    continue
                log_attempt(claimed, attempt, failure_words(failure), failure)
                return failure
            except Exception:
                # Do not leave the row looking in flight forever.
                log_attempt(claimed, attempt, "failed with an unexpected error", None)
                self._record_failure(claimed, SendFailure(FailureKind.TRANSIENT, None, "internal"))
                raise
            log_attempt(claimed, attempt, delivery_words(delivery), None)
            return delivery
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
                return outcome_of(message)

            refused = refusal(session, message)
            if refused is not None:
                log_refusal(message, refused)
                apply_failure(session, message, refused)
                return outcome_of(message)
            return _outbound(message)

    def _count_attempt(self, message_id: int) -> None:
        with session_scope(self.session_factory) as session:
            session.execute(
                update(SmsMessage)
                .where(SmsMessage.id == message_id)
                .values(attempts=SmsMessage.attempts + 1, updated_at=utcnow())
                .execution_options(synchronize_session=False)
            )

    def _record_failure(self, claimed: OutboundSms, failure: SendFailure) -> None:
        with session_scope(self.session_factory) as session:
            apply_failure(session, load(session, claimed.message_id), failure)


def make_sms_sender(settings: Settings, session_factory: sessionmaker[Session]) -> SmsSender:
    """The sender for `settings`: Twilio when its credentials are set, else the local outbox."""
    return SmsSender(settings, session_factory, transport_for(settings))


def _check(request: SmsRequest) -> None:
    """Refuse, before anything is stored, a message that may not be sent at all."""
    check_body(request.body, request.purpose)
    if len(request.to_number) > MAX_STORED_NUMBER_LENGTH:
        raise ValueError(
            f"The recipient is not a phone number: it is {len(request.to_number)} characters "
            "long. Pass the patient's number in E.164 form, e.g. +14155552671."
        )


def _outbound(message: SmsMessage) -> OutboundSms:
    return OutboundSms(message.id, message.to_number, message.from_number, message.body)


def _apply_delivery(message: SmsMessage, delivery: Delivery) -> None:
    message.status = delivery.status
    message.provider_message_id = delivery.provider_message_id
    message.error_code = None


def _as_kwargs(request: SmsRequest) -> dict[str, Any]:
    return {
        "to_number": request.to_number,
        "body": request.body,
        "purpose": request.purpose,
        "patient_id": request.patient_id,
        "idempotency_key": request.idempotency_key,
        "conversation_id": request.conversation_id,
    }


def _safely(send: Callable[..., SendOutcome], kwargs: dict[str, Any]) -> SendOutcome | Exception:
    try:
        return send(**kwargs)
    except Exception as error:  # noqa: BLE001 - it is this message's result
        return error

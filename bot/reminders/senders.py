"""What the reminder jobs need from an SMS sender (`bot.reminders.sms.SmsSender`, or a test
double with only `send`), and how dispatch sends a group through either."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, runtime_checkable

from bot.db.models import SmsPurpose
from bot.reminders.sms.sender import SmsRequest


class SendOutcomeLike(Protocol):
    """What `bot.reminders.sms.SendOutcome` carries that dispatch reads."""

    @property
    def message_id(self) -> int | None: ...
    @property
    def status(self) -> str: ...
    @property
    def provider_message_id(self) -> str | None: ...
    @property
    def error_code(self) -> int | None: ...


class ReminderSender(Protocol):
    """The one method of `bot.reminders.sms.SmsSender` every caller needs."""

    def send(
        self,
        *,
        to_number: str,
        body: str,
        purpose: SmsPurpose,
        patient_id: int | None = None,
        idempotency_key: str | None = None,
    ) -> SendOutcomeLike: ...


@runtime_checkable
class BatchReminderSender(ReminderSender, Protocol):
    """A sender that also sends a group with one commit before and one after (`SmsSender`).

    Dispatch uses `send_many` when the sender has it, else `send` on `concurrency` threads.
    """

    def send_many(
        self, requests: Sequence[SmsRequest], *, concurrency: int = 1
    ) -> Sequence[SendOutcomeLike | Exception]: ...


def send_all(
    sender: ReminderSender, requests: list[SmsRequest], concurrency: int
) -> Sequence[SendOutcomeLike | Exception]:
    """Each request's outcome, or the exception that stopped it; `concurrency` at a time.

    One `send_many` call (one commit before the provider calls, one after) when the sender has
    it, else `send` on `concurrency` threads.
    """
    if isinstance(sender, BatchReminderSender):
        try:
            return sender.send_many(requests, concurrency=concurrency)
        except Exception as error:  # noqa: BLE001 - settled from the outbox, then logged
            return [error] * len(requests)

    def send_one(request: SmsRequest) -> SendOutcomeLike | Exception:
        try:
            return sender.send(
                to_number=request.to_number,
                body=request.body,
                purpose=request.purpose,
                patient_id=request.patient_id,
                idempotency_key=request.idempotency_key,
            )
        except Exception as error:  # noqa: BLE001 - settled from the outbox, then logged
            return error

    if concurrency <= 1 or len(requests) <= 1:
        return [send_one(request) for request in requests]
    workers = min(concurrency, len(requests))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dispatch") as pool:
        return list(pool.map(send_one, requests))

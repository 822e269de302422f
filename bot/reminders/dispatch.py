"""Send the reminders that are due, each exactly once, however many workers run.

The database decides, never the scheduler (two APScheduler 3 schedulers sharing a job store do
fire the same job twice): every dose event moves through conditional UPDATEs
(`... WHERE id = :id AND status = :expected`), each in its own committed transaction, and a
worker that updates no row has lost the race and moves on. Each dose event has one outbox
message, named by the idempotency key "dose-<id>": the sender returns the earlier message's
outcome for a key it has seen instead of texting again.

The exactly-once rule, per dose event:
1. `pending` and due. More than `grace` late, or the patient opted out, gave no consent, has no
   number or is deleted, or the medication is stopped or paused, or the time falls in the
   patient's quiet hours → `not_sent`, with the reason in the audit log. Otherwise CLAIM it:
   `pending → sending`, committed. Only the claimer goes on.
2. The claimer calls `sender.send(..., idempotency_key="dose-<id>")` and records the outcome:
   accepted → `sent` + `sms_message_id`; failed (after the sender's own retries) → `not_sent`,
   counted as failed. If the call raises, the outbox row for the key settles it the same way,
   and with no settled row the dose goes back to `pending` for the next run (inside `grace`).
3. A row still `sending` after `lease` (far longer than any send) belongs to a worker that died
   between claim and record. It is recovered only through the outbox row for its key: sent →
   `sent`, nothing resent; failed → `not_sent`; no row, or a row still queued → re-claimed (a
   compare-and-set on `updated_at`, so one recovering worker wins) and sent with the same key
   if still inside `grace`, else `not_sent` (late).
The one window no database closes is the transport call itself: a worker killed while the
provider call was in flight leaves the outbox row `sending`, and nobody can know whether the
patient got the text. The sender will not send that row again (it might be a duplicate), so the
dose is recorded `not_sent` with reason `send_interrupted`: visible to the clinic, never silent.
Everywhere else a kill -9 causes neither a duplicate nor a loss.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import (
    DoseEvent,
    DoseStatus,
    Medication,
    Patient,
    SmsMessage,
    SmsPurpose,
    SmsStatus,
)
from bot.db.repositories import AuditLog
from bot.reminders.schedule import (
    DEFAULT_GRACE,
    QuietHours,
    in_quiet_hours,
    patient_quiet_hours,
)
from bot.reminders.sms import GSM7_BASIC_CHARSET, GSM7_SEGMENT_LENGTH

logger = logging.getLogger(__name__)

AUDIT_ACTOR = "system:reminders"
# Far longer than one send can take (three attempts with a 15 s Twilio timeout and backoff, under
# a minute), so a row still `sending` after it belongs to a worker that died.
SENDING_LEASE = timedelta(minutes=5)
# Doses one run handles at once (threads): enough to overlap provider round trips with commits.
DEFAULT_CONCURRENCY = 4
REPLY_HINT = "Reply TAKEN, SKIP or SNOOZE."
_FAILED = frozenset({SmsStatus.FAILED, SmsStatus.UNDELIVERED})
_ACCEPTED = frozenset({SmsStatus.SENT, SmsStatus.DELIVERED, SmsStatus.LOCAL})
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


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
    """The one method of `bot.reminders.sms.SmsSender` dispatch calls."""

    def send(
        self,
        *,
        to_number: str,
        body: str,
        purpose: SmsPurpose,
        patient_id: int | None = None,
        idempotency_key: str | None = None,
    ) -> SendOutcomeLike: ...


@dataclass
class DispatchReport:
    """What one `send_due_reminders` run did, by outcome (counts of dose events)."""

    sent: int = 0
    not_sent_late: int = 0
    not_sent_quiet: int = 0
    not_sent_opted_out: int = 0
    # Patient deleted or without a number, medication stopped or paused.
    not_sent_inactive: int = 0
    # The send failed after the sender's retries, or was interrupted mid-call: `not_sent`.
    failed: int = 0
    # Another worker got there first.
    skipped_claimed: int = 0
    # The sender raised before the outbox settled it: back to `pending` for the next run.
    deferred: int = 0
    # Left `sending` by a dead worker and found sent in the outbox: marked `sent`, not resent.
    recovered: int = 0


_REASON_COUNTER = {
    "late": "not_sent_late",
    "quiet_hours": "not_sent_quiet",
    "opted_out": "not_sent_opted_out",
    "no_consent": "not_sent_opted_out",
    "patient_inactive": "not_sent_inactive",
    "medication_stopped": "not_sent_inactive",
    "no_phone_number": "not_sent_inactive",
    "send_failed": "failed",
    "send_interrupted": "failed",
}


def idempotency_key(dose_event_id: int, snoozed: bool = False) -> str:
    """The outbox key of a dose's text; a snoozed dose's second text has its own."""
    return f"dose-{dose_event_id}-snooze" if snoozed else f"dose-{dose_event_id}"


# When a dose is due to be texted: once snoozed, the snooze time.
DUE_AT = sa.func.coalesce(DoseEvent.snoozed_until_utc, DoseEvent.scheduled_at_utc)


def default_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def send_due_reminders(
    session_factory: sessionmaker[Session],
    sender: ReminderSender,
    now_utc: datetime,
    grace: timedelta = DEFAULT_GRACE,
    worker_id: str | None = None,
    *,
    quiet_hours: Callable[[Patient], QuietHours | None] = patient_quiet_hours,
    lease: timedelta = SENDING_LEASE,
    limit: int = 1000,
    concurrency: int = DEFAULT_CONCURRENCY,
) -> DispatchReport:
    """Send every pending reminder due at `now_utc`, and recover those a dead worker left.

    Safe to run from any number of workers at once (see the module docstring for the rule).

    Args:
        session_factory: Sessions on CareLoop's database; each state change commits alone.
        sender: The SMS sender (`bot.reminders.sms.SmsSender` or a test double).
        now_utc: The current instant, aware.
        grace: How late a reminder may still go out; later ones are recorded `not_sent`.
        worker_id: Names this worker in logs and the audit log (default host:pid).
        quiet_hours: Looks up a patient's quiet hours.
        lease: How long a `sending` row is left to its claimer before it counts as abandoned.
        limit: Most rows of each kind looked at per run; the rest wait for the next run.
        concurrency: Doses handled at once. Each is still claimed by its own conditional
            UPDATE, so threads race exactly as workers do and exactly-once holds; they overlap
            the provider's HTTP round trips with each other's database commits.
    """
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("now_utc must be timezone-aware, e.g. datetime.now(UTC)")
    run = _Run(
        session_factory,
        sender,
        now_utc,
        grace,
        worker_id or default_worker_id(),
        quiet_hours,
        lease,
    )
    with session_factory() as session:
        abandoned = session.scalars(
            sa.select(DoseEvent.id)
            .where(DoseEvent.status == DoseStatus.SENDING, DoseEvent.updated_at <= now_utc - lease)
            .order_by(DoseEvent.id)
            .limit(limit)
        ).all()
        due = session.scalars(
            sa.select(DoseEvent.id)
            .where(DoseEvent.status == DoseStatus.PENDING, DUE_AT <= now_utc)
            .order_by(DUE_AT, DoseEvent.id)
            .limit(limit)
        ).all()

    def handle_safely(handle: Callable[[int], None], dose_id: int) -> None:
        try:
            handle(dose_id)
        except Exception:
            # One bad row must not hold up everyone else's reminders; a row left `sending`
            # is recovered through the outbox after the lease.
            logger.exception("Handling dose event %d failed; moving on.", dose_id)

    for handle, dose_ids in ((run.recover, abandoned), (run.dispatch, due)):
        if concurrency <= 1 or len(dose_ids) <= 1:
            for dose_id in dose_ids:
                handle_safely(handle, dose_id)
            continue
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="dispatch") as pool:
            # Submitted in due order, so the earliest doses are sent first.
            list(pool.map(handle_safely, [handle] * len(dose_ids), dose_ids))
    return run.report


def reminder_text(first_name: str | None, medication: str, dose: str | None, discreet: bool) -> str:
    """The reminder SMS: one plain SMS (at most 160 characters of the GSM-7 basic alphabet).

    Discreet reminders never name the medication. A first name or medication that cannot be
    written in GSM-7 without losing letters is left out rather than mangled; a medication name
    too long to fit is shortened.
    """
    name = gsm7_or_none((first_name or "").strip())
    greetings = [f"Hi {name}.", "Hi."] if name else ["Hi."]
    medication_name = gsm7_or_none(medication.strip())
    items = []
    if not discreet and medication_name:
        with_dose = gsm7_or_none(f"{medication.strip()} {(dose or '').strip()}".strip())
        items += [with_dose, medication_name]
        room = GSM7_SEGMENT_LENGTH - len(f"Hi. Time for your .... {REPLY_HINT}")
        items.append(medication_name[:room].rstrip() + "...")
    items.append("medicine")
    for greeting in greetings:
        for item in filter(None, items):
            text = f"{greeting} Time for your {item}. {REPLY_HINT}"
            if len(text) <= GSM7_SEGMENT_LENGTH:
                return text
    raise AssertionError("unreachable: the discreet text always fits")  # pragma: no cover


def gsm7_or_none(text: str) -> str | None:
    """`text` in the GSM-7 basic alphabet (accents dropped where it lacks them), or None when
    that would lose letters (or `text` is empty)."""
    out = []
    for char in text.translate(_TYPOGRAPHY):
        if char in GSM7_BASIC_CHARSET:
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if c in GSM7_BASIC_CHARSET)
        if not base:
            return None
        out.append(base)
    return "".join(out) or None


@dataclass(frozen=True)
class _Dose:
    """A dose event and what deciding about it needs, read in one go (ids only in logs)."""

    id: int
    status: DoseStatus
    # The scheduled time, or the snooze time for a snoozed dose's second text.
    due_at_utc: datetime
    snoozed: bool
    patient_id: int
    phone: str | None
    body: str
    skip_reason: str | None


@dataclass(frozen=True)
class _Outbox:
    """What became of a dose's outbox message, from the sender's answer or its row."""

    id: int | None
    status: SmsStatus
    provider_message_id: str | None
    error_code: int | None

    @property
    def accepted(self) -> bool:
        """The provider (or the local outbox) took it: it went out."""
        return self.status in _ACCEPTED or (
            self.provider_message_id is not None and self.status not in _FAILED
        )

    @property
    def settled(self) -> bool:
        """Sent or failed for good; otherwise queued, or in flight when its sender died."""
        return self.accepted or self.status in _FAILED


class _Run:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        sender: ReminderSender,
        now: datetime,
        grace: timedelta,
        worker_id: str,
        quiet_hours: Callable[[Patient], QuietHours | None],
        lease: timedelta,
    ) -> None:
        self.factory = session_factory
        self.sender = sender
        self.now = now
        self.grace = grace
        self.worker_id = worker_id
        self.quiet_hours = quiet_hours
        self.lease = lease
        self.report = DispatchReport()
        self._report_lock = threading.Lock()

    def _count(self, outcome: str) -> None:
        with self._report_lock:
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    def dispatch(self, dose_id: int) -> None:
        dose = self._load(dose_id)
        if dose is None or dose.status is not DoseStatus.PENDING:
            self._count("skipped_claimed")
            return
        reason = "late" if self._late(dose) else dose.skip_reason
        if reason is not None and dose.snoozed:
            # The first text went out; only the snoozed repeat is dropped.
            if self._update(dose.id, DoseStatus.PENDING, status=DoseStatus.SENT):
                self._audit(dose, "reminder.snooze_not_sent", reason=reason)
            return
        if reason is not None:
            self._not_sent(dose, DoseStatus.PENDING, reason)
            return
        if not self._update(dose.id, DoseStatus.PENDING, status=DoseStatus.SENDING):
            self._count("skipped_claimed")
            return
        self._send(dose)

    def recover(self, dose_id: int) -> None:
        dose = self._load(dose_id)
        if dose is None or dose.status is not DoseStatus.SENDING:
            self._count("skipped_claimed")
            return
        # Every change below requires the claim to be as stale as it was when read, so a worker
        # that lost the race to re-claim it leaves it to the winner.
        stale = DoseEvent.updated_at <= self.now - self.lease
        message = self._outbox_message(dose)
        # A row still `sending` was in the provider call when its worker died: never resent.
        if message is not None and (message.settled or message.status is SmsStatus.SENDING):
            self._settle(dose, message, stale)
            return
        if self._late(dose):
            self._not_sent(dose, DoseStatus.SENDING, "late", stale, interrupted=True)
            return
        reclaimed = self._update(dose.id, DoseStatus.SENDING, stale)
        if not reclaimed:
            self._count("skipped_claimed")
        elif dose.skip_reason is not None:
            self._not_sent(dose, DoseStatus.SENDING, dose.skip_reason, interrupted=True)
        else:
            self._send(dose)

    def _late(self, dose: _Dose) -> bool:
        return self.now - dose.due_at_utc > self.grace

    def _send(self, dose: _Dose) -> None:
        assert dose.phone is not None  # skip_reason covers a missing number
        try:
            outcome = self.sender.send(
                to_number=dose.phone,
                body=dose.body,
                purpose=SmsPurpose.REMINDER,
                patient_id=dose.patient_id,
                idempotency_key=idempotency_key(dose.id, dose.snoozed),
            )
        except Exception:
            logger.exception("Sending the reminder for dose event %d raised.", dose.id)
            # The call has ended, so the outbox row (if any) tells what happened.
            message = self._outbox_message(dose)
            if message is not None and message.settled:
                self._settle(dose, message)
            else:
                self._release(dose)
            return
        self._settle(
            dose,
            _Outbox(
                outcome.message_id,
                SmsStatus(outcome.status),
                outcome.provider_message_id,
                outcome.error_code,
            ),
        )

    def _settle(self, dose: _Dose, message: _Outbox, *recovering: Any) -> None:
        """Record what the outbox says became of this dose's message.

        `recovering` holds the staleness condition when the row is a dead worker's, not ours.
        """
        if message.accepted:
            if self._update(
                dose.id,
                DoseStatus.SENDING,
                *recovering,
                status=DoseStatus.SENT,
                sms_message_id=message.id,
            ):
                if recovering:
                    self._count("recovered")
                    self._audit(dose, "reminder.recovered", sms_message_id=message.id)
                else:
                    self._count("sent")
                return
            if not recovering:
                # Only if this send outlived the lease and another worker took the row over;
                # the shared key kept the patient from getting the text twice.
                logger.warning("Dose event %d was taken over while it was being sent.", dose.id)
            self._count("skipped_claimed")
            return
        reason = "send_failed" if message.status in _FAILED else "send_interrupted"
        self._not_sent(
            dose,
            DoseStatus.SENDING,
            reason,
            *recovering,
            sms_message_id=message.id,
            error_code=message.error_code,
        )

    def _release(self, dose: _Dose) -> None:
        self._update(dose.id, DoseStatus.SENDING, status=DoseStatus.PENDING)
        self._count("deferred")

    def _not_sent(
        self,
        dose: _Dose,
        expected: DoseStatus,
        reason: str,
        *conditions: Any,
        sms_message_id: int | None = None,
        **detail: Any,
    ) -> None:
        values: dict[str, Any] = {"status": DoseStatus.NOT_SENT}
        if sms_message_id is not None:
            values["sms_message_id"] = sms_message_id
        with session_scope(self.factory) as session:
            if not self._conditional_update(session, dose.id, expected, *conditions, **values):
                self._count("skipped_claimed")
                return
            AuditLog(session).record(
                AUDIT_ACTOR,
                "reminder.not_sent",
                patient_id=dose.patient_id,
                dose_event_id=dose.id,
                reason=reason,
                worker=self.worker_id,
                **detail,
            )
        counter = _REASON_COUNTER[reason]
        self._count(counter)
        logger.debug("Dose event %d not sent: %s.", dose.id, reason)

    def _audit(self, dose: _Dose, action: str, **detail: Any) -> None:
        with session_scope(self.factory) as session:
            AuditLog(session).record(
                AUDIT_ACTOR,
                action,
                patient_id=dose.patient_id,
                dose_event_id=dose.id,
                worker=self.worker_id,
                **detail,
            )

    def _update(self, dose_id: int, expected: DoseStatus, *conditions: Any, **values: Any) -> bool:
        with session_scope(self.factory) as session:
            return self._conditional_update(session, dose_id, expected, *conditions, **values)

    def _conditional_update(
        self,
        session: Session,
        dose_id: int,
        expected: DoseStatus,
        *conditions: Any,
        **values: Any,
    ) -> bool:
        """`UPDATE ... WHERE id = :id AND status = :expected`; True when this worker won."""
        result = session.execute(
            sa.update(DoseEvent)
            .where(DoseEvent.id == dose_id, DoseEvent.status == expected, *conditions)
            .values(updated_at=self.now, **values)
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1

    def _load(self, dose_id: int) -> _Dose | None:
        with self.factory() as session:
            row = session.execute(
                sa.select(DoseEvent, Medication, Patient)
                .join(Medication, DoseEvent.medication_id == Medication.id)
                .join(Patient, Medication.patient_id == Patient.id)
                .where(DoseEvent.id == dose_id)
            ).one_or_none()
            if row is None:
                return None
            dose, medication, patient = row
            return _Dose(
                id=dose.id,
                status=dose.status,
                due_at_utc=dose.due_at_utc,
                snoozed=dose.snoozed_until_utc is not None,
                patient_id=patient.id,
                phone=patient.phone_e164,
                body=reminder_text(
                    patient.first_name, medication.name, medication.dose, patient.discreet_sms
                ),
                skip_reason=self._skip_reason(dose, medication, patient),
            )

    def _skip_reason(self, dose: DoseEvent, medication: Medication, patient: Patient) -> str | None:
        """Why this reminder must not go out, lateness aside; None when it may."""
        if patient.deleted_at is not None or patient.deletion_requested_at is not None:
            return "patient_inactive"
        if not medication.active or medication.paused:
            return "medication_stopped"
        if patient.sms_opted_out_at is not None:
            return "opted_out"
        if not patient.sms_consent:
            return "no_consent"
        if not patient.phone_e164:
            return "no_phone_number"
        if in_quiet_hours(dose.due_at_utc, patient.time_zone, self.quiet_hours(patient)):
            return "quiet_hours"
        return None

    def _outbox_message(self, dose: _Dose) -> _Outbox | None:
        """The outbox row carrying this dose's reminder (found by its idempotency key)."""
        with self.factory() as session:
            row = session.execute(
                sa.select(
                    SmsMessage.id,
                    SmsMessage.status,
                    SmsMessage.provider_message_id,
                    SmsMessage.error_code,
                ).where(SmsMessage.idempotency_key == idempotency_key(dose.id, dose.snoozed))
            ).one_or_none()
        if row is None:
            return None
        error_code = row.error_code
        return _Outbox(
            row.id,
            SmsStatus(row.status),
            row.provider_message_id,
            int(error_code) if error_code and error_code.isdigit() else None,
        )

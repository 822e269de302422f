"""One dispatch run over `dose_events`: claiming due doses in batches, sending them in groups,
settling what became of each, and recovering the doses a dead worker left `sending`. The rule
these steps keep is in `bot.reminders.dispatch`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

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
from bot.reminders.reminder_text import reminder_text
from bot.reminders.schedule import QuietHours, in_quiet_hours
from bot.reminders.senders import ReminderSender, send_all
from bot.reminders.sms.sender import SmsRequest

logger = logging.getLogger(__name__)

AUDIT_ACTOR = "system:reminders"
# Abandoned rows looked at per run (a dead worker leaves at most one batch).
RECOVERY_LIMIT = 1000
_FAILED = frozenset({SmsStatus.FAILED, SmsStatus.UNDELIVERED})
_ACCEPTED = frozenset({SmsStatus.SENT, SmsStatus.DELIVERED, SmsStatus.LOCAL})


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

    def request(self) -> SmsRequest:
        assert self.phone is not None  # skip_reason covers a missing number
        return SmsRequest(
            to_number=self.phone,
            body=self.body,
            purpose=SmsPurpose.REMINDER,
            patient_id=self.patient_id,
            idempotency_key=idempotency_key(self.id, self.snoozed),
        )


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


class DoseRun:
    """One `send_due_reminders` run: its clock, its settings and what it did."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        sender: ReminderSender,
        now: datetime,
        grace: timedelta,
        worker_id: str,
        quiet_hours: Callable[[Patient], QuietHours | None],
        lease: timedelta,
        concurrency: int,
    ) -> None:
        self.factory = session_factory
        self.sender = sender
        self.now = now
        self.grace = grace
        self.worker_id = worker_id
        self.quiet_hours = quiet_hours
        self.lease = lease
        self.concurrency = concurrency
        self.report = DispatchReport()
        # Sent back to `pending` in this run: left for the next run, not claimed again now.
        self.deferred: set[int] = set()

    def _count(self, *outcomes: str) -> None:
        for outcome in outcomes:
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    # ---------------------------------------------------------------- claiming

    def claim_batch(self, size: int) -> tuple[int, list[_Dose]]:
        """Claim up to `size` due doses in one transaction and settle those that must not be
        texted; returns how many were claimed and those to send, earliest first."""
        outcomes: list[str] = []
        with session_scope(self.factory) as session:
            due = sa.select(DoseEvent.id).where(
                DoseEvent.status == DoseStatus.PENDING,
                # Implied by the next line (a snooze is always later), and lets the
                # (status, scheduled_at_utc) index return the earliest rows in order.
                DoseEvent.scheduled_at_utc <= self.now,
                DUE_AT <= self.now,
            )
            if self.deferred:
                due = due.where(DoseEvent.id.not_in(self.deferred))
            due = (
                due.order_by(DoseEvent.scheduled_at_utc, DoseEvent.id)
                .limit(size)
                .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has one writer anyway
            )
            claimed = session.scalars(
                sa.update(DoseEvent)
                .where(DoseEvent.id.in_(due.scalar_subquery()))
                .where(DoseEvent.status == DoseStatus.PENDING)
                .values(status=DoseStatus.SENDING, updated_at=self.now)
                .returning(DoseEvent.id)
                .execution_options(synchronize_session=False)
            ).all()
            if not claimed:
                return 0, []
            sendable = []
            for dose in self._load(session, claimed):
                reason = "late" if self._late(dose) else dose.skip_reason
                if reason is None:
                    sendable.append(dose)
                elif dose.snoozed:
                    # The first text went out; only the snoozed repeat is dropped.
                    self._conditional_update(
                        session, dose.id, DoseStatus.SENDING, status=DoseStatus.SENT
                    )
                    self._audit(session, dose, "reminder.snooze_not_sent", reason=reason)
                else:
                    outcomes.append(self._not_sent(session, dose, DoseStatus.SENDING, reason))
        self._count(*outcomes)
        return len(claimed), sendable

    def _load(self, session: Session, dose_ids: Sequence[int]) -> list[_Dose]:
        rows = session.execute(
            sa.select(DoseEvent, Medication, Patient)
            .join(Medication, DoseEvent.medication_id == Medication.id)
            .join(Patient, Medication.patient_id == Patient.id)
            .where(DoseEvent.id.in_(dose_ids))
        ).all()
        doses = [
            _Dose(
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
            for dose, medication, patient in rows
        ]
        return sorted(doses, key=lambda d: (d.due_at_utc, d.id))

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

    def _late(self, dose: _Dose) -> bool:
        return self.now - dose.due_at_utc > self.grace

    # ---------------------------------------------------------------- sending

    def send_group(self, doses: list[_Dose]) -> None:
        """Send claimed doses together and record what became of each in one transaction."""
        results = send_all(self.sender, [dose.request() for dose in doses], self.concurrency)
        outcomes: list[str] = []
        deferred: list[int] = []
        accepted: dict[int, int | None] = {}
        try:
            with session_scope(self.factory) as session:
                for dose, result in zip(doses, results, strict=True):
                    if isinstance(result, Exception):
                        logger.error(
                            "Sending the reminder for dose event %d raised %s.",
                            dose.id,
                            type(result).__name__,
                            exc_info=result,
                        )
                        # The call has ended, so the outbox row (if any) tells what happened.
                        message = self._outbox_message(session, dose)
                        if message is None or not message.settled:
                            self._conditional_update(
                                session, dose.id, DoseStatus.SENDING, status=DoseStatus.PENDING
                            )
                            deferred.append(dose.id)
                            outcomes.append("deferred")
                            continue
                    else:
                        message = _Outbox(
                            result.message_id,
                            SmsStatus(result.status),
                            result.provider_message_id,
                            result.error_code,
                        )
                    if message.accepted:
                        accepted[dose.id] = message.id
                    else:
                        outcomes.append(self._settle(session, dose, message))
                outcomes += self._mark_sent(session, accepted)
        except Exception:
            # The rows stay `sending`; after the lease they are settled from the outbox.
            logger.exception("Recording %d sent reminders failed; left to recovery.", len(doses))
            return
        self.deferred.update(deferred)
        self._count(*outcomes)

    def _mark_sent(self, session: Session, accepted: dict[int, int | None]) -> list[str]:
        """`sending → sent` with each dose's outbox message, in one UPDATE; counters to bump."""
        if not accepted:
            return []
        won = set(
            session.scalars(
                sa.update(DoseEvent)
                .where(DoseEvent.id.in_(accepted), DoseEvent.status == DoseStatus.SENDING)
                .values(
                    status=DoseStatus.SENT,
                    sms_message_id=sa.case(accepted, value=DoseEvent.id),
                    updated_at=self.now,
                )
                .returning(DoseEvent.id)
                .execution_options(synchronize_session=False)
            )
        )
        for dose_id in accepted.keys() - won:
            # Only if this send outlived the lease and another worker took the row over; the
            # shared key kept the patient from getting the text twice.
            logger.warning("Dose event %d was taken over while it was being sent.", dose_id)
        return ["sent"] * len(won) + ["skipped_claimed"] * (len(accepted) - len(won))

    def _settle(self, session: Session, dose: _Dose, message: _Outbox, *recovering: Any) -> str:
        """Record what the outbox says became of this dose's message; returns the counter to
        bump once committed.

        `recovering` holds the staleness condition when the row is a dead worker's, not ours.
        """
        if message.accepted:
            if self._conditional_update(
                session,
                dose.id,
                DoseStatus.SENDING,
                *recovering,
                status=DoseStatus.SENT,
                sms_message_id=message.id,
            ):
                if recovering:
                    self._audit(session, dose, "reminder.recovered", sms_message_id=message.id)
                    return "recovered"
                return "sent"
            if not recovering:
                # Only if this send outlived the lease and another worker took the row over;
                # the shared key kept the patient from getting the text twice.
                logger.warning("Dose event %d was taken over while it was being sent.", dose.id)
            return "skipped_claimed"
        reason = "send_failed" if message.status in _FAILED else "send_interrupted"
        return self._not_sent(
            session,
            dose,
            DoseStatus.SENDING,
            reason,
            *recovering,
            sms_message_id=message.id,
            error_code=message.error_code,
        )

    # ---------------------------------------------------------------- recovery

    def recover_abandoned(self) -> None:
        with self.factory() as session:
            abandoned = session.scalars(
                sa.select(DoseEvent.id)
                .where(
                    DoseEvent.status == DoseStatus.SENDING,
                    DoseEvent.updated_at <= self.now - self.lease,
                )
                .order_by(DoseEvent.id)
                .limit(RECOVERY_LIMIT)
            ).all()
        for dose_id in abandoned:
            try:
                self._recover(dose_id)
            except Exception:
                # One bad row must not hold up everyone else's reminders.
                logger.exception("Recovering dose event %d failed; moving on.", dose_id)

    def _recover(self, dose_id: int) -> None:
        # Every change below requires the claim to be as stale as it was when read, so a worker
        # that lost the race to re-claim it leaves it to the winner.
        stale = DoseEvent.updated_at <= self.now - self.lease
        outcome: str | None = None
        send: _Dose | None = None
        with session_scope(self.factory) as session:
            loaded = self._load(session, [dose_id])
            dose = loaded[0] if loaded else None
            if dose is None or dose.status is not DoseStatus.SENDING:
                outcome = "skipped_claimed"
            elif (message := self._outbox_message(session, dose)) is not None and (
                # A row still `sending` was in the provider call when its worker died: never
                # resent.
                message.settled or message.status is SmsStatus.SENDING
            ):
                outcome = self._settle(session, dose, message, stale)
            elif self._late(dose):
                outcome = self._not_sent(
                    session, dose, DoseStatus.SENDING, "late", stale, interrupted=True
                )
            elif not self._conditional_update(session, dose.id, DoseStatus.SENDING, stale):
                outcome = "skipped_claimed"
            elif dose.skip_reason is not None:
                outcome = self._not_sent(
                    session, dose, DoseStatus.SENDING, dose.skip_reason, interrupted=True
                )
            else:
                send = dose
        if outcome is not None:
            self._count(outcome)
        if send is not None:
            self.send_group([send])

    # ---------------------------------------------------------------- rows

    def _not_sent(
        self,
        session: Session,
        dose: _Dose,
        expected: DoseStatus,
        reason: str,
        *conditions: Any,
        sms_message_id: int | None = None,
        **detail: Any,
    ) -> str:
        values: dict[str, Any] = {"status": DoseStatus.NOT_SENT}
        if sms_message_id is not None:
            values["sms_message_id"] = sms_message_id
        if not self._conditional_update(session, dose.id, expected, *conditions, **values):
            return "skipped_claimed"
        self._audit(session, dose, "reminder.not_sent", reason=reason, **detail)
        logger.debug("Dose event %d not sent: %s.", dose.id, reason)
        return _REASON_COUNTER[reason]

    def _audit(self, session: Session, dose: _Dose, action: str, **detail: Any) -> None:
        AuditLog(session).record(
            AUDIT_ACTOR,
            action,
            patient_id=dose.patient_id,
            dose_event_id=dose.id,
            worker=self.worker_id,
            **detail,
        )

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

    def _outbox_message(self, session: Session, dose: _Dose) -> _Outbox | None:
        """The outbox row carrying this dose's reminder (found by its idempotency key)."""
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

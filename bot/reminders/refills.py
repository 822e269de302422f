"""One refill reminder per supply, when the pills left fall below `refill_reminder_days` of doses.

The reminder's outbox key names the medication and its refill cycle (bumped whenever the patient
gives a new pill count), so however many workers run, or restart mid-send, the patient gets one
text for this supply; `refill_reminded_at` then keeps it from being looked at again.
"""

from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import Medication, Patient, SmsPurpose
from bot.reminders.adherence import units_per_dose
from bot.reminders.dispatch import ReminderSender
from bot.reminders.reminder_text import gsm7_or_none
from bot.settings import Settings

logger = logging.getLogger(__name__)


def refill_key(medication: Medication) -> str:
    return f"refill-{medication.id}-{medication.refill_cycle}"


def doses_per_day(medication: Medication) -> float:
    """Average doses a day over the medication's schedules (weekly ones count 1/7 a day)."""
    total = 0.0
    for schedule in medication.schedules:
        if schedule.interval_hours:
            per_day = 24 / schedule.interval_hours
        else:
            per_day = 1.0
        if schedule.days_of_week:
            per_day *= len(schedule.days_of_week.split(",")) / 7
        total += per_day
    return total


def days_left(medication: Medication) -> float | None:
    if medication.pill_count is None:
        return None
    per_day = doses_per_day(medication) * units_per_dose(medication.dose)
    return None if per_day == 0 else medication.pill_count / per_day


def refill_text(first_name: str | None, medication: str, days: int, discreet: bool) -> str:
    """One plain SMS; discreet texts do not name the medicine."""
    name = gsm7_or_none((first_name or "").strip())
    what = "your medicine" if discreet else (gsm7_or_none(medication.strip()) or "your medicine")
    greeting = f"Hi {name}." if name else "Hi."
    left = "less than a day" if days < 1 else f"about {days} day{'s' if days != 1 else ''}"
    text = f"{greeting} You have {left} of {what} left. Please order a refill."
    if len(text) > 160:
        text = f"Hi. You have {left} of your medicine left. Please order a refill."
    return text


def send_refill_reminders(
    session_factory: sessionmaker[Session],
    sender: ReminderSender,
    settings: Settings,
    now: datetime,
) -> int:
    """Text every patient whose supply of a medication runs low, once per supply."""
    with session_factory() as session:
        candidates = session.scalars(
            sa.select(Medication)
            .join(Patient, Medication.patient_id == Patient.id)
            .where(
                Medication.active.is_(True),
                Medication.paused.is_(False),
                Medication.pill_count.is_not(None),
                Medication.refill_reminded_at.is_(None),
                Patient.phone_e164.is_not(None),
                Patient.sms_consent.is_(True),
                Patient.sms_opted_out_at.is_(None),
                Patient.deleted_at.is_(None),
            )
        ).all()
        due = []
        for medication in candidates:
            left = days_left(medication)
            if left is None or left >= settings.refill_reminder_days:
                continue
            patient = medication.patient
            due.append(
                (
                    medication.id,
                    medication.refill_cycle,
                    refill_key(medication),
                    patient.id,
                    patient.phone_e164,
                    refill_text(
                        patient.first_name, medication.name, int(left), patient.discreet_sms
                    ),
                )
            )
    sent = 0
    for medication_id, cycle, key, patient_id, phone, body in due:
        assert phone is not None
        try:
            sender.send(
                to_number=phone,
                body=body,
                purpose=SmsPurpose.REMINDER,
                patient_id=patient_id,
                idempotency_key=key,
            )
        except Exception:
            logger.exception("Refill reminder for medication %d failed; will retry.", medication_id)
            continue
        with session_scope(session_factory) as session:
            session.execute(
                sa.update(Medication)
                .where(Medication.id == medication_id, Medication.refill_cycle == cycle)
                .values(refill_reminded_at=now)
                .execution_options(synchronize_session=False)
            )
        sent += 1
    if sent:
        logger.info("Refill reminders: %d sent.", sent)
    return sent

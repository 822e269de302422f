"""A dose occurrence exists once and is claimed once, whatever the time zone of the caller."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db.models import DoseEvent, DoseStatus, Medication, MedicationSchedule, Patient

OCCURRENCE = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _schedule(session: Session) -> MedicationSchedule:
    patient = Patient(first_name="Ada", time_zone="Europe/Paris")
    medication = Medication(patient=patient, name="Metformin", dose="500 mg", critical=True)
    schedule = MedicationSchedule(
        medication=medication, local_time=time(9, 0), time_zone="Europe/Paris"
    )
    session.add_all([patient, medication, schedule])
    session.commit()
    return schedule


def test_second_insert_of_the_same_occurrence_is_rejected(session: Session) -> None:
    schedule = _schedule(session)
    session.add(
        DoseEvent(
            medication_id=schedule.medication_id,
            schedule_id=schedule.id,
            scheduled_at_utc=OCCURRENCE,
        )
    )
    session.commit()

    # The same instant written in Paris time is the same occurrence.
    paris = timezone(timedelta(hours=1))
    session.add(
        DoseEvent(
            medication_id=schedule.medication_id,
            schedule_id=schedule.id,
            scheduled_at_utc=OCCURRENCE.astimezone(paris),
        )
    )
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).select_from(DoseEvent)) == 1


def test_an_occurrence_is_claimed_exactly_once(session: Session) -> None:
    schedule = _schedule(session)
    event = DoseEvent(
        medication_id=schedule.medication_id, schedule_id=schedule.id, scheduled_at_utc=OCCURRENCE
    )
    session.add(event)
    session.commit()

    def claim() -> int:
        result = session.execute(
            sa.update(DoseEvent)
            .where(DoseEvent.id == event.id, DoseEvent.status == DoseStatus.PENDING)
            .values(status=DoseStatus.SENDING)
        )
        session.commit()
        assert isinstance(result, sa.CursorResult)
        return result.rowcount

    assert claim() == 1
    assert claim() == 0
    session.refresh(event)
    assert event.status is DoseStatus.SENDING
    assert event.scheduled_at_utc == OCCURRENCE
    assert event.scheduled_at_utc.tzinfo is UTC


def test_due_query_compares_instants(session: Session) -> None:
    schedule = _schedule(session)
    for hours in (-2, -1, 1):
        session.add(
            DoseEvent(
                medication_id=schedule.medication_id,
                schedule_id=schedule.id,
                scheduled_at_utc=OCCURRENCE + timedelta(hours=hours),
            )
        )
    session.commit()
    # "Now" as a New York clock shows it: the same instant as OCCURRENCE, another offset.
    now = OCCURRENCE.astimezone(timezone(timedelta(hours=-5)))
    due = session.scalars(
        sa.select(DoseEvent)
        .where(DoseEvent.status == DoseStatus.PENDING, DoseEvent.scheduled_at_utc <= now)
        .order_by(DoseEvent.scheduled_at_utc)
    ).all()
    assert [event.scheduled_at_utc for event in due] == [
        OCCURRENCE - timedelta(hours=2),
        OCCURRENCE - timedelta(hours=1),
    ]

"""Medications and their dose occurrences, triage assessments and the follow-ups they schedule."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base, CreatedAtMixin, TimestampsMixin, str_enum
from bot.db.models.enums import DoseStatus, FollowUpStatus

if TYPE_CHECKING:
    from bot.db.models.patients import Patient


class Medication(TimestampsMixin, Base):
    __tablename__ = "medications"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    dose: Mapped[str | None] = mapped_column(sa.String(100))
    instructions: Mapped[str | None] = mapped_column(sa.Text)
    # Critical medications escalate to a nurse when doses are missed.
    critical: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Pills (or puffs, ...) left; decremented when a dose is taken. NULL: not tracked.
    pill_count: Mapped[int | None]
    # Bumped whenever the patient gives a new pill count: one refill reminder per supply.
    refill_cycle: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    refill_reminded_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    paused: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]

    patient: Mapped[Patient] = relationship(back_populates="medications")
    schedules: Mapped[list[MedicationSchedule]] = relationship(
        back_populates="medication", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Medication id={self.id} patient_id={self.patient_id}>"


class MedicationSchedule(CreatedAtMixin, Base):
    """When a medication is due, as a local wall-clock time in `time_zone`."""

    __tablename__ = "medication_schedules"
    __table_args__ = (
        sa.CheckConstraint(
            "interval_hours IS NULL OR interval_hours > 0", name="interval_hours_positive"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    medication_id: Mapped[int] = mapped_column(
        sa.ForeignKey("medications.id", ondelete="CASCADE"), index=True
    )
    local_time: Mapped[time]
    # "mon,wed,fri"; NULL means every day.
    days_of_week: Mapped[str | None] = mapped_column(sa.String(32))
    # Repeat every N hours from local_time instead of once a day.
    interval_hours: Mapped[int | None]
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")

    medication: Mapped[Medication] = relationship(back_populates="schedules")

    def __repr__(self) -> str:
        return f"<MedicationSchedule id={self.id} medication_id={self.medication_id}>"


class DoseEvent(TimestampsMixin, Base):
    """One scheduled occurrence of a dose.

    The unique (schedule_id, scheduled_at_utc) pair lets a scheduler insert an occurrence only
    once; sending then claims it with a conditional UPDATE (pending → sending).
    """

    __tablename__ = "dose_events"
    __table_args__ = (
        sa.UniqueConstraint("schedule_id", "scheduled_at_utc"),
        sa.Index("ix_dose_events_status_scheduled_at_utc", "status", "scheduled_at_utc"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    medication_id: Mapped[int] = mapped_column(
        sa.ForeignKey("medications.id", ondelete="CASCADE"), index=True
    )
    schedule_id: Mapped[int] = mapped_column(
        sa.ForeignKey("medication_schedules.id", ondelete="CASCADE")
    )
    scheduled_at_utc: Mapped[datetime]
    status: Mapped[DoseStatus] = mapped_column(
        str_enum(DoseStatus, "status"),
        default=DoseStatus.PENDING,
        server_default=DoseStatus.PENDING.value,
    )
    sms_message_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sms_messages.id", ondelete="SET NULL")
    )
    responded_at: Mapped[datetime | None]
    # Set when the patient replied SNOOZE: the dose is due again (once) at this instant.
    snoozed_until_utc: Mapped[datetime | None]

    @property
    def due_at_utc(self) -> datetime:
        """When the next text for this dose is due: the snooze time, else the scheduled time."""
        return self.snoozed_until_utc or self.scheduled_at_utc

    def __repr__(self) -> str:
        return f"<DoseEvent id={self.id} schedule_id={self.schedule_id} status={self.status}>"


class TriageAssessment(CreatedAtMixin, Base):
    """One run of the triage model. `input_text` is the patient's words: store, never log."""

    __tablename__ = "triage_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="SET NULL"), index=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    input_text: Mapped[str] = mapped_column(sa.Text)
    level: Mapped[str] = mapped_column(sa.String(32))
    confidence: Mapped[float]
    probabilities: Mapped[dict[str, Any]] = mapped_column(default=dict)
    red_flags: Mapped[list[Any]] = mapped_column(default=list)
    explanation: Mapped[str | None] = mapped_column(sa.Text)
    model_version: Mapped[str] = mapped_column(sa.String(64))
    # True when the model was unavailable and the keyword rules alone decided.
    degraded: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    def __repr__(self) -> str:
        return f"<TriageAssessment id={self.id} level={self.level}>"


class FollowUp(CreatedAtMixin, Base):
    __tablename__ = "follow_ups"
    __table_args__ = (sa.Index("ix_follow_ups_status_due_at_utc", "status", "due_at_utc"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="SET NULL")
    )
    assessment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("triage_assessments.id", ondelete="SET NULL")
    )
    due_at_utc: Mapped[datetime]
    status: Mapped[FollowUpStatus] = mapped_column(
        str_enum(FollowUpStatus, "status"),
        default=FollowUpStatus.SCHEDULED,
        server_default=FollowUpStatus.SCHEDULED.value,
    )
    outcome: Mapped[str | None] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"<FollowUp id={self.id} patient_id={self.patient_id} status={self.status}>"

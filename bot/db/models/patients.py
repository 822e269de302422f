"""Patients and the facts intake records about them."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base, CreatedAtMixin, TimestampsMixin

if TYPE_CHECKING:
    from bot.db.models.clinical import Medication


class Patient(TimestampsMixin, Base):
    """A person the clinic looks after. Names stay NULL until intake has collected them."""

    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str | None] = mapped_column(sa.String(100))
    last_name: Mapped[str | None] = mapped_column(sa.String(100))
    date_of_birth: Mapped[date | None]
    phone_e164: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    phone_verified_at: Mapped[datetime | None]
    # IANA name (e.g. "Europe/Paris"): reminders are local wall-clock times, stored as UTC.
    time_zone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")
    language: Mapped[str] = mapped_column(sa.String(16), default="en", server_default="en")
    sms_consent: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    sms_consent_at: Mapped[datetime | None]
    sms_opted_out_at: Mapped[datetime | None]
    # Discreet SMS never name a medication or a symptom (shared phones, lock screens).
    discreet_sms: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Local wall-clock times in `time_zone` between which no reminder is sent; may wrap midnight.
    quiet_hours_start: Mapped[time | None] = mapped_column(sa.Time)
    quiet_hours_end: Mapped[time | None] = mapped_column(sa.Time)
    sex: Mapped[str | None] = mapped_column(sa.String(16))
    pregnant: Mapped[bool | None]
    deletion_requested_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    # Set when the patient has answered every intake question (optional ones may be "none").
    intake_completed_at: Mapped[datetime | None]

    conditions: Mapped[list[Condition]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", passive_deletes=True
    )
    allergies: Mapped[list[Allergy]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", passive_deletes=True
    )
    medications: Mapped[list[Medication]] = relationship(
        back_populates="patient", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        # No names or phone numbers: reprs end up in logs and tracebacks.
        return f"<Patient id={self.id}>"


class Condition(CreatedAtMixin, Base):
    __tablename__ = "conditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    notes: Mapped[str | None] = mapped_column(sa.Text)

    patient: Mapped[Patient] = relationship(back_populates="conditions")

    def __repr__(self) -> str:
        return f"<Condition id={self.id} patient_id={self.patient_id}>"


class Allergy(CreatedAtMixin, Base):
    __tablename__ = "allergies"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    notes: Mapped[str | None] = mapped_column(sa.Text)

    patient: Mapped[Patient] = relationship(back_populates="allergies")

    def __repr__(self) -> str:
        return f"<Allergy id={self.id} patient_id={self.patient_id}>"


class OneTimeCode(CreatedAtMixin, Base):
    """A code texted to a number to prove that the person in a web chat holds that phone.

    Only a keyed hash of the code is kept, bound to the conversation it was issued to, so a
    code read from the outbox or the database cannot be used in another conversation.
    """

    __tablename__ = "one_time_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Rasa's conversation id: the code proves the number to this conversation only.
    sender_id: Mapped[str] = mapped_column(sa.String(255), index=True)
    phone_e164: Mapped[str] = mapped_column(sa.String(16), index=True)
    # The patient already on file with that number, if any (a returning patient).
    patient_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    expires_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    verified_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<OneTimeCode id={self.id} patient_id={self.patient_id}>"

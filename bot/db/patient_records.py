"""What the console shows about one patient: the record, adherence by day, triage, notes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.db.models import (
    Conversation,
    DoseEvent,
    DoseStatus,
    Medication,
    NurseNote,
    NurseUser,
    Patient,
    TriageAssessment,
)

ADHERENCE_DAYS = 30
MAX_NOTE_LENGTH = 5000


@dataclass(frozen=True)
class DayAdherence:
    """Doses due on one local day: taken, missed, skipped, and open (no answer yet or not sent)."""

    day: date
    taken: int
    missed: int
    skipped: int
    open: int

    @property
    def due(self) -> int:
        return self.taken + self.missed + self.skipped + self.open


def patient_zone(patient: Patient) -> ZoneInfo:
    try:
        return ZoneInfo(patient.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class PatientRecords:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get_visible(self, patient_id: int) -> Patient | None:
        """The patient, or None when there is none or it was deleted (callers answer 404)."""
        patient = self.session.get(Patient, patient_id)
        if patient is None or patient.deleted_at is not None:
            return None
        return patient

    def medications(self, patient: Patient) -> list[Medication]:
        return list(
            self.session.scalars(
                select(Medication)
                .where(Medication.patient_id == patient.id)
                .options(selectinload(Medication.schedules))
                .order_by(Medication.active.desc(), Medication.name)
            )
        )

    def adherence(
        self, patient: Patient, today: date | None = None, days: int = ADHERENCE_DAYS
    ) -> list[DayAdherence]:
        """One entry per local day for the last `days` days (oldest first), today included."""
        zone = patient_zone(patient)
        today = today or datetime.now(zone).date()
        first = today - timedelta(days=days - 1)
        start_utc = datetime.combine(first, time.min, tzinfo=zone).astimezone(UTC)
        end_utc = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
        counts: dict[date, Counter[str]] = {
            first + timedelta(days=i): Counter() for i in range(days)
        }
        for scheduled_at, status in self.session.execute(
            select(DoseEvent.scheduled_at_utc, DoseEvent.status)
            .join(Medication, Medication.id == DoseEvent.medication_id)
            .where(Medication.patient_id == patient.id)
            .where(DoseEvent.scheduled_at_utc >= start_utc, DoseEvent.scheduled_at_utc < end_utc)
        ):
            day = scheduled_at.astimezone(zone).date()
            if day in counts:
                counts[day][_bucket(DoseStatus(status))] += 1
        return [
            DayAdherence(day, c["taken"], c["missed"], c["skipped"], c["open"])
            for day, c in counts.items()
        ]

    def triage_history(self, patient: Patient) -> list[TriageAssessment]:
        return list(
            self.session.scalars(
                select(TriageAssessment)
                .where(TriageAssessment.patient_id == patient.id)
                .order_by(TriageAssessment.created_at.desc(), TriageAssessment.id.desc())
            )
        )

    def conversations(self, patient: Patient) -> list[Conversation]:
        return list(
            self.session.scalars(
                select(Conversation)
                .where(Conversation.patient_id == patient.id)
                .order_by(Conversation.updated_at.desc())
            )
        )

    def notes(self, patient: Patient) -> list[tuple[NurseNote, NurseUser]]:
        rows = self.session.execute(
            select(NurseNote, NurseUser)
            .join(NurseUser, NurseUser.id == NurseNote.nurse_id)
            .where(NurseNote.patient_id == patient.id)
            .order_by(NurseNote.created_at.desc(), NurseNote.id.desc())
        ).all()
        return [(note, nurse) for note, nurse in rows]

    def add_note(self, patient: Patient, nurse: NurseUser, body: str) -> NurseNote:
        body = body.strip()
        if not body:
            raise ValueError("The note is empty; write what you want colleagues to know.")
        if len(body) > MAX_NOTE_LENGTH:
            raise ValueError(
                f"The note is {len(body)} characters long; keep it under {MAX_NOTE_LENGTH}."
            )
        note = NurseNote(patient_id=patient.id, nurse_id=nurse.id, body=body)
        self.session.add(note)
        self.session.flush()
        return note


def _bucket(status: DoseStatus) -> str:
    if status is DoseStatus.TAKEN:
        return "taken"
    if status is DoseStatus.MISSED:
        return "missed"
    if status is DoseStatus.SKIPPED:
        return "skipped"
    return "open"

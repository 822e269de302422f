"""A patient's medications as chat sets them up: save a confirmed schedule, list, find by name,
change, pause, resume, stop, quiet hours and pill counts. The caller owns the transaction.

A change never rewrites history: the old medication is stopped (its dose events stay as they
were) and a new one carries on with the new schedule, the pill count and the critical flag.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.db.models import Medication, MedicationSchedule, Patient
from bot.reminders.parsing import DAY_NAMES, ParsedSchedule, format_clock
from bot.reminders.schedule import DAY_CODES


def draft_from_parsed(parsed: ParsedSchedule, replaces_id: int | None = None) -> dict[str, Any]:
    """A JSON-ready form of a parsed schedule, kept in a Rasa slot until the patient confirms."""
    values = asdict(parsed)
    values["times"] = [clock.strftime("%H:%M") for clock in parsed.times]
    values["days_of_week"] = list(parsed.days_of_week) if parsed.days_of_week else None
    for key in ("start_date", "end_date", "said_on"):
        values[key] = values[key].isoformat() if values[key] else None
    values["replaces_id"] = replaces_id
    return values


def parsed_from_draft(draft: dict[str, Any]) -> tuple[ParsedSchedule, int | None]:
    """The schedule and the medication it replaces, back from `draft_from_parsed`'s form.

    Raises ValueError (or KeyError/TypeError) for a draft that was not written by it.
    """
    end = draft.get("end_date")
    parsed = ParsedSchedule(
        medication=str(draft["medication"]),
        dose=draft.get("dose"),
        times=[time.fromisoformat(value) for value in draft["times"]],
        days_of_week=tuple(draft["days_of_week"]) if draft.get("days_of_week") else None,
        interval_hours=draft.get("interval_hours"),
        start_date=date.fromisoformat(draft["start_date"]),
        end_date=date.fromisoformat(end) if end else None,
        time_zone=str(draft["time_zone"]),
        said_on=date.fromisoformat(draft["said_on"]),
        instructions=draft.get("instructions"),
    )
    if not parsed.times or not parsed.medication:
        raise ValueError("a medication draft needs a name and at least one time")
    replaces = draft.get("replaces_id")
    return parsed, int(replaces) if replaces is not None else None


def active_medications(session: Session, patient_id: int) -> list[Medication]:
    """Medications not stopped (paused ones included), oldest first."""
    return list(
        session.scalars(
            sa.select(Medication)
            .where(Medication.patient_id == patient_id, Medication.active.is_(True))
            .order_by(Medication.created_at, Medication.id)
        )
    )


def find_named(session: Session, patient_id: int, text: str) -> list[Medication]:
    """The patient's active medications whose name appears in `text` (whole words, any case).

    With one active medication and no name in the text, that one ("pause my reminders").
    """
    medications = active_medications(session, patient_id)
    words = set(re.findall(r"[\w-]+", text.lower()))
    named = [
        medication
        for medication in medications
        if medication.name.lower() in text.lower()
        and set(re.findall(r"[\w-]+", medication.name.lower())) <= words
    ]
    if named:
        return named
    return medications if len(medications) == 1 else []


def save_schedule(
    session: Session,
    patient: Patient,
    parsed: ParsedSchedule,
    now: datetime,
    replaces_id: int | None = None,
) -> Medication:
    """Store a confirmed schedule as a medication with one schedule row per time."""
    replaced = session.get(Medication, replaces_id) if replaces_id is not None else None
    if replaced is not None and replaced.patient_id != patient.id:
        raise ValueError("a patient can only change their own medications")
    medication = Medication(
        patient_id=patient.id,
        name=parsed.medication,
        dose=parsed.dose,
        instructions=parsed.instructions,
        start_date=parsed.start_date,
        end_date=parsed.end_date,
        critical=replaced.critical if replaced is not None else False,
        pill_count=replaced.pill_count if replaced is not None else None,
    )
    for row in parsed.schedule_rows():
        # Created now (not at commit): the materialiser leaves out times before a schedule existed.
        row.created_at = now
        medication.schedules.append(row)
    session.add(medication)
    if replaced is not None:
        replaced.active = False
    if patient.time_zone != parsed.time_zone:
        patient.time_zone = parsed.time_zone
    session.flush()
    return medication


def set_paused(medication: Medication, paused: bool) -> bool:
    """Pause or resume reminders; False when it already was."""
    if medication.paused == paused:
        return False
    medication.paused = paused
    return True


def stop(medication: Medication) -> None:
    medication.active = False


def set_pill_count(medication: Medication, count: int) -> None:
    """A new supply: the count, and a fresh refill cycle (one refill reminder for it)."""
    if count < 0:
        raise ValueError("a pill count cannot be negative")
    medication.pill_count = count
    medication.refill_cycle += 1
    medication.refill_reminded_at = None


def set_quiet_hours(patient: Patient, start: time, end: time) -> None:
    patient.quiet_hours_start = start
    patient.quiet_hours_end = end


def describe(medication: Medication) -> str:
    """ "Metformin 500 mg at 8:00 am and 8:00 pm every day (paused)" for a list reply."""
    what = f"{medication.name} {medication.dose}" if medication.dose else medication.name
    what = what[0].upper() + what[1:]
    when = describe_when(medication)
    if medication.paused:
        when += " (paused)"
    return f"{what} {when}"


def describe_when(medication: Medication) -> str:
    """ "at 8:00 am and 8:00 pm every day": the schedule in words the parser reads back."""
    schedules: list[MedicationSchedule] = sorted(medication.schedules, key=lambda s: s.local_time)
    if not schedules:
        when = "with no reminder times"
    elif schedules[0].interval_hours:
        when = f"every {schedules[0].interval_hours} hours from {format_clock(schedules[0].local_time)}"
    else:
        when = "at " + _join([format_clock(s.local_time) for s in schedules])
        days = schedules[0].days_of_week
        if days:
            names = [DAY_NAMES[DAY_CODES.index(day)] for day in days.split(",")]
            when += " every " + _join(names)
        else:
            when += " every day"
    if medication.end_date is not None:
        when += f" until {medication.end_date.isoformat()}"
    return when


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

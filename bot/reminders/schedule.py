"""When doses are due: local wall-clock schedules turned into UTC instants, and the dose-event
rows the dispatcher sends from.

Daily and weekly schedules follow the patient's LOCAL clock across daylight-saving changes:
- a local time that does not exist on a spring-forward day (02:30 in America/New_York on
  2026-03-08) is due once, at the first valid local time after the gap (03:00 EDT): shifted,
  never skipped;
- a local time that happens twice on a fall-back day (01:30 on 2026-11-01) is due once, at its
  first occurrence (fold=0, 01:30 EDT): never doubled.
Interval schedules ("every 12 hours") count absolute hours from their first dose, so across a
change the wall-clock times move by an hour and the gap between doses never does.

`end_date` is exclusive everywhere here: a course with start 1 March and end 8 March has its
last doses on 7 March.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.db.models import DoseEvent, Medication, MedicationSchedule, Patient

logger = logging.getLogger(__name__)

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_GRACE = timedelta(minutes=15)
# Rows per INSERT when materialising; keeps statements well under SQLite's variable limit.
INSERT_CHUNK = 200


class ScheduleLike(Protocol):
    """What occurrence generation reads from a schedule (`MedicationSchedule` has it)."""

    @property
    def local_time(self) -> time: ...

    @property
    def days_of_week(self) -> str | None: ...

    @property
    def interval_hours(self) -> int | None: ...


@dataclass(frozen=True)
class QuietHours:
    """A daily local window in which no reminder is sent; `start` > `end` wraps midnight.

    Equal `start` and `end` is an empty window (never quiet), not a 24-hour one.
    """

    start: time
    end: time

    def contains(self, local: time) -> bool:
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end


def patient_quiet_hours(patient: Patient) -> QuietHours | None:
    """The patient's quiet hours (local to `patients.time_zone`), or None when not set."""
    if patient.quiet_hours_start is None or patient.quiet_hours_end is None:
        return None
    return QuietHours(patient.quiet_hours_start, patient.quiet_hours_end)


def in_quiet_hours(instant: datetime, tz: str, quiet: QuietHours | None) -> bool:
    """Whether `instant` falls inside `quiet`, read on the local clock of `tz`."""
    if quiet is None:
        return False
    return quiet.contains(instant.astimezone(ZoneInfo(tz)).time())


def parse_days(codes: str | None) -> frozenset[int] | None:
    """ "mon,thu" → {0, 3}; None or "" → None (every day)."""
    if not codes:
        return None
    days = set()
    for code in codes.split(","):
        code = code.strip().lower()[:3]
        if code not in DAY_CODES:
            raise ValueError(f"unknown day {code!r} in days_of_week {codes!r}; use mon..sun")
        days.add(DAY_CODES.index(code))
    return frozenset(days)


def local_to_utc(day: date, clock: time, tz: str | ZoneInfo) -> datetime:
    """The UTC instant of `clock` on `day` in `tz`, resolved the way reminders need.

    Ambiguous (fall-back) times take their first occurrence. Non-existent (spring-forward)
    times move to the end of the gap, which is the first valid local time after it.
    """
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    naive = datetime.combine(day, clock.replace(tzinfo=None))
    first = naive.replace(tzinfo=zone, fold=0)
    as_utc = first.astimezone(UTC)
    if as_utc.astimezone(zone).replace(tzinfo=None) == naive:
        return as_utc
    # In a gap, fold=1 reads the time with the offset after the change and fold=0 with the one
    # before, which puts the change itself between the two instants; find it to the second.
    low = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = as_utc
    offset_after = high.astimezone(zone).utcoffset()
    while (high - low) > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == offset_after:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def occurrences(
    schedule: ScheduleLike,
    patient_tz: str,
    start_utc: datetime,
    end_utc: datetime,
    *,
    start_date: date | None = None,
    end_date: date | None = None,
) -> list[datetime]:
    """Every instant in [start_utc, end_utc) at which `schedule` is due, as aware UTC datetimes.

    Args:
        schedule: A daily (`days_of_week` None), weekly or interval schedule.
        patient_tz: IANA zone whose wall clock `schedule.local_time` is read on.
        start_utc: Window start (inclusive), aware.
        end_utc: Window end (exclusive), aware.
        start_date: First local day with doses; interval schedules count from
            `local_time` on this day and need it.
        end_date: First local day with no doses (exclusive); None for no end.
    """
    for bound in (start_utc, end_utc):
        if bound.tzinfo is None or bound.utcoffset() is None:
            raise ValueError("start_utc and end_utc must be timezone-aware")
    zone = ZoneInfo(patient_tz)
    days = parse_days(schedule.days_of_week)
    if schedule.interval_hours:
        if start_date is None:
            raise ValueError("an interval schedule needs a start_date to count its hours from")
        instants = _interval_instants(schedule, zone, start_utc, end_utc, start_date)
    else:
        instants = _daily_instants(schedule, zone, start_utc, end_utc)
    found = []
    for instant in instants:
        local_day = instant.astimezone(zone).date()
        if days is not None and local_day.weekday() not in days:
            continue
        if start_date is not None and local_day < start_date:
            continue
        if end_date is not None and local_day >= end_date:
            continue
        if start_utc <= instant < end_utc:
            found.append(instant)
    return sorted(set(found))


def _daily_instants(
    schedule: ScheduleLike, zone: ZoneInfo, start_utc: datetime, end_utc: datetime
) -> Iterable[datetime]:
    # One day either side: the window's local dates differ from its UTC dates.
    day = start_utc.astimezone(zone).date() - timedelta(days=1)
    last = end_utc.astimezone(zone).date() + timedelta(days=1)
    while day <= last:
        yield local_to_utc(day, schedule.local_time, zone)
        day += timedelta(days=1)


def _interval_instants(
    schedule: ScheduleLike,
    zone: ZoneInfo,
    start_utc: datetime,
    end_utc: datetime,
    start_date: date,
) -> Iterable[datetime]:
    step = timedelta(hours=schedule.interval_hours or 0)
    anchor = local_to_utc(start_date, schedule.local_time, zone)
    # Whole steps from the anchor to the window, so the instants never depend on the window.
    index = max(0, -((anchor - start_utc) // step))
    instant = anchor + index * step
    while instant < end_utc:
        yield instant
        instant += step


def materialise_dose_events(
    session: Session,
    now_utc: datetime,
    horizon: timedelta,
    *,
    grace: timedelta = DEFAULT_GRACE,
) -> int:
    """Create the pending DoseEvent rows due in [now - grace, now + horizon), idempotently.

    Every schedule of an active, unpaused medication of a patient who is not deleted gets a row
    per occurrence, read on the patient's current time zone (a patient who moves keeps their
    wall-clock times). Occurrences before the schedule was created are left out, so agreeing a
    schedule at 08:05 does not fire the 08:00 dose. Rows that already exist are left alone
    (INSERT ... ON CONFLICT DO NOTHING on the unique (schedule_id, scheduled_at_utc)), so
    any number of workers may run this at once. The caller commits.

    Returns:
        The number of rows inserted.
    """
    window_start = now_utc - grace
    window_end = now_utc + horizon
    rows = session.execute(
        sa.select(MedicationSchedule, Medication, Patient.time_zone)
        .join(Medication, MedicationSchedule.medication_id == Medication.id)
        .join(Patient, Medication.patient_id == Patient.id)
        .where(
            Medication.active.is_(True),
            Medication.paused.is_(False),
            Patient.deleted_at.is_(None),
            Patient.deletion_requested_at.is_(None),
        )
        .order_by(MedicationSchedule.id)
    ).all()
    values: list[dict[str, Any]] = []
    for schedule, medication, patient_tz in rows:
        zone = ZoneInfo(patient_tz)
        start_date = medication.start_date or schedule.created_at.astimezone(zone).date()
        due = occurrences(
            schedule,
            patient_tz,
            max(window_start, schedule.created_at),
            window_end,
            start_date=start_date,
            end_date=medication.end_date,
        )
        values.extend(
            {"medication_id": medication.id, "schedule_id": schedule.id, "scheduled_at_utc": at}
            for at in due
        )
    inserted = 0
    for chunk_start in range(0, len(values), INSERT_CHUNK):
        inserted += _insert_missing(session, values[chunk_start : chunk_start + INSERT_CHUNK])
    if inserted:
        logger.debug("Materialised %d dose events.", inserted)
    return inserted


def _insert_missing(session: Session, values: list[dict[str, Any]]) -> int:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Any = postgresql.insert(DoseEvent)
    elif dialect == "sqlite":
        statement = sqlite.insert(DoseEvent)
    else:
        raise NotImplementedError(f"no INSERT ... ON CONFLICT for {dialect}")
    statement = (
        statement.values(values)
        .on_conflict_do_nothing(index_elements=["schedule_id", "scheduled_at_utc"])
        .returning(DoseEvent.id)
    )
    return len(session.execute(statement).all())

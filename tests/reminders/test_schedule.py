"""Occurrences follow the patient's wall clock across daylight-saving changes, and dose events are
created once however often (and by however many workers) materialisation runs."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.migrate import upgrade
from bot.db.models import DoseEvent, DoseStatus, Medication, MedicationSchedule, Patient
from bot.reminders.schedule import (
    QuietHours,
    in_quiet_hours,
    local_to_utc,
    materialise_dose_events,
    occurrences,
    parse_days,
)

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Row:
    local_time: time
    days_of_week: str | None = None
    interval_hours: int | None = None


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local_days_window(tz: str, first: date, days: int) -> tuple[datetime, datetime]:
    """From local midnight of `first` to local midnight `days` days later, in UTC."""
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time(0), zone).astimezone(UTC)
    end = datetime.combine(first + timedelta(days=days), time(0), zone).astimezone(UTC)
    return start, end


# (zone, day before the change, scheduled local time, expected UTC instants on the three days)
DST_CASES = [
    # America/New_York springs forward at 02:00 EST on 8 March 2026 (to 03:00 EDT).
    ("America/New_York", date(2026, 3, 7), time(1, 30), [utc(2026, 3, 7, 6, 30), utc(2026, 3, 8, 6, 30), utc(2026, 3, 9, 5, 30)]),
    ("America/New_York", date(2026, 3, 7), time(2, 0), [utc(2026, 3, 7, 7, 0), utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 0)]),
    ("America/New_York", date(2026, 3, 7), time(2, 30), [utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)]),
    ("America/New_York", date(2026, 3, 7), time(3, 0), [utc(2026, 3, 7, 8, 0), utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 7, 0)]),
    ("America/New_York", date(2026, 3, 7), time(8, 0), [utc(2026, 3, 7, 13, 0), utc(2026, 3, 8, 12, 0), utc(2026, 3, 9, 12, 0)]),
    # ... and falls back at 02:00 EDT on 1 November 2026 (01:00-01:59 happens twice).
    ("America/New_York", date(2026, 10, 31), time(0, 30), [utc(2026, 10, 31, 4, 30), utc(2026, 11, 1, 4, 30), utc(2026, 11, 2, 5, 30)]),
    ("America/New_York", date(2026, 10, 31), time(1, 30), [utc(2026, 10, 31, 5, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)]),
    ("America/New_York", date(2026, 10, 31), time(2, 30), [utc(2026, 10, 31, 6, 30), utc(2026, 11, 1, 7, 30), utc(2026, 11, 2, 7, 30)]),
    # Europe/London springs forward at 01:00 GMT on 29 March 2026 (to 02:00 BST).
    ("Europe/London", date(2026, 3, 28), time(1, 0), [utc(2026, 3, 28, 1, 0), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 0)]),
    ("Europe/London", date(2026, 3, 28), time(1, 30), [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)]),
    ("Europe/London", date(2026, 3, 28), time(8, 0), [utc(2026, 3, 28, 8, 0), utc(2026, 3, 29, 7, 0), utc(2026, 3, 30, 7, 0)]),
    # ... and falls back at 02:00 BST on 25 October 2026 (01:00-01:59 happens twice).
    ("Europe/London", date(2026, 10, 24), time(1, 0), [utc(2026, 10, 24, 0, 0), utc(2026, 10, 25, 0, 0), utc(2026, 10, 26, 1, 0)]),
    ("Europe/London", date(2026, 10, 24), time(1, 30), [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]),
    ("Europe/London", date(2026, 10, 24), time(8, 0), [utc(2026, 10, 24, 7, 0), utc(2026, 10, 25, 8, 0), utc(2026, 10, 26, 8, 0)]),
]  # fmt: skip


@pytest.mark.parametrize(("tz", "first", "clock", "expected"), DST_CASES)
def test_one_occurrence_per_local_day_across_dst(
    tz: str, first: date, clock: time, expected: list[datetime]
) -> None:
    start, end = local_days_window(tz, first, 3)
    found = occurrences(Row(clock), tz, start, end)
    assert found == expected
    assert all(instant.tzinfo is UTC for instant in found)
    per_day = Counter(instant.astimezone(ZoneInfo(tz)).date() for instant in found)
    assert per_day == {first + timedelta(days=n): 1 for n in range(3)}


def test_non_existent_time_moves_to_the_end_of_the_gap() -> None:
    instant = local_to_utc(date(2026, 3, 8), time(2, 30), "America/New_York")
    local = instant.astimezone(ZoneInfo("America/New_York"))
    assert (local.hour, local.minute, local.utcoffset()) == (3, 0, timedelta(hours=-4))


def test_ambiguous_time_takes_its_first_occurrence() -> None:
    instant = local_to_utc(date(2026, 11, 1), time(1, 30), "America/New_York")
    assert instant.astimezone(ZoneInfo("America/New_York")).utcoffset() == timedelta(hours=-4)


def test_several_times_a_day_through_both_changes() -> None:
    """A whole year in New York: every local day has each dose exactly once."""
    tz = "America/New_York"
    start, end = local_days_window(tz, date(2026, 1, 1), 365)
    for clock in (time(0, 0), time(1, 30), time(2, 30), time(8, 0), time(23, 59)):
        found = occurrences(Row(clock), tz, start, end)
        per_day = Counter(instant.astimezone(ZoneInfo(tz)).date() for instant in found)
        assert len(found) == 365 and set(per_day.values()) == {1}


def test_window_is_half_open() -> None:
    at_eight = utc(2026, 6, 1, 8, 0)
    assert occurrences(Row(time(8)), "UTC", at_eight, at_eight + timedelta(hours=1)) == [at_eight]
    assert occurrences(Row(time(8)), "UTC", at_eight - timedelta(hours=1), at_eight) == []


def test_weekly_days_are_local_days() -> None:
    # 08:00 on a Monday in Auckland (UTC+12 in winter) is Sunday 20:00 UTC.
    tz = "Pacific/Auckland"
    start, end = local_days_window(tz, date(2026, 6, 1), 14)
    found = occurrences(Row(time(8), days_of_week="mon,thu"), tz, start, end)
    assert found == [
        utc(2026, 5, 31, 20, 0),
        utc(2026, 6, 3, 20, 0),
        utc(2026, 6, 7, 20, 0),
        utc(2026, 6, 10, 20, 0),
    ]
    assert {f.astimezone(ZoneInfo(tz)).strftime("%a") for f in found} == {"Mon", "Thu"}


def test_interval_counts_absolute_hours_across_dst() -> None:
    tz = "America/New_York"
    start, end = local_days_window(tz, date(2026, 3, 7), 3)
    found = occurrences(
        Row(time(8), interval_hours=12), tz, start, end, start_date=date(2026, 3, 7)
    )
    assert found == [utc(2026, 3, 7, 13), utc(2026, 3, 8, 1), utc(2026, 3, 8, 13)] + [
        utc(2026, 3, 9, 1),
        utc(2026, 3, 9, 13),
        utc(2026, 3, 10, 1),
    ]
    assert {b - a for a, b in itertools.pairwise(found)} == {timedelta(hours=12)}
    # 08:00 EST becomes 09:00 EDT: the gap between doses stays 12 hours, the clock moves.
    assert found[2].astimezone(ZoneInfo(tz)).hour == 9


def test_interval_does_not_depend_on_the_window() -> None:
    row, tz, first = Row(time(7, 15), interval_hours=7), "Europe/London", date(2026, 3, 1)
    whole = occurrences(row, tz, utc(2026, 3, 1), utc(2026, 4, 1), start_date=first)
    pieces = [
        instant
        for day in range(31)
        for instant in occurrences(
            row,
            tz,
            utc(2026, 3, 1) + timedelta(days=day),
            utc(2026, 3, 1) + timedelta(days=day + 1),
            start_date=first,
        )
    ]
    assert whole == pieces
    assert whole[0] == utc(2026, 3, 1, 7, 15)


def test_interval_needs_a_start_date() -> None:
    with pytest.raises(ValueError, match="start_date"):
        occurrences(Row(time(8), interval_hours=12), "UTC", utc(2026, 3, 1), utc(2026, 3, 2))


def test_start_date_inclusive_end_date_exclusive() -> None:
    found = occurrences(
        Row(time(8)),
        "Europe/London",
        utc(2026, 3, 1),
        utc(2026, 3, 31),
        start_date=date(2026, 3, 1),
        end_date=date(2026, 3, 8),
    )
    assert [f.date() for f in found] == [date(2026, 3, d) for d in range(1, 8)]


def test_naive_window_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrences(Row(time(8)), "UTC", datetime(2026, 3, 1), utc(2026, 3, 2))


def test_parse_days() -> None:
    assert parse_days("mon, Wed,fri") == frozenset({0, 2, 4})
    assert parse_days(None) is None and parse_days("") is None
    with pytest.raises(ValueError, match="unknown day"):
        parse_days("mon,funday")


@pytest.mark.parametrize(
    ("quiet", "clock", "expected"),
    [
        (QuietHours(time(22), time(7)), time(23, 0), True),
        (QuietHours(time(22), time(7)), time(6, 59), True),
        (QuietHours(time(22), time(7)), time(7, 0), False),
        (QuietHours(time(22), time(7)), time(21, 59), False),
        (QuietHours(time(13), time(14)), time(13, 30), True),
        (QuietHours(time(13), time(14)), time(14, 0), False),
        (QuietHours(time(9), time(9)), time(9, 0), False),
    ],
)
def test_quiet_hours_window(quiet: QuietHours, clock: time, expected: bool) -> None:
    assert quiet.contains(clock) is expected


def test_quiet_hours_are_read_on_the_local_clock() -> None:
    quiet = QuietHours(time(22), time(7))
    instant = utc(2026, 6, 1, 21, 30)  # 22:30 in London (BST), 21:30 UTC
    assert in_quiet_hours(instant, "Europe/London", quiet)
    assert not in_quiet_hours(instant, "UTC", quiet)
    assert not in_quiet_hours(instant, "Europe/London", None)


# --- materialising dose events -----------------------------------------------------------------


def add_schedule(
    session: Session,
    clock: time,
    *,
    tz: str = "America/New_York",
    created_at: datetime = LONG_AGO,
    phone: str | None = None,
    **medication_fields: object,
) -> MedicationSchedule:
    patient = Patient(first_name="Ada", time_zone=tz, sms_consent=True, phone_e164=phone)
    medication = Medication(patient=patient, name="Metformin", dose="500 mg", **medication_fields)
    schedule = MedicationSchedule(
        medication=medication, local_time=clock, time_zone=tz, created_at=created_at
    )
    session.add_all([patient, medication, schedule])
    session.flush()
    return schedule


def events(session: Session) -> list[tuple[int, datetime, DoseStatus]]:
    return [
        (e.schedule_id, e.scheduled_at_utc, e.status)
        for e in session.scalars(sa.select(DoseEvent).order_by(DoseEvent.id))
    ]


def test_materialise_creates_each_occurrence_once(
    sqlite_session_factory: sessionmaker[Session],
) -> None:
    now = utc(2026, 3, 9, 11, 50)  # 07:50 EDT
    with session_scope(sqlite_session_factory) as session:
        schedule = add_schedule(session, time(8))
        add_schedule(session, time(9, 30))
        inserted = materialise_dose_events(session, now, timedelta(hours=1))
    assert inserted == 1
    with session_scope(sqlite_session_factory) as session:
        assert materialise_dose_events(session, now, timedelta(hours=1)) == 0
        assert materialise_dose_events(session, now + timedelta(minutes=5), timedelta(hours=1)) == 0
        assert events(session) == [(schedule.id, utc(2026, 3, 9, 12, 0), DoseStatus.PENDING)]


def test_materialise_covers_the_grace_window_and_the_dst_gap(
    sqlite_session_factory: sessionmaker[Session],
) -> None:
    with session_scope(sqlite_session_factory) as session:
        schedule = add_schedule(session, time(2, 30))
        # 07:10 UTC on the spring-forward day is 03:10 EDT: the 02:30 dose was due at 03:00.
        assert materialise_dose_events(session, utc(2026, 3, 8, 7, 10), timedelta(hours=1)) == 1
        assert events(session) == [(schedule.id, utc(2026, 3, 8, 7, 0), DoseStatus.PENDING)]


def test_materialise_skips_stopped_paused_and_deleted(
    sqlite_session_factory: sessionmaker[Session],
) -> None:
    now = utc(2026, 3, 9, 11, 50)
    with session_scope(sqlite_session_factory) as session:
        add_schedule(session, time(8), active=False)
        add_schedule(session, time(8), paused=True)
        add_schedule(session, time(8), end_date=date(2026, 3, 9))
        add_schedule(session, time(8), start_date=date(2026, 3, 10))
        deleted = add_schedule(session, time(8))
        deleted.medication.patient.deleted_at = LONG_AGO
        # Agreed at 08:05: the 08:00 dose of that day is not fired after the fact.
        add_schedule(session, time(8), created_at=utc(2026, 3, 9, 12, 5))
        assert materialise_dose_events(session, utc(2026, 3, 9, 12, 10), timedelta(hours=1)) == 0
        assert materialise_dose_events(session, now, timedelta(hours=1)) == 0


def test_materialise_follows_the_patients_time_zone(
    sqlite_session_factory: sessionmaker[Session],
) -> None:
    with session_scope(sqlite_session_factory) as session:
        schedule = add_schedule(session, time(8), tz="America/New_York")
        # The patient moved to London; the schedule row still names New York.
        schedule.medication.patient.time_zone = "Europe/London"
        assert materialise_dose_events(session, utc(2026, 6, 1, 6, 50), timedelta(hours=1)) == 1
        assert events(session)[0][1] == utc(2026, 6, 1, 7, 0)


def test_materialise_interval_counts_from_the_start_date(
    sqlite_session_factory: sessionmaker[Session],
) -> None:
    with session_scope(sqlite_session_factory) as session:
        schedule = add_schedule(session, time(8), tz="UTC", start_date=date(2026, 3, 1))
        schedule.interval_hours = 5
        session.flush()
        # 08:00, 13:00, 18:00, 23:00, 04:00 (+1) ... 1 March 08:00 + 5h * 10 = 3 March 10:00.
        materialise_dose_events(session, utc(2026, 3, 3, 9, 0), timedelta(hours=7))
        assert [e[1] for e in events(session)] == [utc(2026, 3, 3, 10), utc(2026, 3, 3, 15)]


@pytest.fixture
def postgres_factories(postgres_url: str, make_settings) -> Iterator[list[sessionmaker[Session]]]:
    settings = make_settings(postgres_url)
    upgrade(settings)
    engines = [make_engine(settings) for _ in range(2)]
    try:
        yield [make_session_factory(engine) for engine in engines]
    finally:
        for engine in engines:
            engine.dispose()


def test_concurrent_materialisation_on_postgres_inserts_once(
    postgres_factories: list[sessionmaker[Session]],
) -> None:
    now = utc(2026, 3, 9, 11, 50)
    with session_scope(postgres_factories[0]) as session:
        for minute in range(50):
            add_schedule(session, time(8, minute), tz="America/New_York")
    barrier = threading.Barrier(len(postgres_factories))

    def materialise(factory: sessionmaker[Session]) -> int:
        barrier.wait()
        with session_scope(factory) as session:
            return materialise_dose_events(session, now, timedelta(hours=1))

    with ThreadPoolExecutor(len(postgres_factories)) as pool:
        inserted = [
            f.result(timeout=60)
            for f in [pool.submit(materialise, factory) for factory in postgres_factories]
        ]
    assert sum(inserted) == 50
    with postgres_factories[0]() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(DoseEvent)) == 50

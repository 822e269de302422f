"""Patients' own words become a schedule the bot reads back, or a question about what is missing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.reminders.parsing import (
    ParsedSchedule,
    ParseProblem,
    format_clock,
    parse_medication_schedule,
)

# Sunday 1 March 2026, 10:00 in London.
NOW = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
TODAY = date(2026, 3, 1)
TZ = "Europe/London"


def parse(text: str, now: datetime = NOW, tz: str = TZ) -> ParsedSchedule:
    parsed = parse_medication_schedule(text, now, tz)
    assert isinstance(parsed, ParsedSchedule), parsed
    return parsed


def problem(text: str) -> ParseProblem:
    parsed = parse_medication_schedule(text, NOW, TZ)
    assert isinstance(parsed, ParseProblem), parsed
    return parsed


def test_twice_a_day_at_given_times() -> None:
    parsed = parse("metformin 500 mg twice a day at 8am and 8pm")
    assert (parsed.medication, parsed.dose) == ("metformin", "500 mg")
    assert parsed.times == [time(8, 0), time(20, 0)]
    assert parsed.days_of_week is None and parsed.interval_hours is None
    assert (parsed.start_date, parsed.end_date, parsed.time_zone) == (TODAY, None, TZ)
    assert parsed.read_back() == (
        "Metformin 500 mg at 8:00 am and 8:00 pm every day, starting today. Is that right?"
    )


def test_every_morning_is_eight_oclock() -> None:
    parsed = parse("lisinopril every morning")
    assert (parsed.medication, parsed.dose, parsed.times) == ("lisinopril", None, [time(8, 0)])
    assert parsed.days_of_week is None
    assert parsed.read_back() == "Lisinopril at 8:00 am every day, starting today. Is that right?"


def test_every_twelve_hours_is_an_interval_from_eight() -> None:
    parsed = parse("inhaler every 12 hours")
    assert (parsed.medication, parsed.interval_hours, parsed.times) == ("inhaler", 12, [time(8)])
    assert parsed.read_back() == (
        "Inhaler every 12 hours from 8:00 am, starting today. Is that right?"
    )


def test_interval_with_a_start_time_and_day() -> None:
    parsed = parse("inhaler every 6 hours from 7am starting tomorrow")
    assert (parsed.interval_hours, parsed.times) == (6, [time(7, 0)])
    assert parsed.start_date == date(2026, 3, 2)
    assert "every 6 hours from 7:00 am, starting tomorrow" in parsed.read_back()


def test_three_times_a_day_for_seven_days() -> None:
    parsed = parse("amoxicillin three times a day for 7 days")
    assert parsed.medication == "amoxicillin"
    assert parsed.times == [time(8, 0), time(14, 0), time(20, 0)]
    assert parsed.start_date == TODAY
    # end_date is exclusive: 7 days of doses, 1 to 7 March.
    assert parsed.end_date == date(2026, 3, 8)
    assert parsed.read_back() == (
        "Amoxicillin at 8:00 am, 2:00 pm and 8:00 pm every day, starting today, for 7 days "
        "(last day Saturday 7 March). Is that right?"
    )


def test_on_mondays_is_weekly() -> None:
    parsed = parse("vitamin D on Mondays")
    assert (parsed.medication, parsed.days_of_week, parsed.times) == ("vitamin D", (0,), [time(8)])
    assert parsed.days_of_week_codes == "mon"
    assert parsed.read_back() == (
        "Vitamin D at 8:00 am every Monday, starting today. Is that right?"
    )


def test_several_days_and_a_course_in_weeks() -> None:
    parsed = parse("vitamin D3 1000 IU every Monday and Thursday at 9am for 2 weeks")
    assert (parsed.medication, parsed.dose) == ("vitamin D3", "1000 IU")
    assert (parsed.days_of_week, parsed.times) == ((0, 3), [time(9, 0)])
    assert parsed.days_of_week_codes == "mon,thu"
    assert parsed.end_date == date(2026, 3, 15)


def test_at_night_is_nine_pm_and_dose_is_normalised() -> None:
    parsed = parse("atorvastatin 20mg at night")
    assert (parsed.medication, parsed.dose, parsed.times) == ("atorvastatin", "20 mg", [time(21)])
    assert parsed.read_back() == (
        "Atorvastatin 20 mg at 9:00 pm every day, starting today. Is that right?"
    )


def test_counted_dose_and_twenty_four_hour_times() -> None:
    parsed = parse("2 tablets of paracetamol at 9:30 and 21:30")
    assert (parsed.medication, parsed.dose) == ("paracetamol", "2 tablets")
    assert parsed.times == [time(9, 30), time(21, 30)]
    assert parsed.read_back() == (
        "2 tablets of paracetamol at 9:30 am and 9:30 pm every day, starting today. Is that right?"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("aspirin at noon", [time(12, 0)]),
        ("aspirin at midday", [time(12, 0)]),
        ("aspirin at 8.30 p.m.", [time(20, 30)]),
        ("aspirin at 7:05am", [time(7, 5)]),
        ("aspirin at 20:00", [time(20, 0)]),
        ("aspirin at 18", [time(18, 0)]),
        ("aspirin in the morning and evening", [time(8, 0), time(18, 0)]),
    ],
)
def test_clock_times(text: str, expected: list[time]) -> None:
    assert parse(text).times == expected


def test_filler_words_and_instructions() -> None:
    parsed = parse("remind me to take my metformin 500mg twice a day with food")
    assert (parsed.medication, parsed.dose, parsed.instructions) == (
        "metformin",
        "500 mg",
        "with food",
    )
    assert "every day (with food), starting today" in parsed.read_back()


def test_start_date_is_read_back_as_a_date() -> None:
    parsed = parse("melatonin at bedtime starting 5 March")
    assert (parsed.start_date, parsed.times) == (date(2026, 3, 5), [time(21, 0)])
    assert "starting Thursday 5 March" in parsed.read_back()


def test_today_is_the_patients_local_date() -> None:
    # 23:30 UTC on 1 March is already 2 March in Auckland.
    parsed = parse(
        "aspirin daily", now=datetime(2026, 3, 1, 23, 30, tzinfo=UTC), tz="Pacific/Auckland"
    )
    assert parsed.start_date == date(2026, 3, 2)


def test_schedule_rows_are_one_per_time() -> None:
    rows = parse("vitamin D3 every Monday and Thursday at 9am and 9pm").schedule_rows()
    assert [(r.local_time, r.days_of_week, r.interval_hours, r.time_zone) for r in rows] == [
        (time(9), "mon,thu", None, TZ),
        (time(21), "mon,thu", None, TZ),
    ]


@pytest.mark.parametrize(
    ("text", "missing", "says"),
    [
        ("take my pills sometimes", "time", "I couldn't tell what time to remind you"),
        ("metformin", "time", "I couldn't tell what time to remind you"),
        ("twice a day at 8am and 8pm", "medication", "which medicine"),
        ("my pills twice a day", "medication", "which medicine"),
        ("aspirin at 8", "ambiguous_time", 'what time "8" means'),
        ("metformin twice a day at 8am", "time", 'You said "twice a day" but gave me 1 time'),
        ("aspirin once a week", "day", "which day"),
        ("aspirin twice a day every other day", "unclear", "couldn't understand"),
        ("inhaler every 12 hours at 8am and 9pm", "unclear", "couldn't understand"),
    ],
)
def test_problems_say_what_is_missing(text: str, missing: str, says: str) -> None:
    found = problem(text)
    assert found.missing == missing
    assert says in found.message


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_medication_schedule("aspirin daily", datetime(2026, 3, 1, 10), TZ)


@pytest.mark.parametrize(
    ("clock", "text"),
    [(time(0, 0), "12:00 am"), (time(12, 0), "12:00 pm"), (time(9, 5), "9:05 am")],
)
def test_format_clock(clock: time, text: str) -> None:
    assert format_clock(clock) == text

"""Turn a patient's description of a medication schedule into a structured schedule.

"metformin 500 mg twice a day at 8am and 8pm" becomes a `ParsedSchedule` the bot reads back for
confirmation; anything it cannot pin down becomes a `ParseProblem` whose message tells the patient
what is missing. Clock times ("8am", "20:00", "noon") and dates ("tomorrow", "1 April", "in 7
days") are parsed by `dateparser`; around it sits a thin layer of patterns for the frequency
words a date library does not know ("twice a day", "every 12 hours", "at night", "on Mondays").

Defaults, all read back to the patient before anything is saved:
- morning 08:00, afternoon 14:00, evening 18:00, night/bedtime 21:00;
- n times a day with no times given: once 08:00; twice 08:00, 20:00; three times 08:00, 14:00,
  20:00; four times 08:00, 12:00, 16:00, 20:00;
- a day-of-week or interval schedule with no time given starts at 08:00;
- the schedule starts today; "for N days" ends it N days after the start date. `end_date` is
  exclusive: the first day with no doses (a 7-day course starting 1 March ends on 8 March and its
  last doses are on 7 March).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import dateparser  # type: ignore[import-untyped]  # no stubs published

from bot.db.models import MedicationSchedule
from bot.reminders.schedule import DAY_CODES

DEFAULT_TIME = time(8, 0)
PERIOD_TIMES = {
    "morning": time(8, 0),
    "breakfast": time(8, 0),
    "lunch": time(12, 0),
    "afternoon": time(14, 0),
    "evening": time(18, 0),
    "dinner": time(18, 0),
    "supper": time(18, 0),
    "night": time(21, 0),
    "bedtime": time(21, 0),
    "bed": time(21, 0),
}
TIMES_PER_DAY_DEFAULTS = {
    1: [time(8, 0)],
    2: [time(8, 0), time(20, 0)],
    3: [time(8, 0), time(14, 0), time(20, 0)],
    4: [time(8, 0), time(12, 0), time(16, 0), time(20, 0)],
}
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fourteen": 14,
    "twenty": 20,
    "thirty": 30,
}
MAX_INTERVAL_HOURS = 7 * 24
ProblemKind = Literal["medication", "time", "day", "ambiguous_time", "unclear"]
EXAMPLE = '"metformin 500 mg twice a day at 8am and 8pm"'

_NUMBER = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
_WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_PERIOD = r"(morning|afternoon|evening|night|bedtime|breakfast|lunch|dinner|supper)(?:time)?"

_START = re.compile(
    r"\b(?:starting|beginning|start|from)\s+(?:on\s+|from\s+)?"
    rf"(today|tonight|tomorrow|(?:next\s+)?{_WEEKDAY}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    rf"\bfor\s+(?:the\s+next\s+)?{_NUMBER}\s+(day|week|month)s?\b", re.IGNORECASE
)
_INTERVAL = re.compile(rf"\bevery\s+(?:{_NUMBER}\s*)?(?:hours?|hrs?|h)\b", re.IGNORECASE)
_TIMES_PER_DAY = re.compile(
    rf"\b(?:(once|twice|thrice)|{_NUMBER}\s+times?)\s+(?:(?:a|per|each|every)\s+day\b|daily\b)",
    re.IGNORECASE,
)
_WEEKLY = re.compile(r"\b(?:once\s+a\s+week|weekly|every\s+week)\b", re.IGNORECASE)
_DAILY = re.compile(r"\b(?:daily|every\s*day|each\s+day|once\s+a\s+day)\b", re.IGNORECASE)
_PERIODS = re.compile(
    rf"\b(?:every|each|in\s+the|at|and|before|this)\s+{_PERIOD}\b"
    r"|\b(mornings|evenings|nights|nightly|before\s+bed)\b",
    re.IGNORECASE,
)
_DAYS = re.compile(
    rf"\b(?:(?:on|every|each)\s+)?(?:{_WEEKDAY}|weekdays|weekends)"
    rf"(?:\s*(?:,|and|&|or)\s*(?:on\s+)?(?:{_WEEKDAY}|weekdays|weekends))*\b",
    re.IGNORECASE,
)
_DOSE = re.compile(
    r"\b(\d+(?:[.,]\d+)?|one|two|three|four|half\s+a)\s*"
    r"(mg|mcg|µg|ug|g|ml|iu|units?|tablets?|tabs?|pills?|capsules?|caps?|puffs?|drops?|sprays?"
    r"|patch(?:es)?|sachets?|teaspoons?|tsp)\b(?:\s+of\b)?",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|\b\d{1,2}:\d{2}\b"
    r"|\b(?:noon|midday|midnight)\b",
    re.IGNORECASE,
)
_BARE_HOUR = re.compile(r"\bat\s+(\d{1,2})\b(?![:.]\d)", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry no part of the medication's name once the schedule has been taken out.
_FILLERS = _words(
    "take takes taking took i i'm im me my remind reminder please to of the and at on in a an "
    "need needs should must have has it its pill pills medicine medication tablet tablets dose "
    "doses then also from starting beginning around about approximately or for , ; : . ! ? & -"
)
# Words that mean the patient said something about timing we did not understand.
_TIMING_WORDS = _words(
    "every each day days daily week weeks weekly hour hours month months other alternate "
    "sometimes occasionally when whenever needed prn time times once twice thrice"
)
# Doses read back as "2 tablets of paracetamol" rather than "Paracetamol 2 tablets".
_COUNTABLE_UNITS = _words(
    "tablet tablets pill pills capsule capsules puff puffs drop drops spray sprays patch "
    "patches sachet sachets teaspoon teaspoons tsp"
)


@dataclass(frozen=True)
class ParsedSchedule:
    """A medication schedule the patient described, ready to read back and then store.

    `times` are local wall-clock times in `time_zone`. `days_of_week` holds weekday numbers
    (Monday = 0); None means every day. With `interval_hours` the doses repeat every N hours of
    absolute time counted from `times[0]` on `start_date`. `end_date` is exclusive.
    """

    medication: str
    dose: str | None
    times: list[time]
    days_of_week: tuple[int, ...] | None
    interval_hours: int | None
    start_date: date
    end_date: date | None
    time_zone: str
    # The patient's local date when they said it, so the read-back can say "today".
    said_on: date = field(compare=False)
    instructions: str | None = None

    @property
    def days_of_week_codes(self) -> str | None:
        """The days in the form `MedicationSchedule.days_of_week` stores ("mon,thu")."""
        if self.days_of_week is None:
            return None
        return ",".join(DAY_CODES[day] for day in self.days_of_week)

    def schedule_rows(self) -> list[MedicationSchedule]:
        """One unsaved `MedicationSchedule` per local time (set `medication` before adding)."""
        return [
            MedicationSchedule(
                local_time=clock,
                days_of_week=self.days_of_week_codes,
                interval_hours=self.interval_hours,
                time_zone=self.time_zone,
            )
            for clock in self.times
        ]

    def read_back(self) -> str:
        """The sentence the bot asks the patient to confirm."""
        what = _what_text(self.medication, self.dose)
        if self.interval_hours is not None:
            hours = "hour" if self.interval_hours == 1 else f"{self.interval_hours} hours"
            when = f"every {hours} from {format_clock(self.times[0])}"
        else:
            when = f"at {_join([format_clock(t) for t in self.times])}"
            if self.days_of_week is None:
                when += " every day"
            else:
                when += " every " + _join([DAY_NAMES[d] for d in self.days_of_week])
        if self.instructions:
            when += f" ({self.instructions})"
        sentence = f"{what} {when}, starting {self._day_phrase(self.start_date)}"
        if self.end_date is not None:
            days = (self.end_date - self.start_date).days
            last = format_date(self.end_date - timedelta(days=1))
            sentence += f", for {days} day{'s' if days != 1 else ''} (last day {last})"
        return f"{sentence}. Is that right?"

    def _day_phrase(self, day: date) -> str:
        if day == self.said_on:
            return "today"
        if day == self.said_on + timedelta(days=1):
            return "tomorrow"
        return format_date(day)


@dataclass(frozen=True)
class ParseProblem:
    """Why a description could not be turned into a schedule, in words for the patient."""

    missing: ProblemKind
    message: str


def parse_medication_schedule(text: str, now: datetime, tz: str) -> ParsedSchedule | ParseProblem:
    """Parse a patient's description of when they take a medication.

    Args:
        text: The patient's words, e.g. "amoxicillin three times a day for 7 days".
        now: The current instant (timezone-aware); "today" is its date in `tz`.
        tz: The patient's IANA time zone, e.g. "Europe/London".

    Returns:
        A `ParsedSchedule` to read back, or a `ParseProblem` saying what to ask for.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware, e.g. datetime.now(UTC)")
    local_now = now.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    return _Parser(text, local_now, tz).parse()


def format_clock(clock: time) -> str:
    """8:00 am, 12:30 pm, 12:00 am (midnight)."""
    hour = clock.hour % 12 or 12
    return f"{hour}:{clock.minute:02d} {'am' if clock.hour < 12 else 'pm'}"


def format_date(day: date) -> str:
    """Saturday 7 March: the same in every locale the server might run in."""
    return f"{DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


class _Parser:
    """One parse: finds the schedule phrases, blanks them out, and what is left is the name."""

    def __init__(self, text: str, local_now: datetime, tz: str) -> None:
        self.text = " ".join(text.split())
        # Matched phrases are overwritten with NUL so offsets still line up with `text`.
        self.rest = self.text
        self.local_now = local_now
        self.tz = tz

    def take(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        matches = list(pattern.finditer(self.rest))
        for match in matches:
            start, end = match.span()
            self.rest = self.rest[:start] + "\0" * (end - start) + self.rest[end:]
        return matches

    def parse(self) -> ParsedSchedule | ParseProblem:
        today = self.local_now.date()
        start_date = today
        if start_matches := self.take(_START):
            parsed_start = self._date(start_matches[0].group(1))
            if parsed_start is None:
                return _problem("day")
            start_date = parsed_start
        end_date = None
        if duration := self.take(_DURATION):
            count, unit = _number(duration[0].group(1)), duration[0].group(2).lower()
            end_date = self._date(f"in {count} {unit}s", base=start_date)
            if end_date is None or count < 1:
                return _problem("unclear")

        interval_matches = self.take(_INTERVAL)
        per_day_matches = self.take(_TIMES_PER_DAY)
        weekly = bool(self.take(_WEEKLY))
        daily = bool(self.take(_DAILY))
        periods = self.take(_PERIODS)
        day_matches = self.take(_DAYS)
        dose_matches = self.take(_DOSE)
        clock_matches = self.take(_CLOCK)
        bare_hours = self.take(_BARE_HOUR)

        times: list[time] = []
        for match in clock_matches:
            clock = self._clock(match.group(0))
            if clock is None:
                return _problem("ambiguous_time", match.group(0))
            times.append(clock)
        for match in bare_hours:
            hour = int(match.group(1))
            if hour <= 12:
                return _problem("ambiguous_time", match.group(1))
            clock = self._clock(f"{hour}:00")
            if clock is None:
                return _problem("ambiguous_time", match.group(1))
            times.append(clock)
        for match in periods:
            word = next(g for g in match.groups() if g).lower()
            times.append(_period_time(word))

        days = _days(day_matches)
        interval = None
        if interval_matches:
            amount = interval_matches[0].group(1)
            interval = _number(amount) if amount else 1
            if not 1 <= interval <= MAX_INTERVAL_HOURS:
                return _problem("unclear")
        per_day = _times_per_day(per_day_matches[0]) if per_day_matches else None

        if not (times or days or interval or per_day or daily or weekly):
            return _problem("time")
        if weekly and days is None:
            return _problem("day")

        times = sorted(set(times))
        if interval is not None:
            if len(times) > 1 or per_day is not None:
                return _problem("unclear")
            times = times or [DEFAULT_TIME]
        elif per_day is not None:
            if not times:
                if per_day not in TIMES_PER_DAY_DEFAULTS:
                    return _problem("time")
                times = list(TIMES_PER_DAY_DEFAULTS[per_day])
            elif len(times) != per_day:
                said = " ".join(per_day_matches[0].group(0).lower().split())
                given = f"{len(times)} time{'s' if len(times) != 1 else ''}"
                return ParseProblem(
                    "time",
                    f'You said "{said}" but gave me {given}. Which times should I remind you '
                    f"at? For example {EXAMPLE}.",
                )
        elif not times:
            times = [DEFAULT_TIME]

        dose = _dose_text(dose_matches[0]) if dose_matches else None
        name, instructions = self._name_and_instructions()
        if name is None:
            return _problem("unclear")
        if not name:
            return _problem("medication")
        return ParsedSchedule(
            medication=name,
            dose=dose,
            times=times,
            days_of_week=days,
            interval_hours=interval,
            start_date=start_date,
            end_date=end_date,
            time_zone=self.tz,
            said_on=today,
            instructions=instructions,
        )

    def _name_and_instructions(self) -> tuple[str | None, str | None]:
        """The first meaningful leftover chunk is the name, later ones are instructions.

        None for the name when a leftover still talks about timing ("every other day"): the
        patient said something about when that we did not understand, so we must not guess.
        """
        chunks = []
        for piece in re.finditer(r"[^\0]+", self.rest):
            tokens = [t for t in re.finditer(r"[\w'’+-]+|[,;:.!?&]", piece.group(0))]
            kept = [i for i, t in enumerate(tokens) if t.group(0).lower() not in _FILLERS]
            if not kept:
                continue
            words = [t.group(0) for t in tokens[kept[0] : kept[-1] + 1]]
            if any(word.lower() in _TIMING_WORDS for word in words):
                return None, None
            chunks.append(piece.group(0)[tokens[kept[0]].start() : tokens[kept[-1]].end()])
        if not chunks:
            return "", None
        name = chunks[0][:200]
        if not any(char.isalpha() for char in name):
            return "", None
        instructions = "; ".join(chunks[1:]) or None
        return name, instructions

    def _clock(self, text: str) -> time | None:
        text = re.sub(r"(?i)\bmidday\b", "noon", text)
        parsed = dateparser.parse(
            text, languages=["en"], settings={"RELATIVE_BASE": self.local_now}
        )
        return parsed.time().replace(second=0, microsecond=0) if parsed else None

    def _date(self, text: str, base: date | None = None) -> date | None:
        relative_base = self.local_now
        if base is not None:
            relative_base = datetime.combine(base, self.local_now.time())
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={"RELATIVE_BASE": relative_base, "PREFER_DATES_FROM": "future"},
        )
        return parsed.date() if parsed else None


def _problem(missing: ProblemKind, detail: str = "") -> ParseProblem:
    messages = {
        "time": "I couldn't tell what time to remind you: please tell me how often and at what "
        "time you take it, for example " + EXAMPLE + ".",
        "day": "I couldn't tell which day to remind you: please name the day, for example "
        '"vitamin D every Monday at 9am".',
        "ambiguous_time": f'I couldn\'t tell what time "{detail}" means: please say am or pm, '
        'or use the 24-hour clock, for example "8am" or "20:00".',
        "unclear": "I couldn't understand the whole schedule: please say the medicine, the dose "
        "and when you take it, for example " + EXAMPLE + ".",
        "medication": "I couldn't tell which medicine this is for: please name it, for example "
        + EXAMPLE
        + ".",
    }
    return ParseProblem(missing, messages[missing])


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _times_per_day(match: re.Match[str]) -> int:
    word = match.group(1) or match.group(2)
    return {"once": 1, "twice": 2, "thrice": 3}.get(word.lower()) or _number(word)


def _period_time(word: str) -> time:
    word = word.lower().removesuffix("time")
    if word in ("mornings",):
        return PERIOD_TIMES["morning"]
    if word in ("evenings",):
        return PERIOD_TIMES["evening"]
    if word in ("nights", "nightly") or word.startswith("before"):
        return PERIOD_TIMES["night"]
    return PERIOD_TIMES[word]


def _days(matches: list[re.Match[str]]) -> tuple[int, ...] | None:
    days: set[int] = set()
    for match in matches:
        for word in re.findall(r"[a-z]+", match.group(0).lower()):
            if word == "weekdays":
                days.update(range(5))
            elif word == "weekends":
                days.update((5, 6))
            elif word.rstrip("s").capitalize() in DAY_NAMES:
                days.add(DAY_NAMES.index(word.rstrip("s").capitalize()))
    return tuple(sorted(days)) or None


def _dose_text(match: re.Match[str]) -> str:
    amount = match.group(1).replace(",", ".")
    unit = match.group(2).lower()
    unit = {"iu": "IU", "ug": "mcg", "µg": "mcg", "tabs": "tablets", "tab": "tablet"}.get(
        unit, unit
    )
    if unit in ("caps", "cap"):
        unit = "capsules" if unit == "caps" else "capsule"
    return f"{amount} {unit}"


def _what_text(medication: str, dose: str | None) -> str:
    """ "Metformin 500 mg", or "2 tablets of paracetamol" for counted doses."""
    if dose and dose.split()[-1] in _COUNTABLE_UNITS:
        text = f"{dose} of {medication}"
    elif dose:
        text = f"{medication} {dose}"
    else:
        text = medication
    return text[0].upper() + text[1:]


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def parse_quiet_hours(text: str) -> tuple[time, time] | ParseProblem:
    """Two clock times, "from 10pm to 7am" → (22:00, 07:00): no texts between them.

    The window may wrap midnight; the two times must differ.
    """
    clocks = [_clock_of(match.group(0)) for match in _CLOCK.finditer(" ".join(text.split()))]
    if len(clocks) != 2 or None in clocks:
        return ParseProblem(
            "time",
            "Please give me two times for your quiet hours, for example "
            '"quiet hours from 10pm to 7am".',
        )
    start, end = clocks
    assert start is not None and end is not None
    if start == end:
        return ParseProblem(
            "time", "Your quiet hours need to start and end at different times, e.g. 10pm to 7am."
        )
    return start, end


def _clock_of(text: str) -> time | None:
    text = re.sub(r"(?i)\bmidday\b", "noon", text)
    parsed = dateparser.parse(text, languages=["en"])
    return parsed.time().replace(second=0, microsecond=0) if parsed else None

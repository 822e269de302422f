"""What intake accepts for each field, from the words a patient types.

Every parser returns the stored form of the answer, or raises `Invalid` whose message says, in
plain words, what was wrong and what to type instead. No parser touches the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

import dateparser
import phonenumbers
import pytz  # type: ignore[import-untyped]
from phonenumbers import timezone as phone_timezones

OLDEST_AGE_YEARS = 120
MAX_DATE_LENGTH = 40
MAX_LIST_ITEMS = 20
MAX_ITEM_LENGTH = 100
# The answer to an optional question that means "nothing to record".
NONE_GIVEN = "none"

YES_WORDS = frozenset(
    [
        "yes",
        "y",
        "yeah",
        "yep",
        "yup",
        "sure",
        "ok",
        "okay",
        "please",
        "fine",
        "agreed",
        "agree",
        "accept",
        "of",
        "course",
    ]
)
NO_WORDS = frozenset(
    ["no", "n", "nope", "nah", "never", "don't", "dont", "not", "decline", "refuse"]
)
NOTHING_WORDS = frozenset(
    ["none", "no", "nothing", "nope", "nil", "n/a", "na", "skip", "pass", "neither"]
) | {
    "not sure",
    "don't know",
    "dont know",
    "no idea",
    "i don't have any",
    "i dont have any",
}

DOB_PREAMBLE = re.compile(
    r"^(?:(?:my\s+)?(?:date\s+of\s+birth|dob|birthday|birth\s*date)(?:\s+is|:)?|"
    r"i\s+was\s+born(?:\s+on|\s+in)?|born(?:\s+on)?|it'?s|it\s+is)\s+",
    re.IGNORECASE,
)
LIST_PREAMBLE = re.compile(
    r"^(?:i\s+(?:have|take|am\s+on|'m\s+on|use|'m\s+allergic\s+to|am\s+allergic\s+to)|"
    r"i'?m\s+(?:on|allergic\s+to)|allergic\s+to|my\s+\w+\s+(?:are|is)|just|only)\s+",
    re.IGNORECASE,
)
LIST_SEPARATORS = re.compile(r"\s*(?:,|;|/|\band\b|&|\+|\n)\s*", re.IGNORECASE)
ITEM_CHARACTERS = re.compile(r"^[\w][\w .'’()\-]*$", re.UNICODE)

# Languages a patient may name, by the words they may use (English and the language's own).
LANGUAGES: dict[str, str] = {
    "english": "en",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "german": "de",
    "deutsch": "de",
    "portuguese": "pt",
    "português": "pt",
    "italian": "it",
    "italiano": "it",
    "polish": "pl",
    "polski": "pl",
    "romanian": "ro",
    "arabic": "ar",
    "chinese": "zh",
    "mandarin": "zh",
    "cantonese": "yue",
    "hindi": "hi",
    "urdu": "ur",
    "bengali": "bn",
    "punjabi": "pa",
    "gujarati": "gu",
    "tamil": "ta",
    "russian": "ru",
    "ukrainian": "uk",
    "turkish": "tr",
    "vietnamese": "vi",
    "korean": "ko",
    "japanese": "ja",
    "tagalog": "tl",
    "filipino": "tl",
    "somali": "so",
    "swahili": "sw",
    "farsi": "fa",
    "persian": "fa",
    "greek": "el",
    "dutch": "nl",
    "haitian creole": "ht",
    "creole": "ht",
}
LANGUAGE_NAMES = {code: name.title() for name, code in reversed(list(LANGUAGES.items()))}
LANGUAGE_NAMES.update({"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese"})
# What the chat itself speaks; other preferences are recorded for the clinic (interpreters).
CHAT_LANGUAGES = frozenset({"en"})


class Invalid(ValueError):
    """An answer that cannot be stored; the message tells the patient what to type."""


# The SMS channel hands Rasa a keyword text ("YES", "NO", "STOP") as an intent payload.
SMS_KEYWORD_PAYLOAD = re.compile(r'^/\w+\{.*"keyword":\s*"([^"]+)"')


def typed(text: str) -> str:
    """What the patient typed: the keyword itself for an SMS keyword payload."""
    found = SMS_KEYWORD_PAYLOAD.match(text.strip())
    return found.group(1) if found else text


def _words(text: str) -> str:
    return " ".join(text.strip().split())


def _plain(text: str) -> str:
    return _words(text).lower().strip(" .!?")


def is_nothing(text: str) -> bool:
    """True for the ways a patient says there is nothing to record ("none", "no", "skip")."""
    plain = _plain(text)
    return plain in NOTHING_WORDS or plain.startswith(("no ", "none ", "nothing "))


def parse_yes_no(text: str) -> bool:
    plain = _plain(text)
    words = set(re.findall(r"[a-z']+", plain))
    if plain in YES_WORDS or (words & YES_WORDS and not words & NO_WORDS):
        return True
    if plain in NO_WORDS or (words & NO_WORDS and not words & YES_WORDS):
        return False
    raise Invalid("Please answer yes or no.")


def parse_date_of_birth(text: str, today: date, date_order: str = "DMY") -> date:
    """A date of birth written in words or digits: "3 May 1980", "03/05/1980", "1980-05-03"."""
    cleaned = DOB_PREAMBLE.sub("", _words(text)).strip(" .!")
    if not re.search(r"\d", cleaned):
        raise Invalid(
            "I need the full date with the year, for example 3 May 1980 or "
            f"{_example_date(date_order)}."
        )
    parsed = (
        None
        if len(cleaned) > MAX_DATE_LENGTH
        else dateparser.parse(
            cleaned,
            languages=["en"],
            settings={
                "DATE_ORDER": date_order,
                "REQUIRE_PARTS": ["day", "month", "year"],
                "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    )
    if parsed is None:
        raise Invalid(
            "I couldn't read that as a date. Please write the day, month and year, for example "
            f"3 May 1980 or {_example_date(date_order)}."
        )
    born = parsed.date()
    if born > today:
        raise Invalid(
            "That date is in the future. Please check it and type your date of birth again."
        )
    if today.year - born.year > OLDEST_AGE_YEARS:
        raise Invalid(
            f"That would make you over {OLDEST_AGE_YEARS}. Please check the year and type your "
            "date of birth again."
        )
    return born


def _example_date(date_order: str) -> str:
    return {"MDY": "05/03/1980", "YMD": "1980-05-03"}.get(date_order, "03/05/1980")


@dataclass(frozen=True)
class Phone:
    e164: str
    # The IANA zone the number belongs to, when the number says so unambiguously.
    time_zone: str | None


def parse_phone(text: str, default_region: str) -> Phone:
    """A mobile number, stored in E.164. Numbers without a country code are `default_region`'s."""
    cleaned = re.sub(
        r"(?i)^(?:my\s+(?:mobile\s+|phone\s+|cell\s+)?(?:number\s+)?is|it'?s)\s+", "", _words(text)
    )
    if len(re.sub(r"\D", "", cleaned)) < 6:
        raise Invalid(
            "That doesn't look like a phone number. Please type your mobile number with the "
            "country code, for example +44 7911 123456."
        )
    try:
        number = phonenumbers.parse(cleaned, default_region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise Invalid(
            "That isn't a phone number I can text. Please check the digits and type your mobile "
            "number with the country code, for example +44 7911 123456."
        )
    kind = phonenumbers.number_type(number)
    if kind not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise Invalid(
            "That looks like a landline, which can't receive texts. Please give a mobile number."
        )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164=e164, time_zone=_zone_of(number))


def _zone_of(number: phonenumbers.PhoneNumber) -> str | None:
    """The number's zone when its possible zones keep the same clock all year, else None.

    A UK mobile may be London, Jersey, Guernsey or the Isle of Man (one clock: London, the
    country's first zone); an Australian one may be Perth or Sydney (ask the patient).
    """
    zones = [z for z in phone_timezones.time_zones_for_number(number) if z in _zones()]
    if not zones:
        return None
    year = date.today().year
    clocks = {
        tuple(datetime(year, month, 15, tzinfo=ZoneInfo(zone)).utcoffset() for month in (1, 7))
        for zone in zones
    }
    if len(clocks) != 1:
        return None
    region = phonenumbers.region_code_for_country_code(number.country_code or 0)
    preferred = [z for z in pytz.country_timezones.get(region, []) if z in zones]
    return preferred[0] if preferred else min(zones)


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _zones_by_place() -> dict[str, str]:
    """'london' → 'Europe/London', 'new york' → 'America/New_York' (last part of each name)."""
    places: dict[str, str] = {}
    for zone in sorted(_zones()):
        if zone.startswith(("Etc/", "SystemV/")) or "/" not in zone:
            continue
        place = zone.rsplit("/", 1)[1].replace("_", " ").lower()
        places.setdefault(place, zone)
    return places


# Common names that are not a zone's city.
ZONE_ALIASES = {
    "uk": "Europe/London",
    "united kingdom": "Europe/London",
    "england": "Europe/London",
    "scotland": "Europe/London",
    "wales": "Europe/London",
    "ireland": "Europe/Dublin",
    "france": "Europe/Paris",
    "germany": "Europe/Berlin",
    "spain": "Europe/Madrid",
    "italy": "Europe/Rome",
    "india": "Asia/Kolkata",
    "eastern": "America/New_York",
    "eastern time": "America/New_York",
    "central": "America/Chicago",
    "central time": "America/Chicago",
    "mountain": "America/Denver",
    "mountain time": "America/Denver",
    "pacific": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "gmt": "Europe/London",
    "utc": "UTC",
}


def parse_time_zone(text: str) -> str:
    """An IANA time zone from its name ("Europe/London") or a city or country ("Chicago")."""
    plain = re.sub(
        r"(?i)^(?:i\s+live\s+in|i'?m\s+in|in|my\s+time\s*zone\s+is)\s+", "", _plain(text)
    )
    plain = re.sub(r"\s+(?:time\s*zone|time)$", "", plain) if plain not in ZONE_ALIASES else plain
    by_name = {zone.lower(): zone for zone in _zones()}
    zone = (
        ZONE_ALIASES.get(plain)
        or by_name.get(plain.replace(" ", "_"))
        or _zones_by_place().get(plain)
    )
    if zone is None:
        raise Invalid(
            "I don't know that place's time zone. Please type the nearest large city, for "
            "example London, Chicago or Sydney."
        )
    ZoneInfo(zone)  # every name here is one zoneinfo knows; this proves it
    return zone


def parse_language(text: str) -> str:
    """An ISO 639 code for the language a patient names ("Spanish", "español", "en")."""
    plain = re.sub(r"(?i)^(?:i\s+(?:speak|prefer)|in)\s+", "", _plain(text))
    if plain in LANGUAGE_NAMES:
        return plain
    code = LANGUAGES.get(_fold(plain)) or LANGUAGES.get(plain)
    if code is None:
        raise Invalid(
            "I didn't recognise that language. Please type its name in English, for example "
            "English, Spanish or Polish."
        )
    return code


def _fold(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def parse_list(text: str, what: str) -> list[str]:
    """Items a patient lists ("asthma and type 2 diabetes"), or [] for "none" / "skip"."""
    if is_nothing(text):
        return []
    cleaned = LIST_PREAMBLE.sub("", _words(text)).strip(" .!")
    items = [item.strip(" .") for item in LIST_SEPARATORS.split(cleaned) if item.strip(" .")]
    if not items:
        raise Invalid(f"Please list your {what}, separated by commas, or type 'none'.")
    if len(items) > MAX_LIST_ITEMS:
        raise Invalid(
            f"That's more than {MAX_LIST_ITEMS} {what}. Please list the main ones; a nurse "
            "can add the rest."
        )
    for item in items:
        if len(item) > MAX_ITEM_LENGTH or not ITEM_CHARACTERS.match(item):
            raise Invalid(
                f"Please type just the names of your {what}, separated by commas, for example "
                f"{_list_example(what)} — or type 'none'."
            )
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower(), item)
    return list(seen.values())


def _list_example(what: str) -> str:
    return {
        "allergies": "penicillin, peanuts",
        "medicines": "metformin, lisinopril",
    }.get(what, "asthma, type 2 diabetes")


def join_items(items: list[str]) -> str:
    """The slot value for a list: "a, b" or NONE_GIVEN."""
    return ", ".join(items) if items else NONE_GIVEN


def split_items(value: str | None) -> list[str]:
    if not value or value == NONE_GIVEN:
        return []
    return [item.strip() for item in value.split(",") if item.strip()]

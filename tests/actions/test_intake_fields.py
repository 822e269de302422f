"""What intake accepts for each field, and what it says when it cannot accept an answer."""

from __future__ import annotations

from datetime import date

import pytest

from actions import intake_fields as fields

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("typed", "born"),
    [
        ("3 May 1980", date(1980, 5, 3)),
        ("03/05/1980", date(1980, 5, 3)),
        ("1980-05-03", date(1980, 5, 3)),
        ("May 3rd 1980", date(1980, 5, 3)),
        ("my date of birth is 4th July 1976", date(1976, 7, 4)),
        ("I was born on 12 March 1985", date(1985, 3, 12)),
        ("dob: 29/02/2000", date(2000, 2, 29)),
    ],
)
def test_dates_of_birth_in_words_and_digits(typed: str, born: date) -> None:
    assert fields.parse_date_of_birth(typed, TODAY, "DMY") == born


def test_the_clinic_chooses_how_digits_are_read() -> None:
    assert fields.parse_date_of_birth("05/03/1980", TODAY, "MDY") == date(1980, 5, 3)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1 January 2030", "in the future"),
        ("24/11/2026", "in the future"),
        ("3 May 1880", "over 120"),
        ("31/02/1990", "couldn't read"),
        ("yesterday", "with the year"),
        ("last spring", "with the year"),
        ("<script>alert(1)</script>", "couldn't read"),
        ("1" * 5000, "couldn't read"),
        ("'; DROP TABLE patients; --", "with the year"),
        ("🎂🎂", "with the year"),
        ("x" * 5000, "with the year"),
    ],
)
def test_impossible_dates_of_birth_say_what_was_wrong(typed: str, says: str) -> None:
    with pytest.raises(fields.Invalid, match=says):
        fields.parse_date_of_birth(typed, TODAY, "DMY")


@pytest.mark.parametrize(
    ("typed", "region", "e164", "zone"),
    [
        ("+44 7911 123456", "US", "+447911123456", "Europe/London"),
        ("07911 123456", "GB", "+447911123456", "Europe/London"),
        ("my number is (415) 555-2671", "US", "+14155552671", "America/Los_Angeles"),
        ("+33 6 12 34 56 78", "GB", "+33612345678", "Europe/Paris"),
        ("+61 412 345 678", "GB", "+61412345678", None),  # Australia spans several zones
    ],
)
def test_phone_numbers_are_stored_in_e164_with_their_zone_when_it_is_certain(
    typed: str, region: str, e164: str, zone: str | None
) -> None:
    assert fields.parse_phone(typed, region) == fields.Phone(e164, zone)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("12345", "doesn't look like a phone number"),
        ("call me maybe", "doesn't look like a phone number"),
        ("+44 7911 12", "isn't a phone number I can text"),
        ("+1 999 555 0000", "isn't a phone number I can text"),
        ("+44 20 7946 0018", "landline"),
        ("'; DROP TABLE patients; -- 1234567", "isn't a phone number"),
    ],
)
def test_malformed_numbers_are_refused_with_the_reason(typed: str, says: str) -> None:
    with pytest.raises(fields.Invalid, match=says):
        fields.parse_phone(typed, "GB")


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/London", "Europe/London"),
        ("london", "Europe/London"),
        ("New York", "America/New_York"),
        ("I live in Chicago", "America/Chicago"),
        ("pacific time", "America/Los_Angeles"),
        ("UK", "Europe/London"),
    ],
)
def test_time_zones_from_names_cities_and_countries(typed: str, zone: str) -> None:
    assert fields.parse_time_zone(typed) == zone


def test_an_unknown_place_asks_for_a_city() -> None:
    with pytest.raises(fields.Invalid, match="nearest large city"):
        fields.parse_time_zone("Narnia")


@pytest.mark.parametrize(
    ("typed", "code"),
    [("English", "en"), ("español", "es"), ("I speak Polish", "pl"), ("fr", "fr")],
)
def test_languages_by_name_or_code(typed: str, code: str) -> None:
    assert fields.parse_language(typed) == code


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(fields.Invalid, match="didn't recognise"):
        fields.parse_language("Klingon")


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        ("asthma and type 2 diabetes", ["asthma", "type 2 diabetes"]),
        ("I have asthma, high blood pressure", ["asthma", "high blood pressure"]),
        ("Asthma; asthma", ["Asthma"]),
        ("none", []),
        ("No", []),
        ("skip", []),
        ("nothing really", []),
        ("not sure", []),
    ],
)
def test_lists_and_nothing_to_record(typed: str, items: list[str]) -> None:
    assert fields.parse_list(typed, "conditions") == items


@pytest.mark.parametrize("typed", ["<b>asthma</b>", "x" * 101, ", ".join(["a"] * 21), "🤧"])
def test_lists_refuse_markup_and_floods(typed: str) -> None:
    with pytest.raises(fields.Invalid):
        fields.parse_list(typed, "allergies")


@pytest.mark.parametrize(
    ("typed", "yes"),
    [("yes", True), ("Yes please", True), ("ok", True), ("no", False), ("no thanks", False)],
)
def test_consent_answers(typed: str, yes: bool) -> None:
    assert fields.parse_yes_no(typed) is yes


def test_an_unclear_consent_answer_asks_for_yes_or_no() -> None:
    with pytest.raises(fields.Invalid, match="yes or no"):
        fields.parse_yes_no("maybe later")


def test_items_round_trip_through_the_slot() -> None:
    assert fields.split_items(fields.join_items(["asthma", "eczema"])) == ["asthma", "eczema"]
    assert fields.split_items(fields.join_items([])) == []


def test_sms_keywords_reach_intake_as_the_word_typed() -> None:
    assert fields.typed('/reminder_reply{"reply": "skip", "keyword": "NO"}') == "NO"
    assert (
        fields.parse_list(fields.typed('/reminder_reply{"reply": "skip", "keyword": "NO"}'), "x")
        == []
    )
    assert fields.typed("no, none") == "no, none"

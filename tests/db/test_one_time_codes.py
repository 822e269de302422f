"""One-time codes: expiring, limited tries, bound to one conversation, rate-limited per number."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import OneTimeCode, Patient
from bot.db.one_time_codes import CodeCheck, OneTimeCodes, TooManyCodes
from bot.settings import Settings

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
PHONE = "+447911123456"


@pytest.fixture
def codes(
    session_factory: sessionmaker[Session], db_settings: Settings
) -> tuple[sessionmaker[Session], Settings]:
    return session_factory, db_settings


def issue(codes, sender: str = "web-1", phone: str = PHONE, at: datetime = NOW):  # type: ignore[no-untyped-def]
    factory, settings = codes
    with session_scope(factory) as session:
        return OneTimeCodes(session, settings).issue(sender, phone, at)


def check(codes, typed: str, sender: str = "web-1", at: datetime = NOW):  # type: ignore[no-untyped-def]
    factory, settings = codes
    with session_scope(factory) as session:
        return OneTimeCodes(session, settings).check(sender, typed, at)


def test_the_right_code_verifies_once_and_only_the_hash_is_stored(codes) -> None:  # type: ignore[no-untyped-def]
    issued = issue(codes)
    assert len(issued.code) == 6 and issued.patient_id is None
    result = check(codes, f" {issued.code[:3]} {issued.code[3:]} ")
    assert (result.outcome, result.phone_e164) == (CodeCheck.VERIFIED, PHONE)
    with codes[0]() as session:
        row = session.scalars(sa.select(OneTimeCode)).one()
        assert issued.code not in row.code_hash and row.verified_at is not None


def test_a_returning_patients_number_names_them_only_after_the_code(codes) -> None:  # type: ignore[no-untyped-def]
    with session_scope(codes[0]) as session:
        patient = Patient(first_name="Ana", phone_e164=PHONE)
        session.add(patient)
        session.flush()
        patient_id = patient.id
    issued = issue(codes)
    assert check(codes, "000000" if issued.code != "000000" else "111111").patient_id is None
    result = check(codes, issued.code)
    assert (result.outcome, result.patient_id) == (CodeCheck.VERIFIED, patient_id)
    with codes[0]() as session:
        assert session.get(Patient, patient_id).phone_verified_at is not None


def test_wrong_tries_are_counted_and_the_code_locks(codes) -> None:  # type: ignore[no-untyped-def]
    issued = issue(codes)
    wrong = "000000" if issued.code != "000000" else "111111"
    max_attempts = codes[1].otp_max_attempts
    results = [check(codes, wrong) for _ in range(max_attempts)]
    assert [r.attempts_left for r in results] == list(range(max_attempts - 1, -1, -1))
    assert results[-1].outcome is CodeCheck.LOCKED
    assert check(codes, issued.code).outcome is CodeCheck.LOCKED  # even the right one, now


def test_a_code_expires(codes) -> None:  # type: ignore[no-untyped-def]
    issued = issue(codes)
    later = NOW + timedelta(minutes=codes[1].otp_valid_minutes, seconds=1)
    assert check(codes, issued.code, at=later).outcome is CodeCheck.EXPIRED


def test_a_code_works_only_in_the_conversation_it_was_sent_to(codes) -> None:  # type: ignore[no-untyped-def]
    issued = issue(codes, sender="web-1")
    assert check(codes, issued.code, sender="web-2").outcome is CodeCheck.NONE_ISSUED
    issue(codes, sender="web-2", at=NOW + timedelta(seconds=1))
    assert check(codes, issued.code, sender="web-2").outcome is CodeCheck.WRONG


def test_a_new_code_replaces_the_old_one(codes) -> None:  # type: ignore[no-untyped-def]
    first = issue(codes)
    second = issue(codes, at=NOW + timedelta(seconds=30))
    if first.code != second.code:
        assert check(codes, first.code, at=NOW + timedelta(seconds=31)).outcome is CodeCheck.WRONG
    assert check(codes, second.code, at=NOW + timedelta(seconds=32)).outcome is CodeCheck.VERIFIED


def test_a_number_gets_a_limited_number_of_codes_an_hour(codes) -> None:  # type: ignore[no-untyped-def]
    limit = codes[1].otp_max_per_hour
    for n in range(limit):
        issue(codes, sender=f"web-{n}", at=NOW + timedelta(minutes=n))
    with pytest.raises(TooManyCodes):
        issue(codes, sender="web-x", at=NOW + timedelta(minutes=limit))
    issue(codes, sender="web-y", at=NOW + timedelta(hours=1, minutes=limit))  # an hour later

"""One-time codes texted to a phone, so a web-chat patient proves they hold that number.

A code is six digits, kept only as a keyed hash bound to the conversation it was issued to,
expires after `otp_valid_minutes`, and stops working after `otp_max_attempts` wrong tries. A
number is texted at most `otp_max_per_hour` codes an hour, so the chat cannot be used to flood
someone's phone. Each call is one transaction: a wrong try is counted even though it fails.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.db.models import OneTimeCode, Patient
from bot.db.repositories import PatientRepository
from bot.settings import Settings

CODE_DIGITS = 6
KEY_PURPOSE = "one-time-code"


class TooManyCodes(Exception):
    """The number was sent as many codes as it may be in the last hour."""


class CodeCheck(enum.StrEnum):
    VERIFIED = "verified"
    WRONG = "wrong"
    EXPIRED = "expired"
    LOCKED = "locked"  # too many wrong tries
    NONE_ISSUED = "none_issued"


@dataclass(frozen=True)
class IssuedCode:
    code: str
    # The patient on file with this number, or None for a number we do not know yet.
    patient_id: int | None


@dataclass(frozen=True)
class CheckResult:
    outcome: CodeCheck
    phone_e164: str | None = None
    patient_id: int | None = None
    attempts_left: int = 0


class OneTimeCodes:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings

    def issue(self, sender_id: str, phone_e164: str, now: datetime) -> IssuedCode:
        """A new code for this conversation and number; earlier unused ones stop working."""
        sent_lately = self.session.scalar(
            sa.select(sa.func.count())
            .select_from(OneTimeCode)
            .where(
                OneTimeCode.phone_e164 == phone_e164,
                OneTimeCode.created_at > now - timedelta(hours=1),
            )
        )
        if (sent_lately or 0) >= self.settings.otp_max_per_hour:
            raise TooManyCodes(phone_e164)
        self.session.execute(
            sa.update(OneTimeCode)
            .where(
                OneTimeCode.sender_id == sender_id,
                OneTimeCode.verified_at.is_(None),
                OneTimeCode.expires_at > now,
            )
            .values(expires_at=now)
        )
        patient = PatientRepository(self.session).get_by_phone(phone_e164)
        if patient is not None and (patient.deleted_at or patient.deletion_requested_at):
            patient = None
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        self.session.add(
            OneTimeCode(
                sender_id=sender_id,
                phone_e164=phone_e164,
                patient_id=patient.id if patient is not None else None,
                code_hash=self._hash(sender_id, code),
                expires_at=now + timedelta(minutes=self.settings.otp_valid_minutes),
                created_at=now,
            )
        )
        self.session.flush()
        return IssuedCode(code=code, patient_id=patient.id if patient is not None else None)

    def check(self, sender_id: str, typed: str, now: datetime) -> CheckResult:
        """Whether `typed` is this conversation's latest code; counts the try."""
        latest = self.session.scalars(
            sa.select(OneTimeCode)
            .where(OneTimeCode.sender_id == sender_id)
            .order_by(OneTimeCode.id.desc())
            .limit(1)
            .with_for_update()
        ).first()
        if latest is None:
            return CheckResult(CodeCheck.NONE_ISSUED)
        if latest.verified_at is not None:
            return CheckResult(CodeCheck.VERIFIED, latest.phone_e164, latest.patient_id)
        if latest.expires_at <= now:
            return CheckResult(CodeCheck.EXPIRED)
        if latest.attempts >= self.settings.otp_max_attempts:
            return CheckResult(CodeCheck.LOCKED)
        latest.attempts += 1
        left = self.settings.otp_max_attempts - latest.attempts
        digits = "".join(ch for ch in typed if ch.isdigit())
        if len(digits) != CODE_DIGITS or not hmac.compare_digest(
            latest.code_hash, self._hash(sender_id, digits)
        ):
            self.session.flush()
            return CheckResult(
                CodeCheck.LOCKED if left == 0 else CodeCheck.WRONG, attempts_left=left
            )
        latest.verified_at = now
        if latest.patient_id is not None:
            patient = self.session.get(Patient, latest.patient_id)
            if patient is not None and patient.phone_verified_at is None:
                patient.phone_verified_at = now
        self.session.flush()
        return CheckResult(CodeCheck.VERIFIED, latest.phone_e164, latest.patient_id)

    def verified_phone(self, sender_id: str) -> str | None:
        """The number this conversation proved it holds, if it has."""
        return self.session.scalar(
            sa.select(OneTimeCode.phone_e164)
            .where(OneTimeCode.sender_id == sender_id, OneTimeCode.verified_at.is_not(None))
            .order_by(OneTimeCode.id.desc())
            .limit(1)
        )

    def _hash(self, sender_id: str, code: str) -> str:
        key = self.settings.derived_key(KEY_PURPOSE).encode()
        return hmac.new(key, f"{sender_id}\x00{code}".encode(), hashlib.sha256).hexdigest()

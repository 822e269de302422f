"""Checking a nurse's e-mail and password, with a lock-out after repeated failures.

From outside, every failure looks the same: an unknown e-mail, a wrong password, a locked or a
deactivated account all get one generic message and cost one argon2 verification. A message
such as "account locked" would tell a stranger that the e-mail belongs to a nurse, so the
lock-out is only explained on the login page in general terms. The audit trail records the real
reason for whoever investigates.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.console.passwords import make_password_hasher
from bot.db.models import NurseUser

MAX_FAILED_LOGINS = 5
LOCKOUT_DURATION = timedelta(minutes=15)


class LoginFailure(enum.StrEnum):
    UNKNOWN_EMAIL = "unknown_email"
    WRONG_PASSWORD = "wrong_password"
    LOCKED = "locked"
    INACTIVE = "inactive"


@dataclass(frozen=True)
class LoginResult:
    """`nurse` is the account the e-mail named (None if none did); `failure` None = success."""

    nurse: NurseUser | None
    failure: LoginFailure | None = None
    locked_now: bool = False

    @property
    def succeeded(self) -> bool:
        return self.failure is None


class Authenticator:
    """Verifies passwords against `nurse_users` and keeps the failure count and lock-out."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher or make_password_hasher()
        # Verifying against a hash of a random secret costs what a real check costs, so the
        # response time does not tell which e-mails have accounts.
        self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(32))

    def attempt(self, session: Session, email: str, password: str, now: datetime) -> LoginResult:
        nurse = session.scalars(
            select(NurseUser).where(NurseUser.email == email.strip().lower())
        ).one_or_none()
        if nurse is None:
            self._verify(self._dummy_hash, password)
            return LoginResult(None, LoginFailure.UNKNOWN_EMAIL)

        if nurse.locked_until is not None and nurse.locked_until <= now:
            # The lock has run out: a fresh set of attempts.
            nurse.locked_until = None
            nurse.failed_logins = 0
        if nurse.locked_until is not None:
            # Refused even with the right password; the attempt does not extend the lock.
            self._verify(self._dummy_hash, password)
            return LoginResult(nurse, LoginFailure.LOCKED)

        password_matches = self._verify(nurse.password_hash, password)
        if not nurse.active:
            return LoginResult(nurse, LoginFailure.INACTIVE)
        if not password_matches:
            return self._count_failure(session, nurse, now)

        nurse.failed_logins = 0
        nurse.last_login_at = now
        if self._hasher.check_needs_rehash(nurse.password_hash):
            nurse.password_hash = self._hasher.hash(password)
        return LoginResult(nurse)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _count_failure(self, session: Session, nurse: NurseUser, now: datetime) -> LoginResult:
        # Incremented in SQL so that parallel guesses cannot each read the same old count.
        failed_logins = session.execute(
            update(NurseUser)
            .where(NurseUser.id == nurse.id)
            .values(failed_logins=NurseUser.failed_logins + 1)
            .returning(NurseUser.failed_logins)
            .execution_options(synchronize_session=False)
        ).scalar_one()
        session.expire(nurse, ["failed_logins"])
        locked_now = failed_logins >= MAX_FAILED_LOGINS
        if locked_now:
            nurse.locked_until = now + LOCKOUT_DURATION
        return LoginResult(nurse, LoginFailure.WRONG_PASSWORD, locked_now=locked_now)

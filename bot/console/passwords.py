"""Password hashing (argon2id) and the rules a new console password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher

MIN_PASSWORD_LENGTH = 12
# argon2 pre-hashes its input, so length costs little; the cap only bounds request bodies.
MAX_PASSWORD_LENGTH = 1024


def make_password_hasher() -> PasswordHasher:
    """argon2-cffi's defaults (RFC 9106 low-memory profile): one place to change them."""
    return PasswordHasher()


def password_problem(password: str) -> str | None:
    """Why `password` cannot be used, in words for the person choosing it; None if it can."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return (
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters long "
            f"(this one has {len(password)}). A few unrelated words make a good one."
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"The password must be at most {MAX_PASSWORD_LENGTH} characters long."
    if not password.strip():
        return "The password cannot be only spaces."
    return None

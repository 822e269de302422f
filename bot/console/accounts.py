"""Nurse accounts: `create_nurse`, and the command line an operator uses to add one.

    python -m bot.console.accounts create                 # asks for e-mail, name, password
    python -m bot.console.accounts create --email ann@clinic.example --name "Ann Lee" \\
        --password-stdin [--admin] < password.txt           # for scripts

The command applies the database migrations first (a no-op when they are current), so it works
on a fresh install. Exit status: 0 created, 1 refused (the message says why), 2 usage error.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Callable

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from bot.console.passwords import make_password_hasher, password_problem
from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.migrate import upgrade
from bot.db.models import NurseRole, NurseUser
from bot.db.repositories import AuditLog
from bot.settings import Settings, get_settings

MAX_EMAIL_LENGTH = 254
MAX_DISPLAY_NAME_LENGTH = 100
# Deliberately loose: the address is a login name here, not something we send mail to.
_EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class AccountError(ValueError):
    """The account cannot be created as asked; the message says why and what to do."""


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL_PATTERN.fullmatch(email):
        raise AccountError(f"{email!r} is not an e-mail address (expected name@clinic.example).")
    return email


def normalise_display_name(display_name: str) -> str:
    display_name = " ".join(display_name.split())
    if not display_name:
        raise AccountError("The display name is empty; give the name colleagues know them by.")
    if len(display_name) > MAX_DISPLAY_NAME_LENGTH:
        raise AccountError(
            f"The display name is longer than {MAX_DISPLAY_NAME_LENGTH} characters; shorten it."
        )
    return display_name


def check_password(password: str) -> None:
    problem = password_problem(password)
    if problem is not None:
        raise AccountError(problem)


def create_nurse(
    session: Session,
    email: str,
    display_name: str,
    password: str,
    role: NurseRole | str = NurseRole.NURSE,
    *,
    actor: str = "operator",
    hasher: PasswordHasher | None = None,
) -> NurseUser:
    """Add a console account and an audit entry for it; raises `AccountError` if refused.

    `actor` is who created it, for the audit trail ("operator" = the command line).
    """
    email = normalise_email(email)
    display_name = normalise_display_name(display_name)
    check_password(password)
    try:
        role = NurseRole(role)
    except ValueError:
        roles = ", ".join(member.value for member in NurseRole)
        raise AccountError(f"Unknown role {role!r}; choose one of: {roles}.") from None
    if session.scalars(select(NurseUser.id).where(NurseUser.email == email)).first() is not None:
        raise AccountError(f"A nurse account with the e-mail {email} already exists.")

    nurse = NurseUser(
        email=email,
        display_name=display_name,
        password_hash=(hasher or make_password_hasher()).hash(password),
        role=role,
    )
    session.add(nurse)
    try:
        session.flush()
    except IntegrityError:  # created by someone else between the check and the insert
        raise AccountError(f"A nurse account with the e-mail {email} already exists.") from None
    AuditLog(session).record(actor, "nurse.created", nurse_id=nurse.id, role=role.value)
    return nurse


def set_active(session: Session, nurse: NurseUser, active: bool, *, actor: str) -> None:
    """Enable or disable an account; a disabled one cannot sign in and is signed out at once."""
    nurse.active = active
    if active:
        nurse.failed_logins = 0
        nurse.locked_until = None
    session.flush()
    AuditLog(session).record(
        actor, "nurse.enabled" if active else "nurse.disabled", nurse_id=nurse.id
    )


def reset_password(
    session: Session,
    nurse: NurseUser,
    password: str,
    *,
    actor: str,
    hasher: PasswordHasher | None = None,
) -> None:
    """Set a new password (and lift a lock-out); raises `AccountError` for a weak one."""
    check_password(password)
    nurse.password_hash = (hasher or make_password_hasher()).hash(password)
    nurse.failed_logins = 0
    nurse.locked_until = None
    session.flush()
    AuditLog(session).record(actor, "nurse.password_reset", nurse_id=nurse.id)


# ------------------------------------------------------------------------ command line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot.console.accounts", description="Manage nurse console accounts."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    create = commands.add_parser(
        "create",
        help="create a nurse account",
        description="Create a nurse console account. Asks for whatever is not given.",
    )
    create.add_argument("--email", help="the e-mail address the nurse signs in with")
    create.add_argument("--name", help="the name shown in the console, e.g. 'Ann Lee'")
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (for scripts)",
    )
    create.add_argument("--admin", action="store_true", help="give the account the admin role")
    return parser


def _ask(prompt: str, validate: Callable[[str], str]) -> str:
    if not sys.stdin.isatty():
        raise AccountError(
            f"No terminal to ask for the {prompt.lower()}: pass it as an option (see --help)."
        )
    return validate(input(f"{prompt}: "))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        check_password(password)
        return password
    if not sys.stdin.isatty():
        raise AccountError("No terminal to ask for the password: pipe it in with --password-stdin.")
    password = getpass.getpass("Password (at least 12 characters): ")
    check_password(password)
    if getpass.getpass("Password again: ") != password:
        raise AccountError("The two passwords differ; nothing was created. Run it again.")
    return password


def _create(args: argparse.Namespace, settings: Settings) -> int:
    email = normalise_email(args.email) if args.email else _ask("E-mail", normalise_email)
    if args.name:
        display_name = normalise_display_name(args.name)
    else:
        display_name = _ask("Display name", normalise_display_name)
    password = _read_password(args.password_stdin)
    role = NurseRole.ADMIN if args.admin else NurseRole.NURSE

    upgrade(settings)
    engine = make_engine(settings)
    try:
        with session_scope(make_session_factory(engine)) as session:
            nurse = create_nurse(session, email, display_name, password, role)
    finally:
        engine.dispose()
    print(
        f"Created {role.value} account #{nurse.id} for {email}. They can sign in at "
        f"http://{settings.host}:{settings.console_port}/login"
    )
    return 0


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if settings is None:
            settings = get_settings()
        return _create(args, settings)
    except AccountError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\ncancelled: nothing was created.", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        where = settings.db_url.render_as_string(hide_password=True) if settings else "?"
        cause = getattr(error, "orig", None) or error
        print(
            f"error: the database at {where} could not be used ({cause}). Check DATABASE_URL.",
            file=sys.stderr,
        )
        return 1
    except ValueError as error:  # invalid settings (pydantic's ValidationError)
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

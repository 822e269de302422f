"""Creating nurse accounts: `create_nurse` and `python -m bot.console.accounts create`."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.console import accounts
from bot.console.accounts import AccountError, create_nurse
from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.models import AuditEntry, NurseRole, NurseUser
from bot.settings import PROJECT_ROOT, Settings

GOOD_PASSWORD = "a sufficiently long password"


def _nurse_count(factory: sessionmaker[Session]) -> int:
    with session_scope(factory) as session:
        return session.scalar(select(func.count()).select_from(NurseUser)) or 0


def test_create_nurse_stores_a_lower_cased_email_and_an_argon2_hash(
    db: sessionmaker[Session],
) -> None:
    with session_scope(db) as session:
        nurse = create_nurse(session, " Bea.Ode@Clinic.Example ", "Bea  Ode", GOOD_PASSWORD)

    assert nurse.email == "bea.ode@clinic.example"
    assert nurse.display_name == "Bea Ode"
    assert nurse.role == NurseRole.NURSE
    assert nurse.password_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(nurse.password_hash, GOOD_PASSWORD)
    with session_scope(db) as session:
        (entry,) = session.scalars(select(AuditEntry))
        assert (entry.actor, entry.action) == ("operator", "nurse.created")
        assert entry.detail == {"nurse_id": nurse.id, "role": "nurse"}


def test_create_nurse_refuses_a_short_password(db: sessionmaker[Session]) -> None:
    with session_scope(db) as session, pytest.raises(AccountError, match="at least 12"):
        create_nurse(session, "bea@clinic.example", "Bea", "elevenchars")


def test_create_nurse_refuses_a_duplicate_email(db: sessionmaker[Session]) -> None:
    with session_scope(db) as session:
        create_nurse(session, "bea@clinic.example", "Bea", GOOD_PASSWORD)

    with session_scope(db) as session, pytest.raises(AccountError, match="already exists"):
        create_nurse(session, "BEA@clinic.example", "Bea again", GOOD_PASSWORD)
    assert _nurse_count(db) == 1


@pytest.mark.parametrize(
    ("email", "name", "message"),
    [("not-an-email", "Bea", "not an e-mail address"), ("bea@clinic.example", "  ", "empty")],
)
def test_create_nurse_refuses_bad_details(
    db: sessionmaker[Session], email: str, name: str, message: str
) -> None:
    with session_scope(db) as session, pytest.raises(AccountError, match=message):
        create_nurse(session, email, name, GOOD_PASSWORD)


def test_cli_creates_an_admin_from_a_script_on_a_fresh_database(
    sqlite_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{GOOD_PASSWORD}\n"))

    argv = ["create", "--email", "Admin@Clinic.Example", "--name", "Ada Min"]
    status = accounts.main([*argv, "--password-stdin", "--admin"], settings=sqlite_settings)

    assert status == 0
    assert "admin account #1 for admin@clinic.example" in capsys.readouterr().out
    engine = make_engine(sqlite_settings)  # the command migrated the empty database itself
    try:
        with session_scope(make_session_factory(engine)) as session:
            nurse = session.scalars(select(NurseUser)).one()
            assert (nurse.email, nurse.role) == ("admin@clinic.example", NurseRole.ADMIN)
    finally:
        engine.dispose()


def test_cli_refuses_a_duplicate_email_with_status_1(
    settings: Settings,
    db: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["create", "--email", "bea@clinic.example", "--name", "Bea", "--password-stdin"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{GOOD_PASSWORD}\n"))
    assert accounts.main(argv, settings=settings) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{GOOD_PASSWORD}\n"))

    assert accounts.main(argv, settings=settings) == 1
    assert "already exists" in capsys.readouterr().err
    assert _nurse_count(db) == 1


def test_cli_without_a_terminal_asks_for_password_stdin(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))

    status = accounts.main(["create", "--email", "bea@clinic.example", "--name", "Bea"], settings)

    assert status == 1
    assert "--password-stdin" in capsys.readouterr().err


def test_cli_refuses_a_short_password_with_status_1_and_no_traceback(
    settings: Settings, db: sessionmaker[Session], tmp_path: Path
) -> None:
    # The real command in a child process, as an operator would run it.
    environment = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    completed = subprocess.run(
        [
            *(sys.executable, "-m", "bot.console.accounts", "create"),
            *("--email", "bea@clinic.example", "--name", "Bea", "--password-stdin"),
        ],
        input="short\n",
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 1
    assert "at least 12 characters" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert _nurse_count(db) == 0

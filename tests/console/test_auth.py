"""Signing in and out: credentials, CSRF, lock-out, the session cookie and the audit trail."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.console.app import SESSION_COOKIE, create_app
from bot.console.login import LOCKOUT_DURATION, MAX_FAILED_LOGINS
from bot.console.routes.auth import LOGIN_FAILED_MESSAGE
from bot.db.engine import session_scope
from bot.db.models import AuditEntry, NurseUser, utcnow
from bot.settings import Settings
from tests.console.support import (
    NURSE_EMAIL,
    NURSE_NAME,
    NURSE_PASSWORD,
    csrf_token_from,
    login,
)


def _nurse(db: sessionmaker[Session], nurse_id: int) -> NurseUser:
    with session_scope(db) as session:
        nurse = session.get(NurseUser, nurse_id)
        assert nurse is not None
        return nurse


def _audit(db: sessionmaker[Session]) -> list[AuditEntry]:
    with session_scope(db) as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_login_page_has_the_form_and_a_csrf_token(client: TestClient) -> None:
    response = client.get("/login")

    assert response.status_code == 200
    assert "CareLoop" in response.text
    assert 'name="email"' in response.text
    assert 'type="password"' in response.text
    assert len(csrf_token_from(response.text)) >= 32
    # The token lives in the (pre-login) session cookie.
    assert SESSION_COOKIE in response.cookies


def test_good_credentials_sign_in_and_open_the_queue(client: TestClient, nurse_id: int) -> None:
    response = login(client, NURSE_EMAIL, NURSE_PASSWORD)

    assert response.status_code == 303
    assert response.headers["location"] == "/"
    queue = client.get("/")
    assert queue.status_code == 200
    assert NURSE_NAME in queue.text
    assert "No conversations need attention." in queue.text
    assert 'action="/logout"' in queue.text
    # Signed in, the login page sends the nurse to the queue.
    assert client.get("/login").headers["location"] == "/"


def test_email_is_matched_case_insensitively(client: TestClient, nurse_id: int) -> None:
    response = login(client, "  Ann.LEE@Clinic.Example ", NURSE_PASSWORD)

    assert response.status_code == 303


def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: TestClient, nurse_id: int
) -> None:
    wrong_password = login(client, NURSE_EMAIL, "not the password at all")
    unknown_email = login(client, "nobody@clinic.example", "not the password at all")

    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.text == unknown_email.text
    assert LOGIN_FAILED_MESSAGE in wrong_password.text
    assert client.get("/").status_code == 303


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_post_without_the_session_csrf_token_is_refused(
    client: TestClient, nurse_id: int, token: str | None
) -> None:
    client.get("/login")  # a session with a token exists; the post does not carry it
    data = {"email": NURSE_EMAIL, "password": NURSE_PASSWORD}
    if token is not None:
        data["csrf_token"] = token

    response = client.post("/login", data=data)

    assert response.status_code == 403
    assert "security token is missing or out of date" in response.text
    assert client.get("/").status_code == 303


def test_post_without_any_session_is_refused(client: TestClient, nurse_id: int) -> None:
    response = client.post(
        "/login", data={"email": NURSE_EMAIL, "password": NURSE_PASSWORD, "csrf_token": "x"}
    )

    assert response.status_code == 403


def test_logout_needs_the_csrf_token(client: TestClient, nurse_id: int) -> None:
    login(client, NURSE_EMAIL, NURSE_PASSWORD)

    assert client.post("/logout").status_code == 403
    assert client.get("/").status_code == 200


def test_five_failures_lock_the_account(
    client: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    failed_page = ""
    for _ in range(MAX_FAILED_LOGINS):
        response = login(client, NURSE_EMAIL, "a wrong guess, again")
        assert response.status_code == 401
        failed_page = response.text

    nurse = _nurse(db, nurse_id)
    assert nurse.failed_logins == MAX_FAILED_LOGINS
    assert nurse.locked_until is not None
    remaining = nurse.locked_until - utcnow()
    assert LOCKOUT_DURATION - timedelta(minutes=1) < remaining <= LOCKOUT_DURATION

    # Locked: the right password is refused too, with the very same page (no "locked" leak).
    response = login(client, NURSE_EMAIL, NURSE_PASSWORD)
    assert response.status_code == 401
    assert response.text == failed_page
    assert client.get("/").status_code == 303


def test_an_expired_lock_gives_a_fresh_start(
    client: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    with session_scope(db) as session:
        session.execute(
            update(NurseUser)
            .where(NurseUser.id == nurse_id)
            .values(failed_logins=MAX_FAILED_LOGINS, locked_until=utcnow() - timedelta(seconds=1))
        )

    assert login(client, NURSE_EMAIL, NURSE_PASSWORD).status_code == 303
    nurse = _nurse(db, nurse_id)
    assert (nurse.failed_logins, nurse.locked_until) == (0, None)
    assert nurse.last_login_at is not None


def test_a_success_resets_the_failure_count(
    client: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    for _ in range(MAX_FAILED_LOGINS - 1):
        login(client, NURSE_EMAIL, "a wrong guess, again")
    assert _nurse(db, nurse_id).failed_logins == MAX_FAILED_LOGINS - 1

    assert login(client, NURSE_EMAIL, NURSE_PASSWORD).status_code == 303
    assert _nurse(db, nurse_id).failed_logins == 0


def test_a_deactivated_nurse_cannot_sign_in_or_stay_signed_in(
    client: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    login(client, NURSE_EMAIL, NURSE_PASSWORD)
    with session_scope(db) as session:
        session.execute(update(NurseUser).where(NurseUser.id == nurse_id).values(active=False))

    assert client.get("/").status_code == 303
    assert login(client, NURSE_EMAIL, NURSE_PASSWORD).status_code == 401


def test_logout_ends_the_session(client: TestClient, nurse_id: int) -> None:
    login(client, NURSE_EMAIL, NURSE_PASSWORD)
    token = csrf_token_from(client.get("/").text)

    response = client.post("/logout", data={"csrf_token": token})

    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert client.get("/").status_code == 303


def test_the_queue_without_a_session_redirects_to_login(client: TestClient) -> None:
    response = client.get("/")

    assert response.status_code == 303
    assert response.headers["location"] == "/login"


def test_signing_in_replaces_the_csrf_token(client: TestClient, nurse_id: int) -> None:
    before = csrf_token_from(client.get("/login").text)
    login(client, NURSE_EMAIL, NURSE_PASSWORD)
    after = csrf_token_from(client.get("/").text)

    assert before != after


def test_sign_ins_failures_and_sign_outs_are_audited_without_secrets(
    client: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    login(client, "stranger@elsewhere.example", "guessed password 1")
    login(client, NURSE_EMAIL, "guessed password 2")
    login(client, NURSE_EMAIL, NURSE_PASSWORD)
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/").text)})

    entries = _audit(db)
    nurse_actor = f"nurse:{nurse_id}"
    console_entries = [(e.actor, e.action, e.detail.get("reason")) for e in entries[1:]]
    assert entries[0].action == "nurse.created"
    assert console_entries == [
        ("anonymous", "nurse.login_failed", "unknown_email"),
        (nurse_actor, "nurse.login_failed", "wrong_password"),
        (nurse_actor, "nurse.logged_in", None),
        (nurse_actor, "nurse.logged_out", None),
    ]
    stored = json.dumps([e.detail for e in entries])
    for secret in ("stranger@elsewhere.example", NURSE_EMAIL, "guessed password", NURSE_PASSWORD):
        assert secret not in stored


def test_the_lock_is_audited(client: TestClient, db: sessionmaker[Session], nurse_id: int) -> None:
    for _ in range(MAX_FAILED_LOGINS):
        login(client, NURSE_EMAIL, "a wrong guess, again")
    login(client, NURSE_EMAIL, NURSE_PASSWORD)

    failures = [e.detail for e in _audit(db) if e.action == "nurse.login_failed"]
    assert "locked_until" in failures[MAX_FAILED_LOGINS - 1]
    assert failures[-1]["reason"] == "locked"


def test_session_cookie_is_httponly_and_samesite_lax(client: TestClient, nurse_id: int) -> None:
    client.get("/login")
    token = csrf_token_from(client.get("/login").text)
    response = client.post(
        "/login", data={"email": NURSE_EMAIL, "password": NURSE_PASSWORD, "csrf_token": token}
    )

    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # local mode serves plain http://127.0.0.1


def test_session_cookie_is_secure_in_production() -> None:
    # A PostgreSQL URL means production; GET /login never touches the database, so no server
    # is needed to see the cookie.
    settings = Settings(
        database_url="postgresql+psycopg://careloop@127.0.0.1:1/careloop",
        console_secret_key="a-long-random-production-secret-for-this-test",
        _env_file=None,
    )
    with TestClient(create_app(settings), base_url="https://testserver") as client:
        response = client.get("/login")

    cookie = response.headers["set-cookie"].lower()
    assert "secure" in cookie
    assert "httponly" in cookie

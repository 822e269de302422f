"""The console's security promises, checked over every route rather than one by one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.console.app import STATIC_DIR, TEMPLATES_DIR
from bot.db.engine import session_scope
from bot.db.models import (
    AuditEntry,
    Channel,
    Conversation,
    ConversationStatus,
    HandoffReason,
    NurseNote,
    utcnow,
)
from tests.console import seed
from tests.console.support import csrf_of

SECRET_NAME = "Xylophona"
# Pages anyone may open: no patient data behind them. Twilio's webhook checks its signature.
PUBLIC = {"/health", "/login", "/chat", "/logout", "/webhooks/twilio/status"}
SCRIPT = "<script>alert('owned')</script>"


def _seed(db: sessionmaker[Session]) -> dict[str, int]:
    with session_scope(db) as session:
        patient = seed.patient(session, SECRET_NAME, "Secret", "+14155552672")
        conversation = seed.conversation(session, patient, "sms-secret")
        handoff = seed.handoff(session, conversation, HandoffReason.EMERGENCY)
        return {"patient": patient.id, "conversation": conversation.id, "handoff": handoff.id}


def _routes(client: TestClient) -> list[tuple[str, str]]:
    found = []
    # FastAPI 0.165 keeps included routers whole; iter_route_contexts flattens them.
    for context in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        if isinstance(context.route, APIRoute) and context.path not in PUBLIC:
            for method in sorted(set(context.methods or ()) - {"HEAD"}):
                found.append((method, context.path))
    return found


def _fill(path: str, ids: dict[str, int]) -> str:
    return re.sub(r"\{(\w+)_id\}", lambda m: str(ids.get(m.group(1), 1)), path)


def test_no_route_shows_patient_data_without_a_session(
    console: TestClient, db: sessionmaker[Session]
) -> None:
    ids = _seed(db)
    routes = _routes(console)
    assert len(routes) >= 15  # the check really covers the console
    for method, path in routes:
        response = console.request(method, _fill(path, ids), data={"q": SECRET_NAME})
        if method == "GET":
            assert response.status_code == 303, path
            assert response.headers["location"] == "/login", path
        else:
            assert response.status_code == 403, path  # refused before any handler runs
        assert SECRET_NAME not in response.text, path
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(NurseNote)) == 0
        conversation = session.get(Conversation, ids["conversation"])
        assert conversation is not None and conversation.status is ConversationStatus.BOT


def test_no_route_works_with_a_session_but_without_the_csrf_token(
    signed_in: TestClient, db: sessionmaker[Session]
) -> None:
    ids = _seed(db)
    posts = [path for method, path in _routes(signed_in) if method == "POST"]
    assert len(posts) >= 8
    for path in posts:
        for token in (None, "forged-token"):
            data = {"note": "x", "body": "x", "message": "x"}
            if token:
                data["csrf_token"] = token
            response = signed_in.post(_fill(path, ids), data=data)
            assert response.status_code == 403, path
            assert "security token is missing or out of date" in response.text
    with session_scope(db) as session:
        assert session.scalar(select(func.count()).select_from(NurseNote)) == 0


def test_a_nurse_cannot_reach_admin_pages(signed_in: TestClient, db: sessionmaker[Session]) -> None:
    token = csrf_of(signed_in)
    admin_routes = [(m, p) for m, p in _routes(signed_in) if p.startswith("/admin")]
    assert len(admin_routes) >= 5
    for method, path in admin_routes:
        data = {
            "csrf_token": token,
            "email": "eve@clinic.example",
            "display_name": "Eve",
            "password": "a long enough password",
            "role": "admin",
            "active": "false",
        }
        response = signed_in.request(method, _fill(path, {}), data=data)
        assert response.status_code == 403, path
        assert "Administrators only" in response.text
    assert "/admin/" not in signed_in.get("/").text  # no links to them either


def test_patient_supplied_html_is_shown_inert(
    signed_in: TestClient, db: sessionmaker[Session]
) -> None:
    with session_scope(db) as session:
        patient = seed.patient(session, SCRIPT, "<img src=x onerror=alert(1)>")
        conversation = seed.conversation(session, patient, "sms-xss")
        seed.handoff(session, conversation, HandoffReason.PATIENT_REQUEST)
        seed.triage(session, conversation, "urgent", SCRIPT)
        ids = {"patient": patient.id, "conversation": conversation.id}
    seed.rasa_events(db.kw["bind"], "sms-xss", [("user", SCRIPT)], utcnow())
    token = csrf_of(signed_in)
    signed_in.post(f"/patients/{ids['patient']}/notes", data={"csrf_token": token, "body": SCRIPT})

    for page in (
        "/",
        "/queue/items",
        f"/conversations/{ids['conversation']}",
        f"/patients/{ids['patient']}",
        "/conversations?q=alert",
    ):
        html = signed_in.get(page).text
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert "&lt;script&gt;alert(" in html, page


def test_deleted_patients_are_out_of_reach(
    signed_in: TestClient, db: sessionmaker[Session]
) -> None:
    ids = _seed(db)
    with session_scope(db) as session:
        patient = seed.patient(session, "Deleted")
        patient.deleted_at = utcnow()
        conversation = seed.conversation(session, patient, "sms-deleted", Channel.SOCKETIO)
        handoff = seed.handoff(session, conversation, HandoffReason.EMERGENCY)
        gone = {"patient": patient.id, "conversation": conversation.id, "handoff": handoff.id}
    token = csrf_of(signed_in)
    for path in (
        f"/patients/{gone['patient']}",
        f"/conversations/{gone['conversation']}",
        "/patients/999999",
        "/conversations/999999",
    ):
        response = signed_in.get(path)
        assert response.status_code == 404, path
        assert "has been deleted" in response.text
    for path in (
        f"/patients/{gone['patient']}/notes",
        f"/conversations/{gone['conversation']}/take-over",
        f"/conversations/{gone['conversation']}/reply",
        f"/handoffs/{gone['handoff']}/claim",
        f"/handoffs/{gone['handoff']}/resolve",
    ):
        response = signed_in.post(path, data={"csrf_token": token, "body": "x", "note": "x"})
        assert response.status_code == 404, path
    assert "Deleted Test" not in signed_in.get("/conversations").text
    assert signed_in.get(f"/patients/{ids['patient']}").status_code == 200


def test_every_patient_view_is_audited(
    signed_in: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    ids = _seed(db)
    signed_in.get(f"/patients/{ids['patient']}")
    signed_in.get(f"/conversations/{ids['conversation']}")
    signed_in.get("/conversations", params={"q": SECRET_NAME})
    with session_scope(db) as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.patient_id == ids["patient"])
        ).all()
    actions = {entry.action for entry in entries}
    assert {"patient.viewed", "conversation.viewed", "conversation.listed"} <= actions
    assert all(entry.actor == f"nurse:{nurse_id}" for entry in entries)


@pytest.mark.parametrize("path", ["/", "/conversations", "/admin/nurses"])
def test_signed_in_pages_load_only_from_this_server(signed_in: TestClient, path: str) -> None:
    csp = signed_in.get(path).headers["content-security-policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "connect-src 'self';" in csp


def test_no_template_or_own_static_file_names_an_outside_address() -> None:
    files = [*TEMPLATES_DIR.glob("*.html"), *Path(STATIC_DIR).glob("*.*")]
    assert len(files) >= 10
    for file in files:
        text = file.read_text()
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE), file.name
        assert "<script>" not in text.replace('<script type="application/json"', ""), file.name

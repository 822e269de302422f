"""Taking a conversation over from another nurse (only with an explicit confirmation, written to
the audit log), the audit log's pages, and `make create-admin`."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.console.accounts import create_nurse
from bot.console.routes import admin
from bot.db.engine import session_scope
from bot.db.models import AuditEntry, Channel, Conversation, ConversationStatus, HandoffReason
from bot.db.repositories import AuditLog
from bot.settings import PROJECT_ROOT
from tests.console import seed
from tests.console.conftest import FakeRasa
from tests.console.support import (
    ADMIN_EMAIL,
    NURSE_EMAIL,
    NURSE_PASSWORD,
    csrf_of,
    login,
)

SECOND_EMAIL = "ben.okoro@clinic.example"


@pytest.fixture
def conversation_id(db: sessionmaker[Session]) -> int:
    with session_scope(db) as session:
        patient = seed.patient(session, "Zanele", "Dube", "+14155552671")
        conversation = seed.conversation(session, patient, "sms-steal", Channel.SMS)
        seed.handoff(session, conversation, HandoffReason.EMERGENCY)
        return conversation.id


@pytest.fixture
def second_nurse(db: sessionmaker[Session]) -> int:
    with session_scope(db) as session:
        return create_nurse(session, SECOND_EMAIL, "Ben Okoro", NURSE_PASSWORD).id


def _as(client: TestClient, email: str) -> str:
    client.cookies.clear()
    assert login(client, email, NURSE_PASSWORD).status_code == 303
    return csrf_of(client)


def _holder(db: sessionmaker[Session], conversation_id: int) -> tuple[ConversationStatus, int]:
    with session_scope(db) as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None and conversation.taken_over_by is not None
        return conversation.status, conversation.taken_over_by


def test_taking_over_from_another_nurse_needs_a_confirmation_and_is_audited(
    console: TestClient,
    db: sessionmaker[Session],
    rasa: FakeRasa,
    nurse_id: int,
    second_nurse: int,
    conversation_id: int,
) -> None:
    url = f"/conversations/{conversation_id}"
    token = _as(console, NURSE_EMAIL)
    assert console.post(f"{url}/take-over", data={"csrf_token": token}).status_code == 303

    token = _as(console, SECOND_EMAIL)
    page = console.get(url).text
    assert "Ann Lee</strong> has taken over" in page
    assert "Take over from Ann Lee" in page and 'name="confirm_steal"' in page
    assert "Reply to the patient" not in page

    # Without the confirmation nothing changes, and the nurse is told how.
    refused = console.post(f"{url}/take-over", data={"csrf_token": token})
    assert refused.status_code == 409
    assert "Ann Lee is already talking with this patient" in refused.text
    assert _holder(db, conversation_id) == (ConversationStatus.NURSE, nurse_id)

    taken = console.post(
        f"{url}/take-over",
        data={"csrf_token": token, "confirm_steal": "yes", "from_nurse": str(nurse_id)},
    )
    assert taken.status_code == 303
    assert _holder(db, conversation_id) == (ConversationStatus.NURSE, second_nurse)
    assert "Reply to the patient (SMS)" in console.get(url).text
    assert len(rasa.calls) == 1  # the bot was already paused: one pause, by the first nurse
    with session_scope(db) as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "conversation.taken_over_from")
        ).one()
        assert entry.actor == f"nurse:{second_nurse}"
        assert entry.detail == {"conversation_id": conversation_id, "previous_nurse_id": nurse_id}
        assert entry.patient_id is not None

    # The first nurse can no longer reply or hand back.
    token = _as(console, NURSE_EMAIL)
    reply = console.post(f"{url}/reply", data={"csrf_token": token, "message": "Hello"})
    assert reply.status_code == 409 and "Another nurse has taken over" in reply.text
    back = console.post(f"{url}/hand-back", data={"csrf_token": token})
    assert back.status_code == 409
    assert _holder(db, conversation_id) == (ConversationStatus.NURSE, second_nurse)


def test_a_confirmation_for_a_nurse_who_no_longer_holds_it_changes_nothing(
    console: TestClient,
    db: sessionmaker[Session],
    nurse_id: int,
    second_nurse: int,
    conversation_id: int,
) -> None:
    url = f"/conversations/{conversation_id}"
    token = _as(console, SECOND_EMAIL)
    assert console.post(f"{url}/take-over", data={"csrf_token": token}).status_code == 303

    # Ann's page showed a third nurse holding it; meanwhile Ben took it.
    token = _as(console, NURSE_EMAIL)
    stale = console.post(
        f"{url}/take-over",
        data={"csrf_token": token, "confirm_steal": "yes", "from_nurse": str(second_nurse + 99)},
    )
    assert stale.status_code == 409 and "changed hands" in stale.text
    assert _holder(db, conversation_id) == (ConversationStatus.NURSE, second_nurse)
    with session_scope(db) as session:
        actions = session.scalars(select(AuditEntry.action)).all()
    assert "conversation.taken_over_from" not in actions


# --- the audit log's pages ----------------------------------------------------------------------


def _ids_on(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"\"n\": (\d+)", page)]


def _link(page: str, rel: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    return match.group(1).replace("&amp;", "&") if match else None


def test_audit_log_pages_newest_first_and_back(
    console: TestClient,
    db: sessionmaker[Session],
    admin_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(admin, "AUDIT_PAGE_SIZE", 3)
    with session_scope(db) as session:
        for n in range(1, 9):
            AuditLog(session).record("system:test", "test.entry", n=n)
    _as(console, ADMIN_EMAIL)

    first = console.get("/admin/audit", params={"actor": "system:test"}).text
    assert _ids_on(first) == [8, 7, 6]
    assert _link(first, "prev") is None
    older = _link(first, "next")
    assert older is not None and "actor=system%3Atest" in older

    second = console.get(older).text
    assert _ids_on(second) == [5, 4, 3]
    third_url = _link(second, "next")
    assert third_url is not None
    third = console.get(third_url).text
    assert _ids_on(third) == [2, 1]
    assert _link(third, "next") is None  # the oldest entry is on this page

    newer = _link(third, "prev")
    assert newer is not None
    back = console.get(newer).text
    assert _ids_on(back) == [5, 4, 3]
    newest = _link(back, "prev")
    assert newest is not None
    assert _ids_on(console.get(newest).text) == [8, 7, 6]
    assert _link(console.get(newest).text, "prev") is None


def test_audit_log_pages_are_for_admins_only(
    console: TestClient, nurse_id: int, admin_id: int
) -> None:
    _as(console, NURSE_EMAIL)
    assert console.get("/admin/audit", params={"before": 5}).status_code == 403


# --- make create-admin --------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_create_admin_runs_the_accounts_command_with_the_admin_role() -> None:
    dry_run = subprocess.run(
        ["make", "-n", "create-admin"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "-m bot.console.accounts create --admin" in dry_run.stdout

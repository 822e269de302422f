"""The queue: most urgent first with waiting time, claim, resolve with a note, refresh, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.console.accounts import create_nurse
from bot.db.engine import session_scope
from bot.db.handoffs import HANDOFF_PRIORITY, handoff_priority
from bot.db.models import (
    AuditEntry,
    Conversation,
    ConversationStatus,
    Handoff,
    HandoffReason,
    HandoffStatus,
    utcnow,
)
from tests.console import seed
from tests.console.support import NURSE_PASSWORD, csrf_of, login


def test_priorities_follow_the_order_nurses_work_in() -> None:
    order = [
        HandoffReason.EMERGENCY,
        HandoffReason.RED_FLAG,
        HandoffReason.URGENT_CALLBACK,
        HandoffReason.PATIENT_REQUEST,
        HandoffReason.MISSED_DOSES,
        HandoffReason.FOLLOWUP_WORSE,
        HandoffReason.TRIAGE_UNAVAILABLE,
    ]
    assert sorted(HandoffReason, key=handoff_priority) == order
    assert set(HANDOFF_PRIORITY) == set(HandoffReason)  # every reason has a priority
    # An urgent triage result makes any request an urgent call-back; an emergency one, the top.
    urgent = handoff_priority(HandoffReason.PATIENT_REQUEST, "urgent")
    assert handoff_priority(HandoffReason.RED_FLAG) < urgent < HANDOFF_PRIORITY[order[3]]
    assert urgent == HANDOFF_PRIORITY[HandoffReason.URGENT_CALLBACK]
    assert handoff_priority(HandoffReason.MISSED_DOSES, "emergency_ambulance") == 0
    assert handoff_priority(HandoffReason.EMERGENCY, "self_care") == 0


def _seed_queue(db: sessionmaker[Session]) -> dict[str, int]:
    ids = {}
    with session_scope(db) as session:
        for name, reason, waited in [
            ("Triagefail", HandoffReason.TRIAGE_UNAVAILABLE, timedelta(hours=3)),
            ("Missed", HandoffReason.MISSED_DOSES, timedelta(hours=2)),
            ("Asked", HandoffReason.PATIENT_REQUEST, timedelta(minutes=30)),
            ("Urgent", HandoffReason.PATIENT_REQUEST, timedelta(minutes=5)),
            ("Redflag", HandoffReason.RED_FLAG, timedelta(minutes=20)),
            ("Emergency", HandoffReason.EMERGENCY, timedelta(minutes=12)),
        ]:
            patient = seed.patient(session, name)
            conversation = seed.conversation(session, patient, f"sms-{name}")
            level = "urgent" if name == "Urgent" else None
            ids[name] = seed.handoff(session, conversation, reason, waited, level).id
    return ids


def test_queue_lists_the_most_urgent_first_with_how_long_each_waited(
    signed_in: TestClient, db: sessionmaker[Session]
) -> None:
    _seed_queue(db)
    page = signed_in.get("/").text

    names = ["Emergency", "Redflag", "Urgent", "Asked", "Missed", "Triagefail"]
    positions = [page.index(f">{name} Test<") for name in names]
    assert positions == sorted(positions)
    assert "Waiting 12 min" in page and "Waiting 3 h 0 min" in page
    assert "Urgent call-back" in page and "Triage service failed" in page


def test_refreshing_fragment_holds_only_the_rows(
    signed_in: TestClient, db: sessionmaker[Session]
) -> None:
    signed_in.get("/")
    _seed_queue(db)
    fragment = signed_in.get("/queue/items")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and "Emergency Test" in fragment.text
    queue_page = signed_in.get("/").text
    assert 'data-refresh-url="/queue/items"' in queue_page
    assert '<script src="/static/console.js"></script>' in queue_page


def test_claim_then_resolve_with_a_note_is_audited(
    signed_in: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    handoff_id = _seed_queue(db)["Emergency"]
    token = csrf_of(signed_in)

    claimed = signed_in.post(f"/handoffs/{handoff_id}/claim", data={"csrf_token": token})
    assert claimed.status_code == 303 and claimed.headers["location"].startswith("/conversations/")
    assert "Claimed by you" in signed_in.get("/").text

    refused = signed_in.post(
        f"/handoffs/{handoff_id}/resolve", data={"csrf_token": token, "note": "  "}
    )
    assert refused.status_code == 409 and "Write a short note" in refused.text

    note = "Called the patient; ambulance on its way."
    resolved = signed_in.post(
        f"/handoffs/{handoff_id}/resolve", data={"csrf_token": token, "note": note}
    )
    assert resolved.status_code == 303
    assert "Emergency Test" not in signed_in.get("/").text

    with session_scope(db) as session:
        handoff = session.get(Handoff, handoff_id)
        assert handoff is not None
        assert handoff.status is HandoffStatus.RESOLVED and handoff.resolution_note == note
        assert handoff.claimed_by == nurse_id and handoff.resolved_at is not None
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.actor == f"nurse:{nurse_id}")
        ).all()
    assert "handoff.claimed" in actions and "handoff.resolved" in actions


def test_an_item_claimed_by_a_colleague_cannot_be_claimed_or_resolved(
    signed_in: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    handoff_id = _seed_queue(db)["Redflag"]
    with session_scope(db) as session:
        colleague = create_nurse(session, "bo@clinic.example", "Bo Chen", NURSE_PASSWORD)
        handoff = session.get(Handoff, handoff_id)
        assert handoff is not None
        handoff.status, handoff.claimed_by, handoff.claimed_at = "claimed", colleague.id, utcnow()
    token = csrf_of(signed_in)

    claim = signed_in.post(f"/handoffs/{handoff_id}/claim", data={"csrf_token": token})
    assert claim.status_code == 409 and "Bo Chen has already claimed this item" in claim.text
    resolve = signed_in.post(
        f"/handoffs/{handoff_id}/resolve", data={"csrf_token": token, "note": "done"}
    )
    assert resolve.status_code == 409


def test_queue_views_are_audited_once_per_patient_not_per_refresh(
    signed_in: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    _seed_queue(db)
    signed_in.get("/")
    for _ in range(3):
        signed_in.get("/queue/items")
    with session_scope(db) as session:
        viewed = session.scalars(
            select(AuditEntry.patient_id).where(AuditEntry.action == "queue.viewed")
        ).all()
    assert len(viewed) == 6 and len(set(viewed)) == 6


@pytest.mark.parametrize("gone", ["resolved", "deleted patient"])
def test_resolved_items_and_deleted_patients_leave_the_queue(
    signed_in: TestClient, db: sessionmaker[Session], gone: str
) -> None:
    with session_scope(db) as session:
        patient = seed.patient(session, "Gone")
        handoff = seed.handoff(
            session, seed.conversation(session, patient, "sms-gone"), HandoffReason.EMERGENCY
        )
        if gone == "resolved":
            handoff.status = HandoffStatus.RESOLVED
        else:
            patient.deleted_at = utcnow()
    assert "Gone Test" not in signed_in.get("/").text
    assert "No conversations need attention." in signed_in.get("/").text


def test_a_second_nurse_sees_the_same_queue(
    console: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    _seed_queue(db)
    with session_scope(db) as session:
        create_nurse(session, "bo@clinic.example", "Bo Chen", NURSE_PASSWORD)
    login(console, "bo@clinic.example", NURSE_PASSWORD)
    assert "Signed in as <strong>Bo Chen</strong>" in console.get("/").text


def test_resolving_the_last_hand_off_unflags_the_conversation(
    signed_in: TestClient, db: sessionmaker[Session]
) -> None:
    with session_scope(db) as session:
        conversation = seed.conversation(session, seed.patient(session, "Flagged"), "sms-flag")
        conversation.status = ConversationStatus.FLAGGED
        first = seed.handoff(session, conversation, HandoffReason.RED_FLAG).id
        second = seed.handoff(session, conversation, HandoffReason.MISSED_DOSES).id
        conversation_id = conversation.id
    token = csrf_of(signed_in)
    for handoff_id, expected in (
        (first, ConversationStatus.FLAGGED),
        (second, ConversationStatus.BOT),
    ):
        signed_in.post(f"/handoffs/{handoff_id}/resolve", data={"csrf_token": token, "note": "ok"})
        with session_scope(db) as session:
            row = session.get(Conversation, conversation_id)
            assert row is not None and row.status is expected

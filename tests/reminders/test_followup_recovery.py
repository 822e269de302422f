"""A worker killed between claiming a follow-up and hearing Rasa's answer leaves it recoverable:
after the lease the conversation's tracker says whether Rasa got the trigger, and the follow-up
is started again (it did not) or recorded started with its SMS replies texted once (it did).
Rasa is faked at the HTTP boundary (httpx's MockTransport) with a tracker of its own; the real
sender runs in local mode; SQLite and the real PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.migrate import upgrade
from bot.db.models import AuditEntry, FollowUp, FollowUpStatus, Patient, SmsMessage
from bot.reminders.followups import FOLLOWUP_INTENT, FOLLOWUP_LEASE, send_due_followups
from bot.reminders.sms import make_sms_sender
from bot.settings import Settings

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
AFTER_LEASE = NOW + FOLLOWUP_LEASE + timedelta(minutes=1)
QUESTION = "Hi Ada, how are you feeling today: better, the same or worse?"


class SimulatedKill(BaseException):
    """kill -9 stand-in: a BaseException, so no `except Exception` cleanup runs."""


class FakeRasa:
    """trigger_intent and the tracker, as Rasa 3.6 answers them, for any conversation.

    `kill` says when the worker dies on the next trigger: "before" (the request never reached
    Rasa) or "after" (Rasa ran it and answered; the worker died before reading the answer).
    `down` makes every request fail to connect.
    """

    def __init__(self) -> None:
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.triggers: list[dict[str, Any]] = []
        self.kill: str | None = None
        self.down = False

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        _, _, sender_id, endpoint = request.url.path.split("/")
        events = self.events.setdefault(sender_id, [])
        if request.method == "GET" and endpoint == "tracker":
            return httpx.Response(200, json={"sender_id": sender_id, "events": events})
        assert (request.method, endpoint) == ("POST", "trigger_intent")
        if self.kill == "before":
            self.kill = None
            raise SimulatedKill
        payload = json.loads(request.content)
        self.triggers.append(payload)
        events.append(
            {
                "event": "user",
                "text": f"EXTERNAL: {payload['name']}",
                "parse_data": {
                    "intent": {"name": payload["name"]},
                    "entities": [
                        {"entity": name, "value": value}
                        for name, value in payload["entities"].items()
                    ],
                },
            }
        )
        events.append({"event": "action", "name": "action_start_followup"})
        events.append({"event": "bot", "text": QUESTION})
        if self.kill == "after":
            self.kill = None
            raise SimulatedKill
        return httpx.Response(200, json={"tracker": {}, "messages": [{"text": QUESTION}]})


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest) -> Settings:
    settings: Settings = request.getfixturevalue(f"{request.param}_settings")
    upgrade(settings)
    return settings


@pytest.fixture
def factory(settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(settings)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


@pytest.fixture
def rasa() -> FakeRasa:
    return FakeRasa()


def seed_followup(factory: sessionmaker[Session]) -> int:
    with session_scope(factory) as session:
        patient = Patient(first_name="Ada", phone_e164="+14155552671", sms_consent=True)
        session.add(patient)
        session.flush()
        followup = FollowUp(patient_id=patient.id, due_at_utc=NOW - timedelta(minutes=1))
        session.add(followup)
        session.flush()
        return followup.id


def poll(factory: sessionmaker[Session], settings: Settings, rasa: FakeRasa, now: datetime) -> int:
    sender = make_sms_sender(settings, factory)
    return send_due_followups(factory, sender, settings, now, client=rasa.client())


def state(factory: sessionmaker[Session], followup_id: int) -> tuple[FollowUpStatus, list[str]]:
    """The follow-up's status, and its journal in the audit log."""
    with factory() as session:
        followup = session.get(FollowUp, followup_id)
        assert followup is not None
        journal = [
            entry.action
            for entry in session.scalars(
                sa.select(AuditEntry)
                .where(AuditEntry.action.like("followup.%"))
                .order_by(AuditEntry.id)
            )
            if entry.detail.get("followup_id") == followup_id
        ]
        return followup.status, journal


def texts(factory: sessionmaker[Session]) -> list[tuple[str, str | None]]:
    with factory() as session:
        return [
            (m.body, m.idempotency_key)
            for m in session.scalars(sa.select(SmsMessage).order_by(SmsMessage.id))
        ]


def test_killed_before_rasa_got_the_trigger_is_started_again_after_the_lease(
    factory: sessionmaker[Session], settings: Settings, rasa: FakeRasa
) -> None:
    followup_id = seed_followup(factory)
    rasa.kill = "before"
    with pytest.raises(SimulatedKill):
        poll(factory, settings, rasa, NOW)
    assert state(factory, followup_id) == (FollowUpStatus.SENT, ["followup.claimed"])

    # Inside the lease the claim may be a live worker's: nothing is asked or retried.
    assert poll(factory, settings, rasa, NOW + timedelta(minutes=1)) == 0
    assert rasa.triggers == []

    assert poll(factory, settings, rasa, AFTER_LEASE) == 1
    assert rasa.triggers == [{"name": FOLLOWUP_INTENT, "entities": {"followup_id": followup_id}}]
    assert state(factory, followup_id) == (
        FollowUpStatus.SENT,
        ["followup.claimed", "followup.released", "followup.claimed", "followup.started"],
    )
    assert texts(factory) == [(QUESTION, f"followup-{followup_id}-0")]
    assert poll(factory, settings, rasa, AFTER_LEASE + FOLLOWUP_LEASE * 2) == 0
    assert len(rasa.triggers) == 1 and len(texts(factory)) == 1


def test_killed_after_rasa_ran_the_trigger_is_recorded_started_and_its_reply_texted_once(
    factory: sessionmaker[Session], settings: Settings, rasa: FakeRasa
) -> None:
    followup_id = seed_followup(factory)
    rasa.kill = "after"
    with pytest.raises(SimulatedKill):
        poll(factory, settings, rasa, NOW)
    assert texts(factory) == []  # the patient has not been texted the question yet

    assert poll(factory, settings, rasa, AFTER_LEASE) == 0  # nothing started anew
    assert len(rasa.triggers) == 1
    assert state(factory, followup_id) == (
        FollowUpStatus.SENT,
        ["followup.claimed", "followup.recovered"],
    )
    assert texts(factory) == [(QUESTION, f"followup-{followup_id}-0")]
    assert poll(factory, settings, rasa, AFTER_LEASE + FOLLOWUP_LEASE * 2) == 0
    assert len(rasa.triggers) == 1 and len(texts(factory)) == 1


def test_recovery_waits_while_rasa_is_down(
    factory: sessionmaker[Session], settings: Settings, rasa: FakeRasa
) -> None:
    followup_id = seed_followup(factory)
    rasa.kill = "before"
    with pytest.raises(SimulatedKill):
        poll(factory, settings, rasa, NOW)
    rasa.down = True
    assert poll(factory, settings, rasa, AFTER_LEASE) == 0
    assert state(factory, followup_id) == (FollowUpStatus.SENT, ["followup.claimed"])
    rasa.down = False
    assert poll(factory, settings, rasa, AFTER_LEASE + timedelta(minutes=1)) == 1
    assert state(factory, followup_id)[1][-1] == "followup.started"


def test_a_started_follow_up_is_never_asked_about_again(
    factory: sessionmaker[Session], settings: Settings, rasa: FakeRasa
) -> None:
    started = seed_followup(factory)
    assert poll(factory, settings, rasa, NOW) == 1
    assert poll(factory, settings, rasa, AFTER_LEASE) == 0
    assert len(rasa.triggers) == 1
    assert state(factory, started) == (
        FollowUpStatus.SENT,
        ["followup.claimed", "followup.started"],
    )

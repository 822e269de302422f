"""Due follow-up check-ins, started in the patient's own conversation through Rasa's external
events: `POST /conversations/<sender_id>/trigger_intent` with `EXTERNAL_followup` (the dialogue
side answers it and the patient's reply continues the same conversation).

Each follow-up is claimed (`scheduled → sent`, a conditional UPDATE) before Rasa is called, so two
workers never start it twice. If Rasa cannot be reached or fails, the claim is released and the
next poll tries again: nothing is lost. The one window, as for reminders, is a worker killed
between its claim and the call: that follow-up stays `sent` without having been started, visible
in the audit log as claimed with no `followup.started` after it.

Output channels: Rasa 3.6 sends a triggered intent's replies through the named channel's
`get_output_channel()`; our SMS channel has none (its replies travel in the webhook's HTTP
answer), so Rasa collects them and returns them in the response body, and this worker texts them
through the SMS sender, each under its own outbox key. Web chat (socket.io) pushes them itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import Channel, FollowUp, FollowUpStatus, Patient, SmsPurpose
from bot.db.repositories import AuditLog
from bot.reminders.dispatch import ReminderSender
from bot.reminders.patients import conversation_for_patient
from bot.settings import Settings

logger = logging.getLogger(__name__)

FOLLOWUP_INTENT = "EXTERNAL_followup"
AUDIT_ACTOR = "system:followups"
RASA_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class _Due:
    followup_id: int
    patient_id: int
    sender_id: str
    channel: Channel
    phone: str | None


def send_due_followups(
    session_factory: sessionmaker[Session],
    sender: ReminderSender,
    settings: Settings,
    now: datetime,
    *,
    client: httpx.Client | None = None,
    limit: int = 200,
) -> int:
    """Start every due follow-up once; returns how many Rasa accepted."""
    with session_scope(session_factory) as session:
        due = _due(session, settings, now, limit)
    if not due:
        return 0
    owns_client = client is None
    http = client or httpx.Client(timeout=RASA_TIMEOUT_S)
    started = 0
    try:
        for item in due:
            if not _claim(session_factory, item.followup_id, FollowUpStatus.SCHEDULED, now):
                continue
            messages = _trigger(http, settings, item)
            if messages is None:
                _claim(session_factory, item.followup_id, FollowUpStatus.SENT, now, release=True)
                continue
            started += 1
            with session_scope(session_factory) as session:
                AuditLog(session).record(
                    AUDIT_ACTOR, "followup.started", item.patient_id, followup_id=item.followup_id
                )
            if item.channel is Channel.SMS and item.phone:
                _text(sender, item, messages)
    finally:
        if owns_client:
            http.close()
    return started


def _due(session: Session, settings: Settings, now: datetime, limit: int) -> list[_Due]:
    rows = session.scalars(
        sa.select(FollowUp)
        .where(FollowUp.status == FollowUpStatus.SCHEDULED, FollowUp.due_at_utc <= now)
        .order_by(FollowUp.due_at_utc, FollowUp.id)
        .limit(limit)
    ).all()
    due = []
    for followup in rows:
        patient = session.get(Patient, followup.patient_id)
        if patient is None or patient.deleted_at is not None:
            continue
        conversation = conversation_for_patient(
            session, settings, patient, followup.conversation_id
        )
        if conversation is None:
            logger.warning("Follow-up %d has no conversation to continue; left.", followup.id)
            continue
        due.append(
            _Due(
                followup.id,
                patient.id,
                conversation.sender_id,
                conversation.channel,
                patient.phone_e164,
            )
        )
    return due


def _claim(
    factory: sessionmaker[Session],
    followup_id: int,
    expected: FollowUpStatus,
    now: datetime,
    *,
    release: bool = False,
) -> bool:
    new = FollowUpStatus.SCHEDULED if release else FollowUpStatus.SENT
    with session_scope(factory) as session:
        result = session.execute(
            sa.update(FollowUp)
            .where(FollowUp.id == followup_id, FollowUp.status == expected)
            .values(status=new)
            .execution_options(synchronize_session=False)
        )
        return getattr(result, "rowcount", 0) == 1


def _trigger(http: httpx.Client, settings: Settings, item: _Due) -> list[dict[str, Any]] | None:
    """The bot's replies (SMS: collected by Rasa), or None when Rasa did not accept it."""
    params = {"token": settings.derived_key("rasa-api")}
    if item.channel is Channel.SOCKETIO:
        params["output_channel"] = Channel.SOCKETIO.value
    url = f"{settings.rasa_url}/conversations/{quote(item.sender_id, safe='')}/trigger_intent"
    try:
        response = http.post(
            url,
            params=params,
            json={"name": FOLLOWUP_INTENT, "entities": {"followup_id": item.followup_id}},
        )
    except httpx.HTTPError as error:
        logger.warning("Follow-up %d: Rasa unreachable (%s); will retry.", item.followup_id, error)
        return None
    if response.status_code != 200:
        logger.warning(
            "Follow-up %d: Rasa answered %d; will retry.", item.followup_id, response.status_code
        )
        return None
    body = response.json()
    messages = body.get("messages") if isinstance(body, dict) else None
    return messages if isinstance(messages, list) else []


def _text(sender: ReminderSender, item: _Due, messages: list[dict[str, Any]]) -> None:
    assert item.phone is not None
    for index, message in enumerate(messages):
        text = str(message.get("text") or "").strip()
        if not text:
            continue
        try:
            sender.send(
                to_number=item.phone,
                body=text,
                purpose=SmsPurpose.FOLLOWUP,
                patient_id=item.patient_id,
                idempotency_key=f"followup-{item.followup_id}-{index}",
            )
        except Exception:
            logger.exception("Texting follow-up %d failed.", item.followup_id)

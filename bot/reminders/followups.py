"""Due follow-up check-ins, started in the patient's own conversation through Rasa's external
events: `POST /conversations/<sender_id>/trigger_intent` with `EXTERNAL_followup` (the dialogue
side answers it and the patient's reply continues the same conversation).

Each follow-up is claimed (`scheduled → sent`, a conditional UPDATE) before Rasa is called, so
two workers never start it twice; the claim writes `followup.claimed` to the audit log in the
same transaction, and the outcome writes `followup.started` or, when Rasa cannot be reached or
fails, `followup.released` with the follow-up back to `scheduled` for the next poll.

A worker killed between its claim and the outcome leaves a follow-up `sent` whose last journal
entry is `followup.claimed`. Once that claim is older than `lease` (far longer than the 30 s
Rasa call), any worker looks in the conversation's tracker (`GET /conversations/<id>/tracker`)
for the `EXTERNAL_followup` event carrying its id: found → it was started (`followup.recovered`;
SMS replies the bot gave are texted from the tracker, under the keys the first worker would have
used, so none goes twice); not found → released to `scheduled` and started by the next claim;
Rasa unreachable → asked again next poll. Nothing claimed is silently lost.

Output channels: Rasa 3.6 sends a triggered intent's replies through the named channel's
`get_output_channel()`; our SMS channel has none (its replies travel in the webhook's HTTP
answer), so Rasa collects them and returns them in the response body, and this worker texts them
through the SMS sender, each under its own outbox key. Web chat (socket.io) pushes them itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import AuditEntry, Channel, FollowUp, FollowUpStatus, Patient, SmsPurpose
from bot.db.repositories import AuditLog
from bot.reminders.patients import conversation_for_patient
from bot.reminders.senders import ReminderSender
from bot.settings import Settings

logger = logging.getLogger(__name__)

FOLLOWUP_INTENT = "EXTERNAL_followup"
AUDIT_ACTOR = "system:followups"
RASA_TIMEOUT_S = 30.0
# A claim older than this with no outcome belongs to a worker that died (the Rasa call times
# out after RASA_TIMEOUT_S).
FOLLOWUP_LEASE = timedelta(minutes=5)
# How far back interrupted claims are looked for, by due time.
RECOVERY_WINDOW = timedelta(days=30)
CLAIMED = "followup.claimed"
STARTED = "followup.started"
RELEASED = "followup.released"
RECOVERED = "followup.recovered"
_JOURNAL = (CLAIMED, STARTED, RELEASED, RECOVERED)


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
    lease: timedelta = FOLLOWUP_LEASE,
) -> int:
    """Recover follow-ups a dead worker claimed, then start every due one once; returns how
    many Rasa accepted in this call (recovered ones not counted)."""
    with session_scope(session_factory) as session:
        interrupted = _interrupted(session, settings, now, lease)
        due = _due(session, settings, now, limit)
    if not due and not interrupted:
        return 0
    owns_client = client is None
    http = client or httpx.Client(timeout=RASA_TIMEOUT_S)
    started = 0
    try:
        for item in interrupted:
            _recover(session_factory, sender, settings, http, item)
        if interrupted:
            # Those released just now are due again.
            with session_scope(session_factory) as session:
                due = _due(session, settings, now, limit)
        for item in due:
            if not _claim(session_factory, item, now):
                continue
            messages = _trigger(http, settings, item)
            if messages is None:
                _release(session_factory, item, "rasa_unavailable")
                continue
            started += 1
            _journal(session_factory, item, STARTED)
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
    return [item for followup in rows if (item := _item(session, settings, followup))]


def _item(session: Session, settings: Settings, followup: FollowUp) -> _Due | None:
    patient = session.get(Patient, followup.patient_id)
    if patient is None or patient.deleted_at is not None:
        return None
    conversation = conversation_for_patient(session, settings, patient, followup.conversation_id)
    if conversation is None:
        logger.warning("Follow-up %d has no conversation to continue; left.", followup.id)
        return None
    return _Due(
        followup.id, patient.id, conversation.sender_id, conversation.channel, patient.phone_e164
    )


def _interrupted(
    session: Session, settings: Settings, now: datetime, lease: timedelta
) -> list[_Due]:
    """Follow-ups still `sent` whose last journal entry is a claim older than `lease`."""
    candidates = session.scalars(
        sa.select(FollowUp).where(
            FollowUp.status == FollowUpStatus.SENT,
            FollowUp.due_at_utc >= now - RECOVERY_WINDOW,
        )
    ).all()
    if not candidates:
        return []
    by_id = {followup.id: followup for followup in candidates}
    last: dict[int, AuditEntry] = {}
    for entry in session.scalars(
        sa.select(AuditEntry)
        .where(
            AuditEntry.patient_id.in_({f.patient_id for f in candidates}),
            AuditEntry.action.in_(_JOURNAL),
        )
        .order_by(AuditEntry.id)
    ):
        followup_id = entry.detail.get("followup_id")
        if followup_id in by_id:
            last[followup_id] = entry
    interrupted = []
    for followup_id, entry in last.items():
        if entry.action != CLAIMED:
            continue
        claimed_at = datetime.fromisoformat(entry.detail["claimed_at"])
        if claimed_at > now - lease:
            continue  # its worker may still be talking to Rasa
        item = _item(session, settings, by_id[followup_id])
        if item is not None:
            interrupted.append(item)
    return interrupted


def _recover(
    factory: sessionmaker[Session],
    sender: ReminderSender,
    settings: Settings,
    http: httpx.Client,
    item: _Due,
) -> None:
    events = _tracker_events(http, settings, item)
    if events is None:
        return
    replies = _replies_to_trigger(events, item.followup_id)
    if replies is None:
        logger.info(
            "Follow-up %d was claimed but never reached Rasa; starting it again.", item.followup_id
        )
        _release(factory, item, "interrupted")
        return
    logger.info("Follow-up %d had been started before its worker stopped.", item.followup_id)
    _journal(factory, item, RECOVERED)
    if item.channel is Channel.SMS and item.phone:
        _text(sender, item, replies)


def _claim(factory: sessionmaker[Session], item: _Due, now: datetime) -> bool:
    """`scheduled → sent`, journalled in the same transaction; True when this worker won."""
    with session_scope(factory) as session:
        if not _set_status(session, item, FollowUpStatus.SCHEDULED, FollowUpStatus.SENT):
            return False
        AuditLog(session).record(
            AUDIT_ACTOR,
            CLAIMED,
            item.patient_id,
            followup_id=item.followup_id,
            claimed_at=now.isoformat(),
        )
        return True


def _release(factory: sessionmaker[Session], item: _Due, reason: str) -> None:
    with session_scope(factory) as session:
        if _set_status(session, item, FollowUpStatus.SENT, FollowUpStatus.SCHEDULED):
            AuditLog(session).record(
                AUDIT_ACTOR, RELEASED, item.patient_id, followup_id=item.followup_id, reason=reason
            )


def _journal(factory: sessionmaker[Session], item: _Due, action: str) -> None:
    with session_scope(factory) as session:
        AuditLog(session).record(AUDIT_ACTOR, action, item.patient_id, followup_id=item.followup_id)


def _set_status(
    session: Session, item: _Due, expected: FollowUpStatus, new: FollowUpStatus
) -> bool:
    result = session.execute(
        sa.update(FollowUp)
        .where(FollowUp.id == item.followup_id, FollowUp.status == expected)
        .values(status=new)
        .execution_options(synchronize_session=False)
    )
    return getattr(result, "rowcount", 0) == 1


def _conversation_url(settings: Settings, item: _Due, path: str) -> str:
    return f"{settings.rasa_url}/conversations/{quote(item.sender_id, safe='')}/{path}"


def _trigger(http: httpx.Client, settings: Settings, item: _Due) -> list[dict[str, Any]] | None:
    """The bot's replies (SMS: collected by Rasa), or None when Rasa did not accept it."""
    params = {"token": settings.derived_key("rasa-api")}
    if item.channel is Channel.SOCKETIO:
        params["output_channel"] = Channel.SOCKETIO.value
    try:
        response = http.post(
            _conversation_url(settings, item, "trigger_intent"),
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


def _tracker_events(
    http: httpx.Client, settings: Settings, item: _Due
) -> list[dict[str, Any]] | None:
    """Every event of the conversation, or None when Rasa cannot say (asked again next poll)."""
    try:
        response = http.get(
            _conversation_url(settings, item, "tracker"),
            params={"token": settings.derived_key("rasa-api"), "include_events": "ALL"},
        )
    except httpx.HTTPError as error:
        logger.warning(
            "Follow-up %d: Rasa unreachable (%s); recovery will retry.", item.followup_id, error
        )
        return None
    body = response.json() if response.status_code == 200 else None
    events = body.get("events") if isinstance(body, dict) else None
    if not isinstance(events, list):
        logger.warning(
            "Follow-up %d: Rasa answered %d for the tracker; recovery will retry.",
            item.followup_id,
            response.status_code,
        )
        return None
    return events


def _replies_to_trigger(
    events: list[dict[str, Any]], followup_id: int
) -> list[dict[str, Any]] | None:
    """The bot's messages after this follow-up's `EXTERNAL_followup` (up to the patient's next
    message), or None when the tracker holds no such event: Rasa never got it."""
    for index, event in enumerate(events):
        if event.get("event") != "user":
            continue
        parse_data = event.get("parse_data") or {}
        if (parse_data.get("intent") or {}).get("name") != FOLLOWUP_INTENT:
            continue
        ids = {
            str(entity.get("value"))
            for entity in parse_data.get("entities") or []
            if entity.get("entity") == "followup_id"
        }
        if str(followup_id) not in ids:
            continue
        replies = []
        for later in events[index + 1 :]:
            if later.get("event") == "user":
                break
            if later.get("event") == "bot":
                replies.append({"text": later.get("text")})
        return replies
    return None


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

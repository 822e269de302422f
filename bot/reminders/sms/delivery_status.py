"""Twilio's delivery reports applied to outbox rows, never moving a status backwards."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from bot.db.models import SmsDirection, SmsMessage, SmsStatus, utcnow

# Later in a message's life ranks higher. Callbacks arrive out of order (a late "sent" after
# "delivered"); a report only applies when it moves the row forward. Proof of delivery beats a
# failure report, the other final statuses do not replace each other.
STATUS_RANK = {
    SmsStatus.QUEUED: 0,
    SmsStatus.SENDING: 1,
    SmsStatus.SENT: 2,
    SmsStatus.FAILED: 3,
    SmsStatus.UNDELIVERED: 3,
    SmsStatus.DELIVERED: 4,
    SmsStatus.LOCAL: 4,
}

# Twilio's MessageStatus values. Its own early states (accepted, queued, sending) are not ours:
# our row is already 'sent' once Twilio has taken the message, and our 'queued' means "not yet
# claimed", which a callback must never set (the sender would send the message again).
TWILIO_STATUSES = {
    "sent": SmsStatus.SENT,
    "delivered": SmsStatus.DELIVERED,
    "read": SmsStatus.DELIVERED,  # WhatsApp/RCS read receipts: delivered, at least
    "undelivered": SmsStatus.UNDELIVERED,
    "failed": SmsStatus.FAILED,
    "canceled": SmsStatus.FAILED,
}
IGNORED_TWILIO_STATUSES = frozenset({"accepted", "scheduled", "queued", "sending"})
ERROR_CODE_LENGTH = 32


class StatusReport(enum.StrEnum):
    UPDATED = "updated"
    STALE = "stale"  # the row is already as far along, or further
    IGNORED = "ignored"  # a status that says nothing new (Twilio's own queue states)
    UNKNOWN_STATUS = "unknown_status"
    UNKNOWN_MESSAGE = "unknown_message"


@dataclass(frozen=True)
class StatusResult:
    report: StatusReport
    message_id: int | None = None
    status: SmsStatus | None = None


def record_delivery_status(
    session: Session, provider_message_id: str, twilio_status: str, error_code: str | None
) -> StatusResult:
    """Apply one Twilio status report to the outbound row with that MessageSid.

    A single conditional UPDATE, so two reports racing each other cannot move a row backwards.
    """
    message_id = session.scalar(
        select(SmsMessage.id).where(
            SmsMessage.provider_message_id == provider_message_id,
            SmsMessage.direction == SmsDirection.OUTBOUND,
        )
    )
    if message_id is None:
        return StatusResult(StatusReport.UNKNOWN_MESSAGE)
    reported = twilio_status.strip().lower()
    if reported in IGNORED_TWILIO_STATUSES:
        return StatusResult(StatusReport.IGNORED, message_id)
    new_status = TWILIO_STATUSES.get(reported)
    if new_status is None:
        return StatusResult(StatusReport.UNKNOWN_STATUS, message_id)

    earlier = [status for status, rank in STATUS_RANK.items() if rank < STATUS_RANK[new_status]]
    stored_code = error_code[:ERROR_CODE_LENGTH] if error_code else None
    result = cast(
        CursorResult[Any],
        session.execute(
            update(SmsMessage)
            .where(SmsMessage.id == message_id, SmsMessage.status.in_(earlier))
            .values(status=new_status, error_code=stored_code, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ),
    )
    report = StatusReport.UPDATED if result.rowcount == 1 else StatusReport.STALE
    return StatusResult(report, message_id, new_status)

"""Conversations with the bot, the SMS outbox and inbox, and handoffs to a nurse."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models.base import Base, CreatedAtMixin, TimestampsMixin, str_enum
from bot.db.models.enums import (
    Channel,
    ConversationStatus,
    HandoffReason,
    HandoffStatus,
    SmsDirection,
    SmsProvider,
    SmsPurpose,
    SmsStatus,
)

if TYPE_CHECKING:
    from bot.db.models.patients import Patient


class Conversation(TimestampsMixin, Base):
    """Our side of a Rasa conversation; Rasa's own tracker events live in its `events` table."""

    __tablename__ = "conversations"
    __table_args__ = (sa.UniqueConstraint("sender_id", "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_id: Mapped[str] = mapped_column(sa.String(255))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))
    patient_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ConversationStatus] = mapped_column(
        str_enum(ConversationStatus, "status"),
        default=ConversationStatus.BOT,
        server_default=ConversationStatus.BOT.value,
    )
    taken_over_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("nurse_users.id", ondelete="SET NULL")
    )

    patient: Mapped[Patient | None] = relationship()

    def __repr__(self) -> str:
        return f"<Conversation id={self.id} channel={self.channel} status={self.status}>"


class SmsMessage(TimestampsMixin, Base):
    """One SMS in either direction. Outbound rows are the outbox the sender claims from."""

    __tablename__ = "sms_messages"
    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("ix_sms_messages_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="SET NULL"), index=True
    )
    # The conversation a message belongs to, when one asked for it (a nurse's reply). NULL for
    # what the clinic sends on its own (reminders, follow-ups): the transcript shows those on
    # the patient's SMS conversations, where the replies arrive.
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    direction: Mapped[SmsDirection] = mapped_column(str_enum(SmsDirection, "direction"))
    to_number: Mapped[str] = mapped_column(sa.String(32))
    from_number: Mapped[str | None] = mapped_column(sa.String(32))
    body: Mapped[str] = mapped_column(sa.Text)
    # NULL for inbound messages: the patient's reason for writing is not ours to label here.
    purpose: Mapped[SmsPurpose | None] = mapped_column(str_enum(SmsPurpose, "purpose"))
    status: Mapped[SmsStatus] = mapped_column(
        str_enum(SmsStatus, "status"),
        default=SmsStatus.QUEUED,
        server_default=SmsStatus.QUEUED.value,
    )
    provider: Mapped[SmsProvider] = mapped_column(str_enum(SmsProvider, "provider"))
    # Unique: Twilio status callbacks find their row by it.
    provider_message_id: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # The caller's name for "this one message" (e.g. dose-42): a second send with the same key
    # returns the first one's outcome instead of texting the patient twice.
    idempotency_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    error_code: Mapped[str | None] = mapped_column(sa.String(32))
    attempts: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))

    def __repr__(self) -> str:
        # Never the body or the numbers.
        return f"<SmsMessage id={self.id} direction={self.direction} status={self.status}>"


class Handoff(CreatedAtMixin, Base):
    """A request for a nurse to take over a conversation; lower priority = more urgent."""

    __tablename__ = "handoffs"
    __table_args__ = (
        sa.Index("ix_handoffs_status_priority_created_at", "status", "priority", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    patient_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("patients.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[HandoffReason] = mapped_column(str_enum(HandoffReason, "reason"))
    priority: Mapped[int]
    status: Mapped[HandoffStatus] = mapped_column(
        str_enum(HandoffStatus, "status"),
        default=HandoffStatus.OPEN,
        server_default=HandoffStatus.OPEN.value,
    )
    claimed_by: Mapped[int | None] = mapped_column(
        sa.ForeignKey("nurse_users.id", ondelete="SET NULL")
    )
    claimed_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None] = mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"<Handoff id={self.id} reason={self.reason} status={self.status}>"

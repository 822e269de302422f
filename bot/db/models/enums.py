"""The fixed vocabularies stored in status-like columns (as their string values)."""

from __future__ import annotations

import enum


class Channel(enum.StrEnum):
    REST = "rest"
    SOCKETIO = "socketio"
    SMS = "sms"


class ConversationStatus(enum.StrEnum):
    BOT = "bot"
    FLAGGED = "flagged"
    NURSE = "nurse"


class DoseStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    TAKEN = "taken"
    SKIPPED = "skipped"
    MISSED = "missed"
    NOT_SENT = "not_sent"


class FollowUpStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    SENT = "sent"
    CLOSED_BETTER = "closed_better"
    ESCALATED = "escalated"
    CANCELLED = "cancelled"


class SmsDirection(enum.StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


class SmsPurpose(enum.StrEnum):
    REMINDER = "reminder"
    FOLLOWUP = "followup"
    OTP = "otp"
    NURSE_REPLY = "nurse_reply"
    SYSTEM = "system"


class SmsStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    UNDELIVERED = "undelivered"
    LOCAL = "local"


class SmsProvider(enum.StrEnum):
    TWILIO = "twilio"
    LOCAL = "local"


class NurseRole(enum.StrEnum):
    NURSE = "nurse"
    ADMIN = "admin"


class HandoffReason(enum.StrEnum):
    PATIENT_REQUEST = "patient_request"
    EMERGENCY = "emergency"
    RED_FLAG = "red_flag"
    TRIAGE_UNAVAILABLE = "triage_unavailable"
    MISSED_DOSES = "missed_doses"
    FOLLOWUP_WORSE = "followup_worse"
    URGENT_CALLBACK = "urgent_callback"


class HandoffStatus(enum.StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    RESOLVED = "resolved"

"""Every CareLoop table, importable from one place: `from bot.db.models import Patient`."""

from bot.db.models.audit import AuditEntry
from bot.db.models.base import NAMING_CONVENTION, Base, UTCDateTime, utcnow
from bot.db.models.clinical import (
    DoseEvent,
    FollowUp,
    Medication,
    MedicationSchedule,
    TriageAssessment,
)
from bot.db.models.enums import (
    Channel,
    ConversationStatus,
    DoseStatus,
    FollowUpStatus,
    HandoffReason,
    HandoffStatus,
    NurseRole,
    SmsDirection,
    SmsProvider,
    SmsPurpose,
    SmsStatus,
)
from bot.db.models.messaging import Conversation, Handoff, SmsMessage
from bot.db.models.patients import Allergy, Condition, OneTimeCode, Patient
from bot.db.models.staff import NurseNote, NurseUser

__all__ = [
    "NAMING_CONVENTION",
    "Allergy",
    "AuditEntry",
    "Base",
    "Channel",
    "Condition",
    "Conversation",
    "ConversationStatus",
    "DoseEvent",
    "DoseStatus",
    "FollowUp",
    "FollowUpStatus",
    "Handoff",
    "HandoffReason",
    "HandoffStatus",
    "Medication",
    "MedicationSchedule",
    "NurseNote",
    "NurseRole",
    "NurseUser",
    "OneTimeCode",
    "Patient",
    "SmsDirection",
    "SmsMessage",
    "SmsProvider",
    "SmsPurpose",
    "SmsStatus",
    "TriageAssessment",
    "UTCDateTime",
    "utcnow",
]

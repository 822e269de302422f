"""Outbound SMS: one sender over the `sms_messages` outbox, Twilio or local transport.

    sender = make_sms_sender(settings, session_factory)
    outcome = sender.send(to_number="+14155552671", body=sms_text(text),
                          purpose=SmsPurpose.REMINDER, patient_id=7)

Local mode (no Twilio credentials) runs the same code path; the row is "delivered" to the local
outbox the console shows, and nothing touches the network.
"""

from bot.reminders.sms.delivery_status import StatusReport, StatusResult, record_delivery_status
from bot.reminders.sms.sender import (
    RetryPolicy,
    SendOutcome,
    SmsSender,
    is_e164,
    make_sms_sender,
    masked,
)
from bot.reminders.sms.text import GSM7_BASIC_CHARSET, GSM7_SEGMENT_LENGTH, sms_text
from bot.reminders.sms.transports import (
    STATUS_CALLBACK_PATH,
    Delivery,
    FailureKind,
    LocalTransport,
    OutboundSms,
    SendFailure,
    Transport,
    TwilioTransport,
    status_callback_url,
    transport_for,
)

__all__ = [
    "GSM7_BASIC_CHARSET",
    "GSM7_SEGMENT_LENGTH",
    "STATUS_CALLBACK_PATH",
    "Delivery",
    "FailureKind",
    "LocalTransport",
    "OutboundSms",
    "RetryPolicy",
    "SendFailure",
    "SendOutcome",
    "SmsSender",
    "StatusReport",
    "StatusResult",
    "Transport",
    "TwilioTransport",
    "is_e164",
    "make_sms_sender",
    "masked",
    "record_delivery_status",
    "sms_text",
    "status_callback_url",
    "transport_for",
]

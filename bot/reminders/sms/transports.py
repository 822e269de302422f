"""How a claimed outbox row leaves the building: through Twilio, or into the local outbox.

A transport sends one message once. It never retries and never touches the database: the
sender owns the outbox row, the attempt count and the retry policy.
"""

from __future__ import annotations

import enum
import logging
import secrets
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bot.db.models import SmsProvider, SmsStatus
from bot.settings import Settings

logger = logging.getLogger(__name__)

# Where the console receives Twilio's delivery reports (bot/console/routes/twilio_status.py).
STATUS_CALLBACK_PATH = "/webhooks/twilio/status"
TWILIO_TIMEOUT_SECONDS = 15.0
LOCAL_ID_PREFIX = "LOCAL"

# Twilio error codes (https://www.twilio.com/docs/api/errors).
INVALID_NUMBER_CODES = frozenset(
    {
        21211,  # invalid 'To' phone number
        21614,  # 'To' number is not a valid mobile number
        21217,  # phone number does not appear to be valid
    }
)
OPTED_OUT_CODE = 21610  # the recipient replied STOP (unsubscribed)
# What Twilio puts in the body of its 429 and 5xx answers; without a body the library reports the
# HTTP status as the code.
TRANSIENT_TWILIO_CODES = frozenset({20429, 20500, 20503})


class FailureKind(enum.StrEnum):
    INVALID_NUMBER = "invalid_number"
    OPTED_OUT = "opted_out"
    REJECTED = "rejected"  # any other 4xx: the request itself is wrong, resending will not help
    TRANSIENT = "transient"  # 429, 5xx, network: worth another attempt


class SendFailure(Exception):
    """One attempt failed. `error_code` is Twilio's code, or the HTTP status when it gave none.

    Carries no provider message text: Twilio's messages quote the phone number.
    """

    def __init__(self, kind: FailureKind, error_code: int | None, stored_code: str) -> None:
        super().__init__(f"SMS not sent: {kind} (error code {stored_code})")
        self.kind = kind
        self.error_code = error_code
        # What the outbox row's error_code column keeps (also for failures with no number).
        self.stored_code = stored_code

    @property
    def retryable(self) -> bool:
        return self.kind is FailureKind.TRANSIENT


@dataclass(frozen=True)
class OutboundSms:
    """What a transport needs to send one claimed outbox row."""

    message_id: int
    to_number: str
    from_number: str | None
    body: str

    def __repr__(self) -> str:
        # Never the body or the numbers: reprs end up in logs and tracebacks.
        return f"<OutboundSms message_id={self.message_id}>"


@dataclass(frozen=True)
class Delivery:
    """The provider took the message: its id for status callbacks, and our status for the row."""

    provider_message_id: str | None
    status: SmsStatus


class Transport(Protocol):
    provider: SmsProvider
    from_number: str | None

    def deliver(self, message: OutboundSms) -> Delivery:
        """Send once; raise `SendFailure` when the provider refuses or cannot be reached."""
        ...


class LocalTransport:
    """Local mode: the outbox row is the delivery; the console shows it. No network, ever."""

    provider = SmsProvider.LOCAL

    def __init__(self, from_number: str | None = None) -> None:
        self.from_number = from_number

    def deliver(self, message: OutboundSms) -> Delivery:
        return Delivery(f"{LOCAL_ID_PREFIX}{secrets.token_hex(16)}", SmsStatus.DELIVERED)


class TwilioTransport:
    """Twilio's Messages API through the twilio library (`http_client` is its test hook)."""

    provider = SmsProvider.TWILIO

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        *,
        status_callback: str | None = None,
        http_client: HttpClient | None = None,
    ) -> None:
        self.from_number: str | None = from_number
        self.status_callback = status_callback
        self._client = Client(
            account_sid,
            auth_token,
            http_client=http_client or TwilioHttpClient(timeout=TWILIO_TIMEOUT_SECONDS),
        )

    @classmethod
    def from_settings(
        cls, settings: Settings, http_client: HttpClient | None = None
    ) -> TwilioTransport:
        if (
            settings.sms_mode != "twilio"
            or settings.twilio_account_sid is None
            or settings.twilio_auth_token is None
            or settings.twilio_from_number is None
        ):
            raise ValueError(
                "Twilio sending needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and "
                "TWILIO_FROM_NUMBER; set all three, or unset them to use the local outbox."
            )
        callback = status_callback_url(settings)
        if callback is None:
            logger.warning(
                "SMS_WEBHOOK_PUBLIC_URL is not set: Twilio cannot reach the console, so outbox "
                "rows will stay 'sent' and never show 'delivered' or 'undelivered'."
            )
        return cls(
            settings.twilio_account_sid,
            settings.twilio_auth_token.get_secret_value(),
            settings.twilio_from_number,
            status_callback=callback,
            http_client=http_client,
        )

    def deliver(self, message: OutboundSms) -> Delivery:
        try:
            created = self._client.messages.create(
                to=message.to_number,
                from_=message.from_number or self.from_number,
                body=message.body,
                status_callback=self.status_callback,
            )
        except (TwilioRestException, TwilioServiceException) as error:
            # `from None`: the library's message quotes the phone number.
            raise classify_twilio_error(error.status, error.code) from None
        except requests.RequestException as error:
            # A timeout may come after Twilio accepted the message; retrying then risks a
            # duplicate, which is kinder to a patient than a lost medication reminder.
            raise SendFailure(FailureKind.TRANSIENT, None, "network") from error
        return Delivery(created.sid, SmsStatus.SENT)


def classify_twilio_error(http_status: int, code: int | None) -> SendFailure:
    """Permanent (bad number, opted out, other 4xx) or transient (429, 5xx)."""
    error_code = code if code is not None else http_status
    if error_code in INVALID_NUMBER_CODES:
        kind = FailureKind.INVALID_NUMBER
    elif error_code == OPTED_OUT_CODE:
        kind = FailureKind.OPTED_OUT
    elif http_status == 429 or http_status >= 500 or error_code in TRANSIENT_TWILIO_CODES:
        kind = FailureKind.TRANSIENT
    else:
        kind = FailureKind.REJECTED
    return SendFailure(kind, error_code, str(error_code))


def is_permanent_error(stored_code: str | None) -> bool:
    """Whether a failed row's stored error code means resending cannot help."""
    if stored_code is None or stored_code in ("network", "internal"):
        return False
    if not stored_code.isdigit():
        return True
    code = int(stored_code)
    return not (code == 429 or 500 <= code <= 599 or code in TRANSIENT_TWILIO_CODES)


def status_callback_url(settings: Settings) -> str | None:
    """The public URL Twilio reports delivery to: SMS_WEBHOOK_PUBLIC_URL's scheme and host.

    None when that setting is unset: Twilio cannot reach 127.0.0.1.
    """
    if not settings.sms_webhook_public_url:
        return None
    parts = urlsplit(settings.sms_webhook_public_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            "SMS_WEBHOOK_PUBLIC_URL must be a full URL such as "
            f"https://clinic.example/webhooks/sms/webhook; got {settings.sms_webhook_public_url!r}."
        )
    return urlunsplit((parts.scheme, parts.netloc, STATUS_CALLBACK_PATH, "", ""))


def transport_for(settings: Settings) -> Transport:
    """Twilio when its credentials are complete, otherwise the local outbox."""
    if settings.sms_mode == "twilio":
        return TwilioTransport.from_settings(settings)
    return LocalTransport(from_number=settings.twilio_from_number)

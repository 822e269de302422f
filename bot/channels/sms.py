"""Rasa input channel for SMS from Twilio, with the request signature checked on every call.

Rasa loads this module (credentials.yml names it), so it runs in the Rasa environment and may
import only Rasa, Sanic and the twilio library that Rasa itself depends on.

Security: Twilio signs each webhook with the account's auth token over the exact public URL it
posted to plus the form fields (X-Twilio-Signature). Forged or unsigned requests get 403. Behind
a proxy the URL Rasa sees differs from the one Twilio signed, so SMS_WEBHOOK_PUBLIC_URL names it.

Privacy: a phone number is never used as the conversation id (ids appear in logs and URLs); the
id is a keyed hash of the number, and the number travels to the action server in the message
metadata only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot.channels.sms_keywords import keyword_payload, sender_id_for

logger = logging.getLogger(__name__)

SORRY_TEXT = (
    "Sorry, CareLoop could not answer just now. Please contact your clinic. "
    "If this is an emergency, call {emergency_number} now."
)
EMPTY_TEXT = "We received an empty message. Please reply with a few words about how we can help."


__all__ = ["TwilioSMSInput", "sender_id_for"]


class TwilioSMSInput(InputChannel):
    """SMS in from Twilio; the bot's replies go back in the same HTTP response as TwiML."""

    @classmethod
    def name(cls) -> str:
        return "sms"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        if not credentials.get("auth_token"):
            cls.raise_missing_credentials_exception()
        return cls(
            auth_token=credentials["auth_token"],
            public_url=credentials.get("public_url") or None,
            sender_id_key=credentials.get("sender_id_key") or credentials["auth_token"],
            emergency_number=credentials.get("emergency_number") or "112",
        )

    def __init__(
        self,
        auth_token: str,
        public_url: str | None,
        sender_id_key: str,
        emergency_number: str = "112",
    ) -> None:
        self.validator = RequestValidator(auth_token)
        self.public_url = public_url
        self.sender_id_key = sender_id_key
        self.emergency_number = emergency_number

    def signed_url(self, request: Request) -> str:
        """The URL Twilio computed the signature over."""
        if not self.public_url:
            return request.url
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{self.public_url}{query}"

    def is_signed(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature:
            return False
        return self.validator.validate(self.signed_url(request), request.form, signature)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sms_webhook = Blueprint("careloop_sms_webhook", __name__)

        @sms_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sms_webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.is_signed(request):
                logger.warning("Refused an SMS webhook call with a missing or invalid signature.")
                return response.json(
                    {"error": "Missing or invalid X-Twilio-Signature."}, status=403
                )
            form: Any = request.form or {}
            phone = form.get("From")
            if not phone:
                return response.json({"error": "The form field 'From' is required."}, status=400)
            text = (form.get("Body") or "").strip()
            if not text:
                return _twiml([EMPTY_TEXT])

            collector = CollectingOutputChannel()
            # TAKEN, SKIP, SNOOZE 20, STOP, START, HELP ... go in as an exact intent payload.
            message = UserMessage(
                keyword_payload(text) or text,
                collector,
                sender_id_for(phone, self.sender_id_key),
                input_channel=self.name(),
                metadata={"phone": phone, "provider_message_id": form.get("MessageSid")},
            )
            try:
                await on_new_message(message)
            except Exception:
                logger.exception("Handling an inbound SMS failed; sent the safe fallback reply.")
                return _twiml([SORRY_TEXT.format(emergency_number=self.emergency_number)])
            return _twiml([_as_sms_text(m) for m in collector.messages])

        return sms_webhook


def _as_sms_text(message: dict[str, Any]) -> str:
    """Plain text for one bot message; buttons become numbered choices."""
    text = message.get("text") or ""
    buttons = message.get("buttons") or []
    choices = [f"{i}. {b.get('title', '')}" for i, b in enumerate(buttons, start=1)]
    return "\n".join([text, *choices]).strip()


def _twiml(texts: list) -> HTTPResponse:
    reply = MessagingResponse()
    for text in texts:
        if text:
            reply.message(text)
    return response.text(str(reply), content_type="application/xml")

"""Twilio's delivery reports for the SMS we send (`StatusCallback`), signature-checked.

Server to server: Twilio signs each call with the account's auth token over the exact URL it
posted to plus the form fields (X-Twilio-Signature), so this route needs no session or CSRF
token, and anything unsigned or forged gets 403. Unknown messages get 200, or Twilio retries.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.responses import Response
from twilio.request_validator import RequestValidator

from bot.console.deps import SessionDep, SettingsDep
from bot.reminders.sms import (
    STATUS_CALLBACK_PATH,
    StatusReport,
    record_delivery_status,
    status_callback_url,
)
from bot.settings import Settings

logger = logging.getLogger(__name__)
router = APIRouter()


async def _form_fields(request: Request) -> dict[str, str]:
    # Async, so the handler itself can be sync (its database work runs in the thread pool).
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


FormFields = Annotated[dict[str, str], Depends(_form_fields)]


def signed_url(request: Request, settings: Settings) -> str:
    """The URL Twilio computed the signature over: the public one when behind a proxy."""
    public = status_callback_url(settings)
    if public is None:
        return str(request.url)
    query = request.url.query
    return f"{public}?{query}" if query else public


@router.post(STATUS_CALLBACK_PATH)
def twilio_message_status(
    request: Request, settings: SettingsDep, fields: FormFields, db: SessionDep
) -> Response:
    signature = request.headers.get("X-Twilio-Signature", "")
    validator = RequestValidator(settings.webhook_auth_token)
    if not signature or not validator.validate(signed_url(request, settings), fields, signature):
        logger.warning("Refused a Twilio status callback with a missing or invalid signature.")
        return JSONResponse({"error": "Missing or invalid X-Twilio-Signature."}, status_code=403)

    sid, status = fields.get("MessageSid"), fields.get("MessageStatus")
    if not sid or not status:
        return JSONResponse(
            {"error": "The form fields 'MessageSid' and 'MessageStatus' are required."},
            status_code=400,
        )
    result = record_delivery_status(db, sid, status, fields.get("ErrorCode"))
    if result.report is StatusReport.UNKNOWN_MESSAGE:
        # Never the numbers (To/From are in the form): the SID is enough to trace it in Twilio.
        logger.warning("Twilio status %r for unknown message %s; nothing changed.", status, sid)
    elif result.report is StatusReport.UNKNOWN_STATUS:
        logger.warning(
            "Unknown Twilio status %r for SMS %d; nothing changed.", status, result.message_id
        )
    else:
        logger.info(
            "Twilio status %r for SMS %d: %s (error code %s).",
            status,
            result.message_id,
            result.report,
            fields.get("ErrorCode") or "none",
        )
    return Response(status_code=200)

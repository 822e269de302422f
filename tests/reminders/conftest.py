"""Reminder fixtures: Twilio faked at the HTTP boundary, so the real twilio library builds the
requests and parses the answers, and Settings in Twilio mode on a migrated SQLite file."""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

import pytest
from pydantic import SecretStr
from twilio.http import HttpClient
from twilio.http.response import Response

from bot.settings import Settings

TWILIO_ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
TWILIO_AUTH_TOKEN = "test-twilio-auth-token"
TWILIO_FROM_NUMBER = "+15005550006"
PUBLIC_WEBHOOK_URL = "https://clinic.example/webhooks/sms/webhook"


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    url: str
    auth: tuple[str, str] | None
    data: dict[str, Any]
    headers: dict[str, str]


class FakeTwilioHttp(HttpClient):
    """The twilio library's `http_client` hook: records requests, answers like the Messages API.

    Script answers with `answer_created()`, `answer_error(status, code)`, `answer_status(status)`
    or `answer_exception(error)`; with nothing scripted a request gets 201 Created.
    """

    def __init__(self) -> None:
        super().__init__(logging.getLogger("tests.fake_twilio"), is_async=False)
        self.requests: list[RecordedRequest] = []
        self.delay_s = 0.0
        self._answers: deque[Response | Exception] = deque()
        self._lock = threading.Lock()

    def answer_created(self, sid: str | None = None, status: str = "queued") -> str:
        sid = sid or f"SM{secrets.token_hex(16)}"
        payload = {
            "sid": sid,
            "account_sid": TWILIO_ACCOUNT_SID,
            "status": status,
            "direction": "outbound-api",
            "num_segments": "1",
            "error_code": None,
            "error_message": None,
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{TWILIO_ACCOUNT_SID}/Messages/{sid}.json",
        }
        self._answers.append(Response(201, json.dumps(payload)))
        return sid

    def answer_error(self, status: int, code: int, message: str = "Error") -> None:
        payload = {
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        }
        self._answers.append(Response(status, json.dumps(payload)))

    def answer_status(self, status: int, text: str = "") -> None:
        """A bare HTTP status, as a proxy or load balancer in front of Twilio answers."""
        self._answers.append(Response(status, text))

    def answer_exception(self, error: Exception) -> None:
        self._answers.append(error)

    def request(
        self,
        method: str,
        uri: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        with self._lock:
            self.requests.append(
                RecordedRequest(method, uri, auth, dict(data or {}), dict(headers or {}))
            )
            answer = self._answers.popleft() if self._answers else None
        if self.delay_s:
            time.sleep(self.delay_s)
        if answer is None:
            self.answer_created()
            with self._lock:
                answer = self._answers.pop()
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def fake_twilio() -> FakeTwilioHttp:
    return FakeTwilioHttp()


def with_twilio(settings: Settings, **overrides: Any) -> Settings:
    """`settings` with Twilio credentials (Twilio mode) and a public webhook URL."""
    values: dict[str, Any] = {
        "twilio_account_sid": TWILIO_ACCOUNT_SID,
        "twilio_auth_token": SecretStr(TWILIO_AUTH_TOKEN),
        "twilio_from_number": TWILIO_FROM_NUMBER,
        "sms_webhook_public_url": PUBLIC_WEBHOOK_URL,
    }
    return settings.model_copy(update=values | overrides)


@pytest.fixture
def twilio_settings(sqlite_settings: Settings) -> Settings:
    """`sqlite_settings` in Twilio mode (use with `sqlite_session_factory`, same database)."""
    return with_twilio(sqlite_settings)

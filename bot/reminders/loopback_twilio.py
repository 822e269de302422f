"""A loopback stand-in for Twilio's Messages API, for benchmarks: real HTTP, on 127.0.0.1 only.

    with LoopbackTwilio(account_sid, auth_token) as server:
        client = Client(account_sid, auth_token, http_client=LoopbackTwilioHttpClient(server.url))
        client.messages.create(to="+12122000000", from_="+15005550006", body="Hi.")
        server.messages()  # [(received_at, to, body), ...]

The real twilio library builds and parses every request; only the host changes, so the cost
measured is the library's and the network stack's, never a mock's.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs

from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response

TWILIO_API = "https://api.twilio.com"
LOOPBACK_HOST = "127.0.0.1"


class LoopbackTwilioHttpClient(TwilioHttpClient):
    """The twilio library's own HTTP client, sending to `base_url` instead of api.twilio.com."""

    def __init__(self, base_url: str, **kwargs: Any) -> None:
        if not base_url.startswith(f"http://{LOOPBACK_HOST}:"):
            raise ValueError(f"The loopback Twilio client only talks to {LOOPBACK_HOST}.")
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


class LoopbackTwilio:
    """A threaded HTTP server answering `POST .../Messages.json` like Twilio (201, queued).

    Records (received_at, To, Body) of every accepted message; stops when the block exits.
    """

    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self._expected_auth = "Basic " + base64.b64encode(
            f"{account_sid}:{auth_token}".encode()
        ).decode("ascii")
        self._lock = threading.Lock()
        self._messages: list[tuple[float, str, str]] = []
        self._server = ThreadingHTTPServer((LOOPBACK_HOST, 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="loopback-twilio", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK_HOST}:{self._server.server_address[1]}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def count(self) -> int:
        with self._lock:
            return len(self._messages)

    def messages(self) -> list[tuple[float, str, str]]:
        with self._lock:
            return list(self._messages)

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def _record(self, to: str, body: str) -> None:
        with self._lock:
            self._messages.append((time.time(), to, body))

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self
        messages_path = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"

        class Handler(BaseHTTPRequestHandler):
            # Keep-alive, as api.twilio.com offers: the library's requests session reuses it.
            protocol_version = "HTTP/1.1"
            # One segment per answer, sent at once: headers and body written separately with
            # Nagle on meet the client's delayed ACK and cost ~40 ms a message.
            wbufsize = 64 * 1024
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode("utf-8"))
                if self.headers.get("Authorization") != server._expected_auth:
                    self._answer(HTTPStatus.UNAUTHORIZED, _error(20003, "Authenticate", 401))
                    return
                if self.path.split("?")[0] != messages_path:
                    self._answer(HTTPStatus.NOT_FOUND, _error(20404, "Not found", 404))
                    return
                to, body = form.get("To", [""])[0], form.get("Body", [""])[0]
                if not to or not body:
                    self._answer(HTTPStatus.BAD_REQUEST, _error(21604, "To and Body needed", 400))
                    return
                server._record(to, body)
                self._answer(HTTPStatus.CREATED, _created(server.account_sid))

            def _answer(self, status: HTTPStatus, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: Any) -> None:
                # Request lines carry nothing useful here, and bodies must never be logged.
                return

        return Handler


def _created(account_sid: str) -> dict[str, Any]:
    sid = f"SM{secrets.token_hex(16)}"
    return {
        "sid": sid,
        "account_sid": account_sid,
        "status": "queued",
        "direction": "outbound-api",
        "num_segments": "1",
        "error_code": None,
        "error_message": None,
        "api_version": "2010-04-01",
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
    }


def _error(code: int, message: str, status: int) -> dict[str, Any]:
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }

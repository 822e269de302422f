"""CSRF tokens, the Content-Security-Policy, and the headers every response carries."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import MutableMapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_SESSION_KEY = "csrf_token"
CSRF_FORM_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Server-to-server webhooks authenticate by their signature (X-Twilio-Signature), not by a
# browser session; each route listed here must check its own signature.
CSRF_EXEMPT_PATHS = frozenset({"/webhooks/twilio/status"})
_FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CsrfTokenMissing(Exception):
    """A state-changing request without the token of the session it came with."""


def csrf_token(session: MutableMapping[str, Any]) -> str:
    """The session's CSRF token, created on first use (templates call this for every form)."""
    token = session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = rotate_csrf_token(session)
    return token


def rotate_csrf_token(session: MutableMapping[str, Any]) -> str:
    """A fresh token, so one seen before login is useless after it."""
    token = secrets.token_urlsafe(32)
    session[CSRF_SESSION_KEY] = token
    return token


async def verify_csrf_token(request: Request) -> None:
    """App-wide dependency: every request that is not GET/HEAD/OPTIONS must carry the token.

    Applied to the whole app rather than route by route, so a new POST route cannot forget it.
    The token is read from the `csrf_token` form field, or the X-CSRF-Token header.
    """
    if request.method in SAFE_METHODS:
        return
    route = request.scope.get("route")
    if getattr(route, "path", None) in CSRF_EXEMPT_PATHS:
        return
    expected = request.session.get(CSRF_SESSION_KEY)
    submitted = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if submitted is None and content_type.startswith(_FORM_CONTENT_TYPES):
        value = (await request.form()).get(CSRF_FORM_FIELD)
        submitted = value if isinstance(value, str) else None
    if not (isinstance(expected, str) and expected and submitted):
        raise CsrfTokenMissing
    if not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise CsrfTokenMissing


def rasa_origins(rasa_url: str) -> tuple[str, str]:
    """The HTTP and WebSocket origins of the Rasa server, for the chat page's connect-src.

    socket.io starts with HTTP long-polling and upgrades to a WebSocket on the same host.
    """
    parts = urlsplit(rasa_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(
            f"The Rasa URL for the web chat must look like https://chat.clinic.example or "
            f"http://127.0.0.1:5005; got {rasa_url!r}. Check PUBLIC_RASA_URL."
        )
    websocket_scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{parts.scheme}://{parts.netloc}", f"{websocket_scheme}://{parts.netloc}"


def content_security_policy(
    connect_src: Sequence[str] = (), *, allow_injected_styles: bool = False
) -> str:
    """A policy that lets a page load only from this server (plus `connect_src`).

    `allow_injected_styles` is for the chat page: the web chat bundle injects its stylesheets as
    <style> elements at run time and cannot give them a nonce. That allows inline CSS only; it
    lets nothing load from anywhere else.
    """
    style_src = "'self' 'unsafe-inline'" if allow_injected_styles else "'self'"
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": style_src,
        # The widget's icons and carousel font are data: URIs inside the bundle.
        "img-src": "'self' data:",
        "font-src": "'self' data:",
        "connect-src": " ".join(["'self'", *connect_src]),
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class SecurityHeadersMiddleware:
    """Adds the security headers to every response, and a CSP where the route set none.

    Routes with other needs (the chat page) set their own Content-Security-Policy. HTML is
    marked no-store: console pages will show patient data, which must not linger in caches.
    """

    def __init__(self, app: ASGIApp, default_csp: str) -> None:
        self.app = app
        self.default_csp = default_csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = self.default_csp
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)

"""Helpers the console tests share: the test nurse's credentials and signing in like a browser."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fastapi.testclient import TestClient

if TYPE_CHECKING:
    # What Starlette's TestClient returns (it prefers httpx2 over httpx).
    from httpx2 import Response

NURSE_EMAIL = "ann.lee@clinic.example"
NURSE_PASSWORD = "correct horse battery staple"
NURSE_NAME = "Ann Lee"
ADMIN_EMAIL = "ada.admin@clinic.example"

_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = _CSRF_FIELD.search(html)
    assert match is not None, "no csrf_token field in the page"
    return match.group(1)


def login(client: TestClient, email: str, password: str) -> Response:
    """Sign in the way a browser does: fetch the form (and its token), then post it."""
    token = csrf_token_from(client.get("/login").text)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def csrf_of(client: TestClient, page: str = "/") -> str:
    """The signed-in session's CSRF token, read from a page's forms."""
    return csrf_token_from(client.get(page).text)

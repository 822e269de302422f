"""The patient web chat page, the vendored widget, health, and the headers on every response."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from bot.console.app import STATIC_DIR, create_app
from bot.console.routes.chat import WEBCHAT_SCRIPT
from bot.settings import Settings


class _ResourceCollector(HTMLParser):
    """Every URL the browser would fetch from the page's markup, and the JSON data blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.json_blocks: list[str] = []
        self._in_json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name in ("src", "href"):
            if attributes.get(name) and tag in ("script", "link", "img", "iframe"):
                self.urls.append(attributes[name] or "")
        self._in_json = tag == "script" and attributes.get("type") == "application/json"

    def handle_data(self, data: str) -> None:
        if self._in_json:
            self.json_blocks.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_json = False


def _parse(html: str) -> _ResourceCollector:
    collector = _ResourceCollector()
    collector.feed(html)
    return collector


def _directives(csp: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (directive.split() for directive in csp.split(";") if directive)
    }


def test_health(client: TestClient) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("path", ["/health", "/login", "/", "/chat", "/static/console.css"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers

    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in headers["content-security-policy"]


def test_console_pages_may_load_only_from_this_server(client: TestClient) -> None:
    csp = _directives(client.get("/login").headers["content-security-policy"])

    for directive in ("script-src", "style-src", "connect-src", "default-src"):
        assert csp[directive] == ["'self'"], directive
    assert csp["frame-ancestors"] == ["'none'"]


def test_chat_page_loads_the_vendored_widget_and_nothing_from_outside(
    client: TestClient,
) -> None:
    response = client.get("/chat")

    assert response.status_code == 200
    page = _parse(response.text)
    assert WEBCHAT_SCRIPT in page.urls
    assert "/static/chat.js" in page.urls
    for url in page.urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
    # The patients' page starts no session.
    assert "set-cookie" not in response.headers


def test_chat_page_configures_the_widget_for_our_rasa(client: TestClient) -> None:
    page = _parse(client.get("/chat").text)

    (block,) = page.json_blocks
    options = json.loads(block)
    assert options["socketUrl"] == "http://127.0.0.1:5005"
    assert options["socketPath"] == "/socket.io/"
    assert options["customData"] == {"language": "en"}
    assert options["initPayload"] == "/greet"
    assert options["title"] == "CareLoop"
    assert options["subtitle"] == "Your clinic's assistant"
    assert options["embedded"] is True


def test_chat_page_tells_patients_it_is_not_for_emergencies(sqlite_settings: Settings) -> None:
    settings = sqlite_settings.model_copy(update={"emergency_number": "999"})
    with TestClient(create_app(settings)) as client:
        text = client.get("/chat").text

    assert "Not for emergencies — call <strong>999</strong>." in text


def test_chat_csp_allows_only_this_server_and_rasa(client: TestClient) -> None:
    csp = _directives(client.get("/chat").headers["content-security-policy"])

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'", "http://127.0.0.1:5005", "ws://127.0.0.1:5005"]
    every_source = {source for sources in csp.values() for source in sources}
    outside = {s for s in every_source if re.match(r"(https?|wss?)://", s)}
    assert outside == {"http://127.0.0.1:5005", "ws://127.0.0.1:5005"}


def test_chat_uses_the_public_rasa_url_when_set(sqlite_settings: Settings) -> None:
    settings = sqlite_settings.model_copy(update={"public_rasa_url": "https://chat.clinic.example"})
    with TestClient(create_app(settings)) as client:
        response = client.get("/chat")

    options = json.loads(_parse(response.text).json_blocks[0])
    assert options["socketUrl"] == "https://chat.clinic.example"
    connect_src = _directives(response.headers["content-security-policy"])["connect-src"]
    assert connect_src == ["'self'", "https://chat.clinic.example", "wss://chat.clinic.example"]


def test_a_malformed_public_rasa_url_is_refused_at_start(sqlite_settings: Settings) -> None:
    settings = sqlite_settings.model_copy(update={"public_rasa_url": "chat.clinic.example"})

    with pytest.raises(ValueError, match="PUBLIC_RASA_URL"):
        create_app(settings)


def test_the_vendored_widget_is_served_and_imports_no_google_fonts(client: TestClient) -> None:
    response = client.get(WEBCHAT_SCRIPT)

    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert response.text.startswith("/*! rasa-webchat 1.0.1")
    assert "Apache-2.0" in response.text[:400]
    assert not re.search(r"@import\s+url\(\s*['\"]?(https?:)?//", response.text)
    assert "fonts.googleapis.com/css" not in response.text
    assert (STATIC_DIR / "vendor" / "rasa-webchat-1.0.1.LICENSE").is_file()

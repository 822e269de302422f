"""The patient-facing web chat page: the vendored rasa-webchat widget, talking to Rasa."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from bot.console.deps import SettingsDep, render

WEBCHAT_SCRIPT = "/static/vendor/rasa-webchat-1.0.1.js"

router = APIRouter()


def web_chat_options(socket_url: str) -> dict[str, Any]:
    """The widget's props (see the rasa-webchat 1.0.1 README), passed to `WebChat.default`."""
    return {
        "socketUrl": socket_url,
        "socketPath": "/socket.io/",
        "customData": {"language": "en"},
        "initPayload": "/greet",
        "title": "CareLoop",
        "subtitle": "Your clinic's assistant",
        "embedded": True,
        "inputTextFieldHint": "Type a message…",
        # Show the chat frame with "Connecting…" instead of a blank page while Rasa is away.
        "hideWhenNotConnected": False,
        "connectingText": "Connecting to the assistant…",
        # "Rules" are a Botfront feature: they record the pages a visitor opens in
        # localStorage and keep the widget hidden until a Botfront server answers.
        "withRules": False,
        # The conversation is kept for this browser tab only, not for the next person to use
        # a shared computer.
        "params": {"storage": "session"},
    }


@router.get("/chat")
def chat(request: Request, settings: SettingsDep) -> Response:
    response = render(
        request,
        "chat.html",
        {
            "webchat_script": WEBCHAT_SCRIPT,
            "widget_options": web_chat_options(settings.public_rasa_url or settings.rasa_url),
            "emergency_number": settings.emergency_number,
        },
    )
    response.headers["Content-Security-Policy"] = request.app.state.chat_csp
    return response

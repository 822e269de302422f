"""The platform's thin slice, end to end: the Procfile's real processes over a fresh database.

A patient greets the bot over REST and gives a name that lands in the database; the transcript
is in Rasa's tracker store in the same database; SMS webhooks are signature-checked; the
triage service, reminder worker and console are up; nothing connects outside this machine;
no patient name or phone number reaches the logs; Ctrl-C stops every process.
"""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, text
from twilio.request_validator import RequestValidator

from bot.db.engine import make_engine, make_session_factory
from bot.db.models import Conversation, Patient
from bot.settings import PROJECT_ROOT
from tests.e2e.patient import new_phone, register, register_in_browser
from tests.e2e.stack import Stack

ARTIFACTS = PROJECT_ROOT / "var" / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# No background services: this machine has no outside network, and patients' pages must not
# talk to anything but the deployment anyway.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PATIENT_NAME = "Zanele"
PATIENT_PHONE = "+447911123456"


def chromium_or_skip() -> str:
    if importlib.util.find_spec("playwright") is None or not Path(CHROMIUM).exists():
        pytest.skip(f"needs Playwright and Chromium at {CHROMIUM}: `make browser` installs them")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return CHROMIUM


def say(stack: Stack, sender: str, message: str) -> list[str]:
    reply = httpx.post(
        f"{stack.urls['rasa']}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=30,
    )
    reply.raise_for_status()
    return [m.get("text", "") for m in reply.json()]


def test_patient_greets_gives_name_and_it_is_stored(stack: Stack) -> None:
    sender = f"e2e-{uuid.uuid4().hex[:12]}"

    greeting = say(stack, sender, "hello")
    assert any("CareLoop" in line for line in greeting)
    assert greeting[-1] == "What's your first name?"

    phone = new_phone()
    asked = say(stack, sender, f"my name is {PATIENT_NAME}")
    assert asked[-1].startswith("What's your mobile number?")
    saved = register(stack, sender, PATIENT_NAME, phone, reply=asked)
    assert saved[0].startswith(f"Thank you, {PATIENT_NAME}. I've saved your details:")
    assert "3 May 1980" in saved[0] and "America/Chicago" in saved[0]

    session = make_session_factory(make_engine(stack.settings))()
    with session:
        conversation = session.scalars(
            select(Conversation).where(Conversation.sender_id == sender)
        ).one()
        assert conversation.channel == "rest"
        patient = session.get(Patient, conversation.patient_id)
        assert patient is not None and patient.first_name == PATIENT_NAME
        assert (patient.phone_e164, str(patient.date_of_birth)) == (phone, "1980-05-03")
        assert patient.phone_verified_at is not None and patient.intake_completed_at is not None
        # The transcript lives in Rasa's tracker store, in the same database.
        events = session.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :sender"), {"sender": sender}
        ).scalar_one()
        assert events > 5


def test_a_name_that_cannot_be_one_is_asked_again_and_nothing_is_stored(stack: Stack) -> None:
    sender = f"e2e-{uuid.uuid4().hex[:12]}"
    say(stack, sender, "hi")
    reply = say(stack, sender, "<script>alert(1)</script>")
    assert any("doesn't look like a first name" in line for line in reply)
    assert reply[-1] == "What's your first name?"
    session = make_session_factory(make_engine(stack.settings))()
    with session:
        assert (
            session.scalars(select(Conversation).where(Conversation.sender_id == sender)).first()
            is None
        )


def _signed_sms(stack: Stack, body: str, token: str) -> tuple[str, dict[str, str], str]:
    url = f"{stack.urls['rasa']}/webhooks/sms/webhook"
    form = {
        "From": PATIENT_PHONE,
        "To": "+15005550006",
        "Body": body,
        "MessageSid": "SM" + "0" * 32,
    }
    return url, form, RequestValidator(token).compute_signature(url, form)


def test_sms_webhook_answers_signed_requests_and_refuses_forged_ones(stack: Stack) -> None:
    url, form, signature = _signed_sms(stack, "hello", stack.settings.webhook_auth_token)

    signed = httpx.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=30)
    assert signed.status_code == 200
    assert signed.headers["content-type"].startswith("application/xml")
    assert "<Message>" in signed.text and "first name" in signed.text

    unsigned = httpx.post(url, data=form, timeout=10)
    assert unsigned.status_code == 403

    _, _, forged = _signed_sms(stack, "hello", "not-the-auth-token")
    assert httpx.post(url, data=form, headers={"X-Twilio-Signature": forged}).status_code == 403

    tampered = form | {"Body": "something else"}
    response = httpx.post(url, data=tampered, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403

    # Signed but empty: a polite reply, nothing sent to the dialogue.
    _, empty, empty_signature = _signed_sms(stack, "   ", stack.settings.webhook_auth_token)
    reply = httpx.post(url, data=empty, headers={"X-Twilio-Signature": empty_signature})
    assert reply.status_code == 200 and "empty message" in reply.text

    # Signed but with no sender: a clear 400, not a crash.
    no_sender = {"To": "+15005550006", "Body": "hello"}
    signature = RequestValidator(stack.settings.webhook_auth_token).compute_signature(
        url, no_sender
    )
    response = httpx.post(url, data=no_sender, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 400 and "From" in response.json()["error"]


def test_services_report_health(stack: Stack) -> None:
    triage = httpx.get(f"{stack.urls['triage']}/health").json()
    assert triage["status"] == "ok"
    assert triage["mode"] in {"ready", "degraded"}

    login = httpx.get(f"{stack.urls['console']}/login")
    assert login.status_code == 200 and "password" in login.text.lower()

    stack.wait_until(
        lambda: "Reminder worker started with 0 scheduled jobs." in stack.log(),
        30,
        "the reminder worker's job count",
    )
    stack.wait_until(lambda: "CareLoop is ready:" in stack.log(), 30, "the ready message")


def test_web_chat_page_greets_and_stores_the_name(stack: Stack, tmp_path: Path) -> None:
    """A patient in a real browser: the vendored widget connects over socket.io to Rasa."""
    browser_path = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    name = "Nomvula"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            outside = []
            page.on(
                "request",
                lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None,
            )
            page.goto(f"{stack.urls['console']}/chat")
            register_in_browser(page, stack, name, new_phone(), timeout_ms=60_000)
            page.screenshot(path=str(ARTIFACTS / "web-chat.png"))
        finally:
            browser.close()
    assert outside == []  # nothing loaded from outside the deployment

    session = make_session_factory(make_engine(stack.settings))()
    with session:
        patient = session.scalars(select(Patient).where(Patient.first_name == name)).one()
        conversation = session.scalars(
            select(Conversation).where(Conversation.patient_id == patient.id)
        ).one()
        assert conversation.channel == "socketio"


def test_no_connection_leaves_the_machine(stack: Stack) -> None:
    say(stack, f"e2e-{uuid.uuid4().hex[:12]}", "hello")
    assert stack.outside_connections() == []


def test_logs_hold_no_patient_name_or_phone_number(stack: Stack) -> None:
    # Runs after the conversations above (pytest keeps file order).
    log = stack.log()
    assert "saved your name" not in log  # bot replies are not logged either
    assert PATIENT_NAME not in log
    assert PATIENT_PHONE not in log and PATIENT_PHONE[1:] not in log


def test_ctrl_c_stops_every_process(tmp_path: Path, stack: Stack) -> None:
    children = stack.processes()
    assert len(children) >= 6  # five services and the ready announcer
    assert stack.stop() in {0, 130, -2}
    for child in children:
        assert not child.is_running() or child.status() == "zombie", child

"""The nurse console end to end, in headless Chromium, against the real stack (the Procfile).

A nurse created with the accounts command (what `make create-nurse` runs) signs in, sees a
seeded emergency at the top of the queue, opens its transcript (turns that went through Rasa),
takes over — Rasa stops answering the patient — replies by SMS into the local outbox, hands
back — Rasa answers again — and signs out. A second test proves a nurse's reply reaches a
patient's open web chat through Rasa's socket.io channel. Screenshots land in
var/test-artifacts/ (console-queue.png, console-transcript.png, console-web-chat.png).
"""

from __future__ import annotations

import subprocess
from datetime import timedelta

import httpx
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.handoffs import HandoffRepository
from bot.db.models import (
    Channel,
    Conversation,
    ConversationStatus,
    Handoff,
    HandoffReason,
    Patient,
    SmsMessage,
    SmsPurpose,
    TriageAssessment,
    utcnow,
)
from bot.db.transcripts import RASA_EVENTS
from bot.settings import PROJECT_ROOT
from tests.e2e.patient import new_phone, register_in_browser
from tests.e2e.stack import Stack
from tests.e2e.test_platform_slice import ARTIFACTS, CHROMIUM_FLAGS, chromium_or_skip

NURSE_EMAIL = "nurse.e2e@clinic.example"
NURSE_PASSWORD = "a long e2e password 42"
PHONE = "+14155552673"
EMERGENCY_NAME = "Thandiwe"
TIMEOUT_MS = 60_000


def _create_nurse(stack: Stack) -> None:
    result = subprocess.run(
        [str(PROJECT_ROOT / ".venv/bin/python"), "-m", "bot.console.accounts", "create",
         "--email", NURSE_EMAIL, "--name", "Nia Okafor", "--password-stdin"],
        input=NURSE_PASSWORD + "\n", env=stack.env, cwd=PROJECT_ROOT, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    assert result.returncode == 0 or "already exists" in result.stderr


def _sms(stack: Stack, body: str) -> str:
    """Text the bot as the patient, signed as Twilio signs; the TwiML reply."""
    url = f"{stack.urls['rasa']}/webhooks/sms/webhook"
    form = {"From": PHONE, "To": "+15005550006", "Body": body, "MessageSid": "SM" + "1" * 32}
    signature = RequestValidator(stack.settings.webhook_auth_token).compute_signature(url, form)
    reply = httpx.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=60)
    reply.raise_for_status()
    return reply.text


def _seed_emergency(stack: Stack) -> int:
    """An SMS conversation with an emergency handoff, plus a less urgent item that waited longer."""
    with session_scope(make_session_factory(make_engine(stack.settings))) as session:
        # The SMS channel names the conversation by a keyed hash of the number: the one SMS
        # sender this fresh stack's tracker store has seen.
        sender_id = session.scalars(
            select(RASA_EVENTS.c.sender_id).where(RASA_EVENTS.c.sender_id.like("sms-%")).distinct()
        ).one()
        patient = Patient(first_name=EMERGENCY_NAME, last_name="Mokoena", phone_e164=PHONE)
        other = Patient(first_name="Pieter", last_name="Waits")
        session.add_all([patient, other])
        session.flush()
        conversation = session.scalars(
            select(Conversation).where(Conversation.sender_id == sender_id)
        ).one_or_none() or Conversation(sender_id=sender_id, channel=Channel.SMS)
        conversation.patient_id = patient.id
        waiting = Conversation(sender_id="sms-e2e-other", channel=Channel.SMS, patient=other)
        session.add_all([conversation, waiting])
        session.flush()
        session.add(
            TriageAssessment(
                patient_id=patient.id, conversation_id=conversation.id,
                input_text="crushing chest pain", level="emergency_ambulance", confidence=0.97,
                red_flags=[{"code": "chest_pain", "label": "Chest pain",
                            "level": "emergency_ambulance", "evidence": "crushing chest pain",
                            "start": 0, "end": 19}],
                explanation="Chest pain: call an ambulance.", model_version="e2e",
            )
        )  # fmt: skip
        handoffs = HandoffRepository(session)
        handoffs.open(waiting, HandoffReason.MISSED_DOSES).created_at = utcnow() - timedelta(
            hours=3
        )
        handoffs.open(conversation, HandoffReason.EMERGENCY, "emergency_ambulance")
        return conversation.id


def _sign_in(page: object, stack: Stack) -> None:
    page.goto(f"{stack.urls['console']}/login")  # type: ignore[attr-defined]
    page.fill("#email", NURSE_EMAIL)  # type: ignore[attr-defined]
    page.fill("#password", NURSE_PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Queue").wait_for(timeout=TIMEOUT_MS)  # type: ignore[attr-defined]


def test_nurse_works_an_emergency_from_queue_to_sms_reply_and_hands_back(stack: Stack) -> None:
    browser_path = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    _create_nurse(stack)
    assert "<Message>" in _sms(stack, "hello")  # the bot answers: a real transcript in Rasa
    conversation_id = _seed_emergency(stack)
    factory = make_session_factory(make_engine(stack.settings))
    reply_text = "This is Nia from your clinic: an ambulance is on its way. Stay on the phone."

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            outside: list[str] = []
            page.on(
                "request", lambda r: outside.append(r.url) if "127.0.0.1" not in r.url else None
            )
            _sign_in(page, stack)

            first = page.locator(".queue-item").first
            assert "Emergency" in first.inner_text()
            assert f"{EMERGENCY_NAME} Mokoena" in first.inner_text()
            assert "Pieter Waits" in page.locator(".queue-item").nth(1).inner_text()
            page.screenshot(path=str(ARTIFACTS / "console-queue.png"), full_page=True)

            first.locator("a.queue-patient").click()
            page.get_by_role("heading", name=f"Conversation with {EMERGENCY_NAME}").wait_for()
            transcript = page.locator(".transcript").inner_text()
            assert "hello" in transcript and "Patient via sms" in transcript
            assert "Triage: emergency ambulance" in transcript and "Chest pain" in transcript

            page.get_by_role("button", name="Take over").click()
            page.get_by_text("has taken over: the bot is paused").wait_for()
            # Rasa records what the patient writes but no longer answers.
            assert "<Message>" not in _sms(stack, "is anyone there?")

            page.fill("#message", reply_text)
            page.get_by_role("button", name="Send reply").click()
            page.locator(".turn-sms_out", has_text=reply_text).wait_for()
            transcript = page.locator(".transcript").inner_text()
            assert "is anyone there?" in transcript and "Bot paused" in transcript
            page.screenshot(path=str(ARTIFACTS / "console-transcript.png"), full_page=True)
            with session_scope(factory) as session:
                sms = session.scalars(
                    select(SmsMessage).where(SmsMessage.purpose == SmsPurpose.NURSE_REPLY)
                ).one()
                assert (sms.to_number, sms.body, sms.provider) == (PHONE, reply_text, "local")
                assert sms.status == "delivered"
                handoff = session.scalars(
                    select(Handoff).where(Handoff.conversation_id == conversation_id)
                ).one()
                assert handoff.status == "claimed"

            page.get_by_role("button", name="Hand back to the bot").click()
            page.get_by_text("The bot is answering this conversation.").wait_for()
            # The bot answers again. (Not "hello again": intake, still asking for a first name,
            # would save "Again" as the patient's name.)
            assert "<Message>" in _sms(stack, "hello")

            page.goto(f"{stack.urls['console']}/")
            mine = page.locator(".queue-item", has_text="Mokoena")
            assert "Claimed by you" in mine.inner_text()
            mine.get_by_text("Resolve…").click()
            mine.locator("textarea").fill("Ambulance sent; patient answered by SMS.")
            mine.get_by_role("button", name="Resolve", exact=True).click()
            page.get_by_role("heading", name="Queue").wait_for()
            assert "Mokoena" not in page.locator("#queue").inner_text()

            page.get_by_role("button", name="Sign out").click()
            page.get_by_role("heading", name="Sign in").wait_for()
            page.goto(f"{stack.urls['console']}/conversations/{conversation_id}")
            assert page.url.endswith("/login")  # signed out means signed out
        except Exception:
            page.screenshot(path=str(ARTIFACTS / "console-failure.png"), full_page=True)
            raise
        finally:
            browser.close()
    assert outside == []
    with session_scope(factory) as session:
        conversation = session.get(Conversation, conversation_id)
        assert conversation is not None and conversation.status is ConversationStatus.BOT
        handoff = session.scalars(
            select(Handoff).where(Handoff.conversation_id == conversation_id)
        ).one()
        assert handoff.status == "resolved" and handoff.resolution_note


def test_nurse_reply_reaches_the_patients_open_web_chat(stack: Stack) -> None:
    browser_path = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    _create_nurse(stack)
    name = "Lindiwe"
    factory = make_session_factory(make_engine(stack.settings))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path, args=CHROMIUM_FLAGS)
        try:
            patient = browser.new_context().new_page()
            patient.goto(f"{stack.urls['console']}/chat")
            register_in_browser(patient, stack, name, new_phone(), timeout_ms=TIMEOUT_MS)
            with session_scope(factory) as session:
                conversation_id = session.scalars(
                    select(Conversation.id)
                    .join(Patient, Patient.id == Conversation.patient_id)
                    .where(Patient.first_name == name)
                ).one()

            nurse = browser.new_context().new_page()
            _sign_in(nurse, stack)
            nurse.goto(f"{stack.urls['console']}/conversations/{conversation_id}")
            assert "Patient via socketio" in nurse.locator(".transcript").inner_text()
            nurse.get_by_role("button", name="Take over").click()
            nurse.fill("#message", f"Hello {name}, this is Nia, a nurse at your clinic.")
            nurse.get_by_role("button", name="Send reply").click()
            nurse.locator(".turn-nurse").wait_for()

            patient.get_by_text("this is Nia, a nurse at your clinic.").wait_for(timeout=TIMEOUT_MS)
            patient.screenshot(path=str(ARTIFACTS / "console-web-chat.png"))
            nurse.get_by_role("button", name="Hand back to the bot").click()
            nurse.get_by_text("The bot is answering this conversation.").wait_for()
        finally:
            browser.close()


def test_logs_hold_no_rasa_token_patient_name_phone_or_reply(stack: Stack) -> None:
    # Runs after the two tests above (pytest keeps file order).
    log = stack.log()
    assert stack.env_for_rasa()["RASA_API_TOKEN"] not in log
    assert EMERGENCY_NAME not in log and "Lindiwe" not in log
    assert PHONE not in log and PHONE[1:] not in log
    assert "ambulance is on its way" not in log and "a nurse at your clinic" not in log

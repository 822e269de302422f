"""A patient registering through intake, over the REST channel or in the web chat widget.

Intake texts a one-time code to the number given; in local SMS mode it lands in the outbox
table, which is where these helpers read it (as a patient reads their phone).
"""

from __future__ import annotations

import random
import re
import time
from typing import Any

import httpx
import sqlalchemy as sa

from bot.db.engine import make_engine, make_session_factory
from bot.db.models import SmsMessage, SmsPurpose
from tests.e2e.stack import Stack

# Each question intake may ask, and a patient's answer to it.
DEFAULT_ANSWERS: tuple[tuple[str, str], ...] = (
    ("your date of birth?", "3 May 1980"),
    ("Which time zone", "London"),
    ("Which language", "English"),
    ("long-term conditions", "none"),
    ("allergic to any", "none"),
    ("medicines do you take", "none"),
    ("text your mobile", "yes"),
)
SAVED = "I've saved your details"


def new_phone() -> str:
    """A valid Chicago number no other test uses (codes are limited per number per hour)."""
    return f"+1312555{random.randrange(10**4):04d}"


def say(stack: Stack, sender: str, message: str) -> list[str]:
    reply = httpx.post(
        f"{stack.urls['rasa']}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        timeout=60,
    )
    reply.raise_for_status()
    return [m.get("text", "") for m in reply.json()]


def texted_code(stack: Stack, phone: str) -> str:
    factory = make_session_factory(make_engine(stack.settings))
    with factory() as session:
        body = session.scalars(
            sa.select(SmsMessage.body)
            .where(SmsMessage.to_number == phone, SmsMessage.purpose == SmsPurpose.OTP)
            .order_by(SmsMessage.id.desc())
        ).first()
    assert body is not None, f"no code was texted to {phone}"
    found = re.match(r"(\d{6}) ", body)
    assert found is not None
    return found.group(1)


def is_question(text: str) -> bool:
    return any(words in text for words, _ in DEFAULT_ANSWERS) or any(
        words in text for words in ("first name?", "mobile number?", "type the 6-digit code")
    )


def answer_to(question: str, stack: Stack, name: str, phone: str, answers: dict[str, Any]) -> str:
    if "first name?" in question:
        return name
    if "mobile number?" in question:
        return phone
    if "type the 6-digit code" in question:
        return texted_code(stack, phone)
    for words, default in DEFAULT_ANSWERS:
        if words in question:
            return str(answers.get(words, default))
    raise AssertionError(f"intake asked something unexpected: {question!r}")


def register(
    stack: Stack,
    sender: str,
    name: str,
    phone: str | None = None,
    reply: list[str] | None = None,
    **answers: Any,
) -> list[str]:
    """Answers every intake question over REST (greeting first unless `reply`, the bot's latest
    answer, says intake is under way); returns the bot's last reply."""
    phone = phone or new_phone()
    reply = reply or say(stack, sender, "hello")
    for _ in range(15):
        if any(SAVED in line for line in reply):
            return reply
        reply = say(stack, sender, answer_to(reply[-1], stack, name, phone, answers))
    raise AssertionError(f"intake did not finish; last reply {reply!r}")


def register_in_browser(page: Any, stack: Stack, name: str, phone: str, timeout_ms: int) -> None:
    """The same, typed into the web chat widget on `page` (already showing the greeting)."""
    box = page.locator("textarea.rw-new-message, input.rw-new-message")
    page.get_by_text("What's your first name?").wait_for(timeout=timeout_ms)

    def bot_texts() -> list[str]:
        return [t.strip() for t in page.locator(".rw-response").all_inner_texts() if t.strip()]

    for _ in range(15):
        seen = bot_texts()
        box.fill(answer_to(seen[-1], stack, name, phone, {}))
        page.keyboard.press("Enter")
        # A reply may be several messages, which the widget shows one by one: wait for the
        # next question (or the read-back).
        deadline = time.monotonic() + timeout_ms / 1000
        while True:
            texts = bot_texts()
            if len(texts) > len(seen) and any(SAVED in text for text in texts[len(seen) :]):
                return
            if len(texts) > len(seen) and is_question(texts[-1]):
                break
            assert time.monotonic() < deadline, f"no question after {seen[-1]!r}"
            page.wait_for_timeout(200)
    raise AssertionError("intake did not finish in the browser")

"""What a reminder says: one plain SMS (at most 160 characters of the GSM-7 basic alphabet)."""

from __future__ import annotations

import unicodedata

from bot.reminders.sms import GSM7_BASIC_CHARSET, GSM7_SEGMENT_LENGTH

REPLY_HINT = "Reply TAKEN, SKIP or SNOOZE."
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def reminder_text(first_name: str | None, medication: str, dose: str | None, discreet: bool) -> str:
    """The reminder SMS: one plain SMS (at most 160 characters of the GSM-7 basic alphabet).

    Discreet reminders never name the medication. A first name or medication that cannot be
    written in GSM-7 without losing letters is left out rather than mangled; a medication name
    too long to fit is shortened.
    """
    name = gsm7_or_none((first_name or "").strip())
    greetings = [f"Hi {name}.", "Hi."] if name else ["Hi."]
    medication_name = gsm7_or_none(medication.strip())
    items = []
    if not discreet and medication_name:
        with_dose = gsm7_or_none(f"{medication.strip()} {(dose or '').strip()}".strip())
        items += [with_dose, medication_name]
        room = GSM7_SEGMENT_LENGTH - len(f"Hi. Time for your .... {REPLY_HINT}")
        items.append(medication_name[:room].rstrip() + "...")
    items.append("medicine")
    for greeting in greetings:
        for item in filter(None, items):
            text = f"{greeting} Time for your {item}. {REPLY_HINT}"
            if len(text) <= GSM7_SEGMENT_LENGTH:
                return text
    raise AssertionError("unreachable: the discreet text always fits")  # pragma: no cover


def gsm7_or_none(text: str) -> str | None:
    """`text` in the GSM-7 basic alphabet (accents dropped where it lacks them), or None when
    that would lose letters (or `text` is empty)."""
    out = []
    for char in text.translate(_TYPOGRAPHY):
        if char in GSM7_BASIC_CHARSET:
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if c in GSM7_BASIC_CHARSET)
        if not base:
            return None
        out.append(base)
    return "".join(out) or None

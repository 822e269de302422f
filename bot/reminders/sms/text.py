"""What an SMS body may contain: reminders fit one GSM-7 segment, nothing is changed silently."""

from __future__ import annotations

from bot.db.models import SmsPurpose

# One segment holds 160 GSM-7 characters. A single character outside the alphabet switches the
# whole message to UCS-2 (70 characters a segment), and some handsets show a long reminder as
# parts arriving out of order; a medication reminder must arrive whole.
GSM7_SEGMENT_LENGTH = 160
# Twilio refuses longer bodies (error 21617).
MAX_BODY_LENGTH = 1600

# The GSM 03.38 basic character set, without the escape to the extension table (so no €, [, ],
# {, }, ^, ~, \ or |: each of those costs two characters and some networks mangle them).
GSM7_BASIC_CHARSET = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


def sms_text(text: str) -> str:
    """Return `text` unchanged if it fits one plain SMS, else raise ValueError saying why.

    One plain SMS is at most 160 characters, all from the GSM-7 basic alphabet (no emoji, no
    curly quotes). Nothing is stripped or replaced: the caller decides how to shorten a text.
    """
    if not text.strip():
        raise ValueError("An SMS text cannot be empty; write the reminder before sending it.")
    problems = []
    if len(text) > GSM7_SEGMENT_LENGTH:
        problems.append(
            f"it is {len(text)} characters long and one SMS holds {GSM7_SEGMENT_LENGTH}"
        )
    outside = sorted({character for character in text if character not in GSM7_BASIC_CHARSET})
    if outside:
        listed = ", ".join(f"{character!r} (U+{ord(character):04X})" for character in outside)
        problems.append(f"it uses characters a plain SMS cannot carry: {listed}")
    if problems:
        raise ValueError(
            "This reminder text does not fit one plain SMS: "
            + "; ".join(problems)
            + ". Shorten it and use only plain letters, digits and punctuation (straight quotes, "
            "no emoji)."
        )
    return text


def check_body(body: str, purpose: SmsPurpose) -> None:
    """Refuse a body that must not be queued: empty, too long, or a reminder not fitting one SMS."""
    if purpose is SmsPurpose.REMINDER:
        sms_text(body)
        return
    if not body.strip():
        raise ValueError("An SMS text cannot be empty; write the message before sending it.")
    if len(body) > MAX_BODY_LENGTH:
        raise ValueError(
            f"This SMS is {len(body)} characters long; the most one message can carry is "
            f"{MAX_BODY_LENGTH}. Shorten it or send it as two messages."
        )

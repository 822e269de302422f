"""SMS keywords and conversation ids: pure string work both Python environments import.

The SMS channel runs inside Rasa (Python 3.10) and may not import the application; the reminder
worker and the actions run on Python 3.11 and need the same answers. So everything here uses the
standard library only.

A text that is exactly one of the reminder or carrier keywords below (any case, surrounding
spaces and trailing punctuation ignored) is handed to Rasa as an intent payload,
`/reminder_reply{"reply": "taken"}`, so no NLU model can misread "STOP" or "2"; any other text
goes to the dialogue as typed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re

# Replies to a reminder.
TAKEN_WORDS = frozenset({"TAKEN", "TAKE", "TOOK", "YES", "Y", "1", "DONE"})
SKIP_WORDS = frozenset({"SKIP", "SKIPPED", "NO", "N", "2"})
SNOOZE_WORD = "SNOOZE"
# Carrier-standard opt-out, opt-in and help keywords (Twilio's and the CTIA's lists).
STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"})
START_WORDS = frozenset({"START", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})

DEFAULT_SNOOZE_MINUTES = 10
MAX_SNOOZE_MINUTES = 240

REMINDER_REPLY_INTENT = "reminder_reply"
STOP_INTENT = "sms_stop"
START_INTENT = "sms_start"
HELP_INTENT = "sms_help"

_SNOOZE = re.compile(r"^SNOOZE(?:\s+(?:FOR\s+)?(\d{1,4})\s*(?:M|MIN|MINS|MINUTE|MINUTES)?)?$")


def sender_id_for(phone_number: str, key: str) -> str:
    """The conversation id for a phone number: stable, but not reversible without the key."""
    digest = hmac.new(key.encode(), phone_number.encode(), hashlib.sha256).hexdigest()
    return f"sms-{digest[:24]}"


def normalise(text: str) -> str:
    """Upper case, single spaces, no trailing punctuation: "  taken! " -> "TAKEN"."""
    return " ".join(text.upper().split()).strip(" .!?,;:")


def keyword_payload(text: str) -> str | None:
    """The Rasa intent payload for a keyword text, or None for anything else (free text).

    >>> keyword_payload("snooze 20")
    '/reminder_reply{"reply": "snooze", "minutes": 20}'
    """
    word = normalise(text)
    if word in TAKEN_WORDS:
        return _payload(REMINDER_REPLY_INTENT, {"reply": "taken", "keyword": word})
    if word in SKIP_WORDS:
        return _payload(REMINDER_REPLY_INTENT, {"reply": "skipped", "keyword": word})
    if match := _SNOOZE.match(word):
        minutes = int(match.group(1)) if match.group(1) else DEFAULT_SNOOZE_MINUTES
        minutes = max(1, min(minutes, MAX_SNOOZE_MINUTES))
        return _payload(REMINDER_REPLY_INTENT, {"reply": "snooze", "minutes": minutes})
    if word in STOP_WORDS:
        return f"/{STOP_INTENT}"
    if word in START_WORDS:
        return f"/{START_INTENT}"
    if word in HELP_WORDS:
        return f"/{HELP_INTENT}"
    return None


def _payload(intent: str, entities: dict[str, object]) -> str:
    return f"/{intent}{json.dumps(entities)}"

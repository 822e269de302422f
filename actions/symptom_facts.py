"""What a symptom description already tells us, and how to read the answers to our questions.

The symptom form asks only what the triage needs and the patient has not said: how long, how
bad, whether there is a fever, and pregnancy when it matters. These functions decide whether a
description already answers a question, and read a patient's reply to one. They recognise, they
do not diagnose: anything unclear is asked, and "not sure" is a valid answer.
"""

from __future__ import annotations

import re

YES, NO, UNSURE = "yes", "no", "unsure"
MILD, MODERATE, SEVERE = "mild", "moderate", "severe"

_NUMBER = r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|couple of|several|couple)"
_UNIT = r"(?:min(?:ute)?s?|hrs?|hours?|days?|nights?|weeks?|wks?|months?|years?|yrs?)"
_DURATION = re.compile(
    rf"\b(?:{_NUMBER}\s*(?:-|\s)?\s*{_UNIT}\b"
    r"|since\b|yesterday|today|tonight|last\s+(?:night|week|month|year)|this\s+(?:morning|"
    r"afternoon|evening|week)|for\s+ages|all\s+(?:day|night|week)|just\s+now|an?\s+hour\s+ago|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d+/7|\d+/52|suddenly|sudden|started)",
    re.IGNORECASE,
)
_SEVERITY_WORDS = {
    SEVERE: re.compile(
        r"\b(?:severe|severely|very bad|really bad|terrible|awful|agony|agonising|agonizing|"
        r"excruciating|unbearable|worst|can'?t cope|horrendous|extreme|intense)\b",
        re.IGNORECASE,
    ),
    MODERATE: re.compile(
        r"\b(?:moderate|medium|quite bad|pretty bad|bad|fairly|nasty|middling)\b",
        re.IGNORECASE,
    ),
    MILD: re.compile(
        r"\b(?:mild|mildly|slight|slightly|a bit|a little|minor|not (?:too|that|very) bad|"
        r"niggl\w*|bearable|manageable|ok|okay)\b",
        re.IGNORECASE,
    ),
}
_SCORE = re.compile(r"\b(10|[0-9])\s*(?:/|out of)\s*10\b|^\s*(10|[0-9])\s*$", re.IGNORECASE)
_FEVER = re.compile(
    r"\b(?:fever\w*|temperature|temp|high temp|hot and cold|chills|shiver\w*|burning up|"
    r"afebrile|febrile|pyrexi\w*)\b|\b\d{2}(?:\.\d)?\s*(?:°\s*[cf]?|degrees|c\b|f\b)",
    re.IGNORECASE,
)
_TEMPERATURE = re.compile(
    r"\b(\d{2,3}(?:\.\d+)?)\s*(?:°\s*([cf])?|degrees\s*([cf])?|([cf])\b)?", re.IGNORECASE
)
_PREGNANCY = re.compile(
    r"\b(?:pregnan\w*|expecting a baby|trimester|\d{1,2}\s*weeks?\s+(?:gone|pregnant)|"
    r"\d{1,2}/40|my bump|the bump|antenatal|midwife)\b",
    re.IGNORECASE,
)
_YES = re.compile(
    r"^\s*(?:y|yes|yeah|yep|yup|ya|ye|sure|i do|i have|i am|i'm|i think so|definitely|"
    r"correct|affirmative|uh huh)\b",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\s*(?:n|no|nope|nah|not|none|i don'?t|i do not|i haven'?t|i am not|i'm not|"
    r"definitely not|negative)\b",
    re.IGNORECASE,
)
_UNSURE = re.compile(
    r"\b(?:not sure|unsure|don'?t know|dunno|no idea|maybe|might be|possibly|can'?t tell|"
    r"haven'?t (?:checked|measured|taken)|no thermometer|not checked)\b",
    re.IGNORECASE,
)


def mentions_duration(text: str) -> bool:
    return bool(_DURATION.search(text))


def mentions_severity(text: str) -> bool:
    return read_severity(text) is not None


def mentions_fever(text: str) -> bool:
    return bool(_FEVER.search(text))


def mentions_pregnancy(text: str) -> bool:
    return bool(_PREGNANCY.search(text))


def read_duration(text: str) -> str | None:
    """The patient's answer to "how long?", tidied; None when it has nothing readable in it."""
    answer = " ".join(text.split())
    if not answer or len(answer) > 200 or not any(ch.isalnum() for ch in answer):
        return None
    if _UNSURE.search(answer):
        return "not sure"
    return answer


def read_severity(text: str) -> str | None:
    """mild / moderate / severe from words or a 0-10 score; None when unclear."""
    score = _SCORE.search(text)
    if score:
        value = int(score.group(1) or score.group(2))
        return SEVERE if value >= 7 else MODERATE if value >= 4 else MILD
    # Most severe first: "not too bad" must not read as "bad".
    if _SEVERITY_WORDS[SEVERE].search(text):
        return SEVERE
    if _SEVERITY_WORDS[MILD].search(text):
        return MILD
    if _SEVERITY_WORDS[MODERATE].search(text):
        return MODERATE
    return None


def read_yes_no(text: str) -> str | None:
    """yes / no / unsure from a short reply; None when it is none of them."""
    if _UNSURE.search(text):
        return UNSURE
    if _NO.search(text):
        return NO
    if _YES.search(text):
        return YES
    return None


def read_fever(text: str) -> str | None:
    """yes / no / unsure, also from a thermometer reading (°C, or °F when over 50)."""
    for match in _TEMPERATURE.finditer(text):
        value = float(match.group(1))
        unit = (match.group(2) or match.group(3) or match.group(4) or "").lower()
        celsius = (value - 32) * 5 / 9 if unit == "f" or value > 50 else value
        if 30 <= celsius <= 45:
            return YES if celsius >= 38.0 else NO
    return read_yes_no(text)


def triage_text(
    description: str,
    duration: str | None,
    severity: str | None,
    fever: str | None,
    pregnant: str | None,
) -> str:
    """The description plus the form's answers, as sentences a patient might have written."""
    parts = [description.strip().rstrip(".") + "."]
    if duration and duration != "not sure":
        lead = (
            "" if re.match(r"(?i)(since|for|about|around|over|under|since)\b", duration) else "for "
        )
        parts.append(f"It has been going on {lead}{duration}.")
    if severity:
        parts.append(f"It is {severity}.")
    if fever == YES:
        parts.append("I have a fever.")
    elif fever == NO:
        parts.append("I don't have a fever.")
    if pregnant == YES:
        parts.append("I am pregnant.")
    elif pregnant == NO:
        parts.append("I am not pregnant.")
    return " ".join(parts)

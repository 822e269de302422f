"""Where to go and how soon for each triage level, and when the bot checks back.

The wording is plain and direct, and every level says what to do if things get worse. The
emergency number is the clinic's own (999, 112, 911...), passed in, never assumed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.triage.levels import TriageLevel
from bot.triage.rules import RedFlag, apply_floor

__all__ = [
    "FOLLOW_UP_HOURS",
    "MENTAL_HEALTH_CRISIS_FLAGS",
    "MENTAL_HEALTH_FOLLOW_UP_HOURS",
    "CarePathway",
    "care_pathway",
    "follow_up_hours",
]


@dataclass(frozen=True)
class CarePathway:
    """What the patient should do now, in their words.

    Attributes:
        level: the triage level this pathway is for.
        headline: one sentence to lead the reply with.
        where: where to get care.
        how_soon: how soon, in words.
        what_to_do_now: short steps, most important first.
        emergency_number: the number the steps tell the patient to call.
    """

    level: TriageLevel
    headline: str
    where: str
    how_soon: str
    what_to_do_now: tuple[str, ...]
    emergency_number: str


_PATHWAYS: dict[TriageLevel, tuple[str, str, str, tuple[str, ...]]] = {
    TriageLevel.EMERGENCY_AMBULANCE: (
        "Call {n} now and ask for an ambulance.",
        "An ambulance will come to you.",
        "Now. Don't wait to see if it gets better.",
        (
            "Call {n} now. Say what is happening and follow what the call handler tells you.",
            "Don't drive yourself to hospital.",
            (
                "If you can, unlock your front door and put a light on so the ambulance crew can "
                "get in. Put pets in another room."
            ),
            "If someone is with you, ask them to stay. Keep your phone close.",
            "Get your medicines, or a list of them, ready for the crew.",
            "If things get worse before help arrives, call {n} again.",
        ),
    ),
    TriageLevel.EMERGENCY: (
        "Go to the emergency department (A&E) now.",
        "The nearest emergency department (A&E).",
        "Now. Don't wait for an appointment.",
        (
            "Go to the nearest emergency department now.",
            "Ask someone to drive you, or take a taxi. Don't drive yourself.",
            "If you can't get there safely, or you get worse on the way, call {n}.",
            "Take your medicines, or a list of them, and your phone.",
        ),
    ),
    TriageLevel.URGENT: (
        "You need to see a doctor or nurse within 24 hours.",
        "Your clinic, or an urgent care or out-of-hours service if it's closed.",
        "Within 24 hours.",
        (
            (
                "Contact your clinic today and say you've been told you need to be seen within "
                "24 hours."
            ),
            "If your clinic is closed, contact your local urgent care or out-of-hours service.",
            "Don't wait to see if it goes away by itself.",
            (
                "If you get worse or notice any of the warning signs, call {n} or go to the "
                "emergency department."
            ),
        ),
    ),
    TriageLevel.ROUTINE: (
        "Book an appointment with your clinic in the next 1 to 2 weeks.",
        "Your clinic (a doctor, nurse or pharmacist).",
        "Within 1 to 2 weeks.",
        (
            "Book an appointment with your clinic for the next 1 to 2 weeks.",
            "A pharmacist can help with your symptoms while you wait.",
            "If things get worse or you're worried, contact your clinic sooner.",
            "If you notice any of the warning signs, get help sooner. In an emergency, call {n}.",
        ),
    ),
    TriageLevel.SELF_CARE: (
        "You can look after this at home.",
        "At home. A pharmacist can give advice without an appointment.",
        "No appointment needed now.",
        (
            "You can usually look after this yourself at home. The advice below can help.",
            "A pharmacist can give advice and suggest medicines. You don't need an appointment.",
            (
                "Contact your clinic if you're not getting better, it keeps coming back, or "
                "you're worried."
            ),
            "In an emergency, call {n}.",
        ),
    ),
}


def care_pathway(level: TriageLevel, emergency_number: str) -> CarePathway:
    """Where to go, how soon, and what to do now, for one triage level.

    Raises:
        ValueError: when `emergency_number` is blank, so no reply ever says "call  now".
    """
    number = emergency_number.strip() if isinstance(emergency_number, str) else ""
    if not number:
        raise ValueError("emergency_number must be the clinic's emergency number, e.g. '999'.")
    level = TriageLevel(level)
    headline, where, how_soon, steps = _PATHWAYS[level]
    return CarePathway(
        level=level,
        headline=headline.replace("{n}", number),
        where=where,
        how_soon=how_soon,
        what_to_do_now=tuple(step.replace("{n}", number) for step in steps),
        emergency_number=number,
    )


FOLLOW_UP_HOURS: dict[TriageLevel, int] = {
    # After an ambulance or A&E, check the next day that they were seen and know what's next;
    # 12 hours lands in waking hours for most evening messages and is soon enough to catch
    # someone who never went.
    TriageLevel.EMERGENCY_AMBULANCE: 12,
    TriageLevel.EMERGENCY: 12,
    # Urgent means "seen within 24 hours": check at that deadline that it happened.
    TriageLevel.URGENT: 24,
    # Routine means an appointment within 1 to 2 weeks: check after 3 days that one is booked
    # and nothing has got worse meanwhile.
    TriageLevel.ROUTINE: 72,
    # Most self-limiting illnesses turn a corner in 2 days; a check then catches the ones that
    # haven't, before they need more than self-care.
    TriageLevel.SELF_CARE: 48,
}
"""Hours after the recommendation at which the bot checks back, by level."""

MENTAL_HEALTH_CRISIS_FLAGS = frozenset({"suicide_risk", "suicidal_thoughts_or_self_harm"})
MENTAL_HEALTH_FOLLOW_UP_HOURS = 4
"""Someone in crisis is checked on within hours, whatever else is happening."""


def follow_up_hours(level: TriageLevel, red_flags: Iterable[RedFlag]) -> int | None:
    """Hours until the bot checks back with the patient.

    The level is first raised to the red flags' floor (the floor never lowers it), then looked
    up in `FOLLOW_UP_HOURS`; a suicide or self-harm flag shortens the wait to
    `MENTAL_HEALTH_FOLLOW_UP_HOURS`. Returns None only for a level with no check-back policy,
    which no current level is.
    """
    flags = list(red_flags)
    level = apply_floor(TriageLevel(level), flags)
    hours = FOLLOW_UP_HOURS.get(level)
    if hours is not None and any(flag.code in MENTAL_HEALTH_CRISIS_FLAGS for flag in flags):
        return min(hours, MENTAL_HEALTH_FOLLOW_UP_HOURS)
    return hours

"""What the patient reads after a triage: what to do, why, what was arranged, what to watch for.

Headlines are domain responses (utter_triage_<level>) so a clinic can reword them; the
explanation and advice come from the triage service and are added as text.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.triage_outcome import Outcome, Saved
from bot.db.models import HandoffReason
from bot.settings import Settings

MAX_STEPS = 4
MAX_WARNING_SIGNS = 4


def clinic_contact(settings: Settings) -> str:
    return f" on {settings.clinic_phone}" if settings.clinic_phone else ""


def send_replies(
    dispatcher: CollectingDispatcher, outcome: Outcome, saved: Saved | None, settings: Settings
) -> None:
    names = {
        "emergency_number": settings.emergency_number,
        "clinic_name": settings.clinic_name,
        "clinic_contact": clinic_contact(settings),
    }
    if outcome.service_failure is not None and not outcome.is_emergency:
        dispatcher.utter_message(response="utter_triage_unavailable", **names)
        if saved is not None:
            dispatcher.utter_message(response="utter_nurse_flagged")
        return
    dispatcher.utter_message(response=f"utter_triage_{outcome.level}", **names)
    if outcome.explanation:
        dispatcher.utter_message(text=f"Why: {outcome.explanation}")
    if saved is not None and saved.handoff_reason == HandoffReason.EMERGENCY:
        dispatcher.utter_message(response="utter_nurse_alerted", **names)
    elif saved is not None and saved.handoff_reason == HandoffReason.URGENT_CALLBACK:
        dispatcher.utter_message(response="utter_callback_queued", **names)
    advice = advice_text(outcome.advice, emergency=outcome.is_emergency)
    if advice:
        dispatcher.utter_message(text=advice)
    if saved is not None and saved.follow_up_hours and not outcome.is_emergency:
        dispatcher.utter_message(response="utter_followup_scheduled", hours=saved.follow_up_hours)


def advice_text(advice: dict[str, Any], *, emergency: bool) -> str:
    """The top education topic's steps and warning signs, and every medicine warning."""
    lines: list[str] = []
    education = advice.get("education") or []
    if education:
        topic = education[0]
        steps = topic.get("while_you_wait" if emergency else "self_care") or []
        if steps:
            lines.append("While you wait:" if emergency else "What you can do now:")
            lines += [f"- {step['text']}" for step in steps[:MAX_STEPS]]
        signs = topic.get("warning_signs") or []
        if signs and not emergency:
            lines.append("Get help sooner if:")
            lines += [f"- {sign}" for sign in signs[:MAX_WARNING_SIGNS]]
        source = topic.get("source") or {}
        if lines and source.get("name"):
            lines.append(f"(Advice based on {source['name']}.)")
    for warning in advice.get("medication_warnings") or []:
        lines.append(f"Medicine safety: {warning['message']} ({warning['reason']})")
    return "\n".join(lines)

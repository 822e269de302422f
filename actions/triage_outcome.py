"""What a triage turn decided, and how it is recorded: assessment, nurse hand-off, follow-up."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from rasa_sdk import Tracker

from actions.clients.triage import PatientProfile, TriageResult
from actions.common import conversation_for, database
from bot.db.assessments import AssessmentRepository
from bot.db.handoffs import HandoffRepository
from bot.db.models import HandoffReason, Patient
from bot.triage.levels import PatientContext, TriageLevel
from bot.triage.recommendations.pathway import FOLLOW_UP_HOURS
from bot.triage.rules import RedFlag, apply_floor, find_red_flags

EMERGENCY_LEVELS = frozenset({TriageLevel.EMERGENCY_AMBULANCE.value, TriageLevel.EMERGENCY.value})
HANDOFF_FOR_LEVEL = {
    TriageLevel.EMERGENCY_AMBULANCE.value: HandoffReason.EMERGENCY,
    TriageLevel.EMERGENCY.value: HandoffReason.EMERGENCY,
    TriageLevel.URGENT.value: HandoffReason.URGENT_CALLBACK,
}


@dataclass(frozen=True)
class Outcome:
    """One triage turn: the service's answer, or the safe answer when it had none.

    `service_failure` is set (with the reason, for the nurse) when the level did not come from
    the model: the patient is then told to contact the clinic, or emergency services when the
    message carries an emergency red flag, and never given self-care advice.
    """

    text: str
    level: str
    confidence: float | None
    probabilities: dict[str, float] | None
    red_flags: list[dict[str, Any]]
    explanation: str
    model_version: str | None
    advice: dict[str, Any] = field(default_factory=dict)
    service_failure: str | None = None

    @classmethod
    def from_result(cls, text: str, result: TriageResult) -> Outcome:
        return cls(
            text=text,
            level=result.level,
            confidence=result.confidence,
            probabilities=result.probabilities,
            red_flags=result.red_flags,
            explanation=result.explanation,
            model_version=result.model_version,
            advice=result.advice,
        )

    @property
    def is_emergency(self) -> bool:
        return self.level in EMERGENCY_LEVELS

    @property
    def follow_up_hours(self) -> int:
        hours = self.advice.get("follow_up_hours")
        if isinstance(hours, int) and hours > 0:
            return hours
        return FOLLOW_UP_HOURS.get(TriageLevel(self.level), 24)


@dataclass(frozen=True)
class Saved:
    """What the database now holds for this turn (ids for the log, facts for the reply)."""

    assessment_id: int
    handoff_reason: HandoffReason | None
    follow_up_hours: int | None


def safe_outcome_without_service(text: str, profile: PatientProfile, reason: str) -> Outcome:
    """The answer when the triage service cannot give one: our own red-flag floor decides
    whether it is an emergency; otherwise the patient must contact the clinic (`urgent`)."""
    flags = find_red_flags(text, _context(profile))
    level = apply_floor(TriageLevel.URGENT, flags)
    return Outcome(
        text=text,
        level=level.value,
        confidence=None,
        probabilities=None,
        red_flags=[_flag_json(f) for f in flags],
        explanation=" ".join(
            [f'You mentioned "{f.evidence}": {f.label.rstrip(".")}.' for f in flags]
            + ["This is not a diagnosis."]
        ),
        model_version=None,
        service_failure=reason,
    )


def with_local_floor(outcome: Outcome, profile: PatientProfile) -> Outcome:
    """Re-check the whole message with our own red-flag floor and raise the level if it finds
    more than the service did. The service reads at most 2,000 characters; a red flag further
    into a long message must still count."""
    flags = find_red_flags(outcome.text, _context(profile))
    level = TriageLevel(outcome.level)
    raised = apply_floor(level, flags)
    if raised == level:
        return outcome
    known = {flag.get("code") for flag in outcome.red_flags}
    extra = [_flag_json(f) for f in flags if f.code not in known]
    return replace(
        outcome,
        level=raised.value,
        confidence=None,
        red_flags=[*outcome.red_flags, *extra],
        explanation=" ".join(
            [f'You mentioned "{f["evidence"]}": {f["label"].rstrip(".")}.' for f in extra]
            + [outcome.explanation]
        ),
    )


def _context(profile: PatientProfile) -> PatientContext:
    return PatientContext(
        age_years=profile.age,
        sex=profile.sex,
        pregnant=profile.pregnant,
        conditions=profile.conditions,
        medications=profile.medications,
    )


def _flag_json(flag: RedFlag) -> dict[str, Any]:
    return {
        "code": flag.code,
        "label": flag.label,
        "level": flag.level.value,
        "evidence": flag.evidence,
        "start": flag.start,
        "end": flag.end,
    }


def load_profile(
    tracker: Tracker, pregnant_answer: str | None = None
) -> tuple[PatientProfile, Patient | None]:
    """The profile the triage service may use, from the patient linked to this conversation;
    a pregnancy answer given in the form overrides the profile's."""
    with database() as session:
        patient = conversation_for(session, tracker).patient
        pregnant = {"yes": True, "no": False}.get(pregnant_answer or "")
        if patient is None:
            return PatientProfile(pregnant=pregnant), None
        return (
            PatientProfile(
                age=_age_years(patient.date_of_birth),
                sex=patient.sex if patient.sex in ("female", "male") else None,
                pregnant=pregnant if pregnant is not None else patient.pregnant,
                conditions=tuple(c.name for c in patient.conditions),
                medications=tuple(
                    " ".join(filter(None, [m.name, m.dose]))
                    for m in patient.medications
                    if m.active
                ),
            ),
            patient,
        )


def _age_years(born: date | None) -> float | None:
    if born is None:
        return None
    today = date.today()
    return float(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))


def record_outcome(tracker: Tracker, outcome: Outcome) -> Saved:
    """Store the assessment, queue the nurse hand-off its level or failure calls for, and
    schedule the follow-up: all in one transaction, so nothing is half-written."""
    with database() as session:
        conversation = conversation_for(session, tracker)
        assessment = AssessmentRepository(session).record(
            conversation,
            outcome.text,
            level=outcome.level,
            confidence=outcome.confidence,
            probabilities=outcome.probabilities,
            red_flags=outcome.red_flags,
            explanation=outcome.explanation,
            model_version=outcome.model_version,
            degraded=outcome.service_failure is not None,
        )
        reason = HANDOFF_FOR_LEVEL.get(outcome.level)
        if outcome.service_failure is not None and not outcome.is_emergency:
            reason = HandoffReason.TRIAGE_UNAVAILABLE
        if reason is not None:
            HandoffRepository(session).request(conversation, reason)
        follow_up = None
        if outcome.service_failure is None:
            follow_up = AssessmentRepository(session).schedule_follow_up(
                assessment, outcome.follow_up_hours
            )
        return Saved(
            assessment_id=assessment.id,
            handoff_reason=reason,
            follow_up_hours=outcome.follow_up_hours if follow_up is not None else None,
        )

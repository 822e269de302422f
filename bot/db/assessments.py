"""Triage assessments as the conversation records them, and the follow-ups they schedule."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import (
    Conversation,
    FollowUp,
    FollowUpStatus,
    TriageAssessment,
    utcnow,
)


class AssessmentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def record(
        self,
        conversation: Conversation,
        text: str,
        *,
        level: str,
        confidence: float | None,
        probabilities: dict[str, float] | None,
        red_flags: list[dict[str, Any]],
        explanation: str,
        model_version: str | None,
        degraded: bool,
    ) -> TriageAssessment:
        """Store one triage decision. `degraded` marks answers given without the model (the
        service was down or had no model): the level is then the safe answer, not a triage."""
        assessment = TriageAssessment(
            patient_id=conversation.patient_id,
            conversation_id=conversation.id,
            input_text=text,
            level=level,
            confidence=confidence if confidence is not None else 0.0,
            probabilities=probabilities or {},
            red_flags=red_flags,
            explanation=explanation,
            model_version=model_version or "unavailable",
            degraded=degraded,
        )
        self.session.add(assessment)
        self.session.flush()
        return assessment

    def schedule_follow_up(self, assessment: TriageAssessment, after_hours: int) -> FollowUp | None:
        """Schedule the check-in; only for a known patient (the reminder worker needs one), and
        replacing any check-in still pending for the same conversation."""
        if assessment.patient_id is None:
            return None
        for pending in self.session.scalars(
            select(FollowUp).where(
                FollowUp.conversation_id == assessment.conversation_id,
                FollowUp.status == FollowUpStatus.SCHEDULED,
            )
        ):
            pending.status = FollowUpStatus.CANCELLED
        follow_up = FollowUp(
            patient_id=assessment.patient_id,
            conversation_id=assessment.conversation_id,
            assessment_id=assessment.id,
            due_at_utc=utcnow() + timedelta(hours=after_hours),
        )
        self.session.add(follow_up)
        self.session.flush()
        return follow_up

    def latest_follow_up(self, conversation: Conversation) -> FollowUp | None:
        """The check-in the patient is answering: the newest one sent, else the newest due."""
        for status in (FollowUpStatus.SENT, FollowUpStatus.SCHEDULED):
            found = self.session.scalars(
                select(FollowUp)
                .where(FollowUp.conversation_id == conversation.id, FollowUp.status == status)
                .order_by(FollowUp.due_at_utc.desc(), FollowUp.id.desc())
            ).first()
            if found is not None:
                return found
        return None

    def close_follow_up(self, follow_up: FollowUp, status: FollowUpStatus, outcome: str) -> None:
        follow_up.status = status
        follow_up.outcome = outcome
        self.session.flush()

"""Handoffs to a nurse: how urgent each kind is, and the queue nurses work from.

Priorities are defined here and nowhere else: code that opens a handoff calls
`handoff_priority(reason, triage_level)` (or `HandoffRepository.open`, which does), and the
console sorts by the stored number. Lower is more urgent; gaps leave room for new kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from bot.db.models import (
    Conversation,
    ConversationStatus,
    Handoff,
    HandoffReason,
    HandoffStatus,
    NurseUser,
    Patient,
    TriageAssessment,
    utcnow,
)

# The order nurses work in: emergencies and red flags, urgent call-backs, a patient asking for a
# person, missed critical doses, follow-ups that got worse, then the triage service failing
# (a human checks what the keyword rules alone decided).
HANDOFF_PRIORITY: dict[HandoffReason, int] = {
    HandoffReason.EMERGENCY: 0,
    HandoffReason.RED_FLAG: 10,
    HandoffReason.PATIENT_REQUEST: 30,
    HandoffReason.MISSED_DOSES: 40,
    HandoffReason.FOLLOWUP_WORSE: 50,
    HandoffReason.TRIAGE_UNAVAILABLE: 60,
    HandoffReason.URGENT_CALLBACK: 20,
}
# Triage levels that move a handoff up whatever its reason (values of bot.triage TriageLevel).
EMERGENCY_TRIAGE_LEVELS = frozenset({"emergency_ambulance", "emergency"})
URGENT_CALLBACK_PRIORITY = HANDOFF_PRIORITY[HandoffReason.URGENT_CALLBACK]

REASON_LABELS: dict[HandoffReason, str] = {
    HandoffReason.EMERGENCY: "Emergency",
    HandoffReason.RED_FLAG: "Red flag",
    HandoffReason.PATIENT_REQUEST: "Asked for a nurse",
    HandoffReason.MISSED_DOSES: "Missed doses",
    HandoffReason.FOLLOWUP_WORSE: "Follow-up: got worse",
    HandoffReason.TRIAGE_UNAVAILABLE: "Triage service failed",
    HandoffReason.URGENT_CALLBACK: "Urgent call-back",
}


def handoff_priority(reason: HandoffReason | str, triage_level: str | None = None) -> int:
    """The priority for a new handoff; lower is more urgent.

    An emergency triage level makes any handoff an emergency; an urgent one makes it at least an
    urgent call-back.
    """
    priority = HANDOFF_PRIORITY[HandoffReason(reason)]
    if triage_level in EMERGENCY_TRIAGE_LEVELS:
        return HANDOFF_PRIORITY[HandoffReason.EMERGENCY]
    if triage_level == "urgent":
        return min(priority, URGENT_CALLBACK_PRIORITY)
    return priority


def priority_label(priority: int) -> str:
    """A word for the queue badge."""
    if priority < HANDOFF_PRIORITY[HandoffReason.RED_FLAG]:
        return "Emergency"
    if priority < URGENT_CALLBACK_PRIORITY:
        return "Red flag"
    if priority < HANDOFF_PRIORITY[HandoffReason.PATIENT_REQUEST]:
        return "Urgent call-back"
    return "Needs a nurse"


@dataclass(frozen=True)
class QueueItem:
    """One row of the nurse queue, with what the page shows beside the handoff."""

    handoff: Handoff
    conversation: Conversation
    patient: Patient | None
    claimed_by: NurseUser | None
    latest_triage: TriageAssessment | None

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.handoff.reason, str(self.handoff.reason))

    @property
    def urgency(self) -> str:
        return priority_label(self.handoff.priority)

    def waiting_seconds(self, now: datetime) -> int:
        return max(0, int((now - self.handoff.created_at).total_seconds()))


class HandoffConflict(Exception):
    """The handoff is not in a state that allows this; the message says what to do."""


class HandoffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def open(
        self,
        conversation: Conversation,
        reason: HandoffReason | str,
        triage_level: str | None = None,
    ) -> Handoff:
        """Put a conversation in the queue, with the priority its reason calls for."""
        handoff = Handoff(
            conversation_id=conversation.id,
            patient_id=conversation.patient_id,
            reason=HandoffReason(reason),
            priority=handoff_priority(reason, triage_level),
        )
        self.session.add(handoff)
        self.session.flush()
        return handoff

    def request(
        self,
        conversation: Conversation,
        reason: HandoffReason,
        triage_level: str | None = None,
    ) -> Handoff:
        """Queue the conversation for a nurse unless the same reason is already waiting (a
        patient repeating themselves is one item), and flag it while the bot has it."""
        for waiting in self.open_for_conversation(conversation.id):
            if waiting.reason == reason:
                return waiting
        handoff = self.open(conversation, reason, triage_level)
        if conversation.status == ConversationStatus.BOT:
            conversation.status = ConversationStatus.FLAGGED
            self.session.flush()
        return handoff

    def get(self, handoff_id: int) -> Handoff | None:
        """The handoff, unless it belongs to a deleted patient (then it is out of reach)."""
        handoff = self.session.get(Handoff, handoff_id)
        if handoff is None or handoff.patient_id is None:
            return handoff
        patient = self.session.get(Patient, handoff.patient_id)
        return None if patient is not None and patient.deleted_at is not None else handoff

    def queue(self) -> list[QueueItem]:
        """Open and claimed handoffs, most urgent first, then longest waiting."""
        rows = self.session.execute(
            select(Handoff, Conversation, Patient, NurseUser)
            .join(Conversation, Conversation.id == Handoff.conversation_id)
            .outerjoin(Patient, Patient.id == Handoff.patient_id)
            .outerjoin(NurseUser, NurseUser.id == Handoff.claimed_by)
            .where(Handoff.status.in_([HandoffStatus.OPEN, HandoffStatus.CLAIMED]))
            .where(Patient.deleted_at.is_(None))
            .order_by(Handoff.priority, Handoff.created_at, Handoff.id)
        ).all()
        conversation_ids = {row[1].id for row in rows}
        latest = self._latest_triage(conversation_ids)
        return [
            QueueItem(handoff, conversation, patient, nurse, latest.get(conversation.id))
            for handoff, conversation, patient, nurse in rows
        ]

    def open_for_conversation(self, conversation_id: int) -> list[Handoff]:
        return list(
            self.session.scalars(
                select(Handoff)
                .where(Handoff.conversation_id == conversation_id)
                .where(Handoff.status.in_([HandoffStatus.OPEN, HandoffStatus.CLAIMED]))
                .order_by(Handoff.priority, Handoff.created_at)
            )
        )

    def claim(self, handoff: Handoff, nurse: NurseUser, now: datetime | None = None) -> None:
        """open → claimed by `nurse`, in one conditional UPDATE so two nurses cannot both win."""
        if handoff.status is HandoffStatus.CLAIMED and handoff.claimed_by == nurse.id:
            return
        result = cast(
            CursorResult[Any],
            self.session.execute(
                update(Handoff)
                .where(Handoff.id == handoff.id, Handoff.status == HandoffStatus.OPEN)
                .values(
                    status=HandoffStatus.CLAIMED, claimed_by=nurse.id, claimed_at=now or utcnow()
                )
                .execution_options(synchronize_session=False)
            ),
        )
        self.session.refresh(handoff)
        if result.rowcount != 1:
            raise HandoffConflict(self._not_open_message(handoff))

    def resolve(
        self, handoff: Handoff, nurse: NurseUser, note: str, now: datetime | None = None
    ) -> None:
        """Close a handoff with what was done. Claims it first when it is still open.

        A flagged conversation with nothing else waiting goes back to plain bot status.
        """
        note = note.strip()
        if not note:
            raise HandoffConflict(
                "Write a short note of what you did (for example 'Called patient, advised 999') "
                "before resolving."
            )
        if handoff.status is HandoffStatus.OPEN:
            self.claim(handoff, nurse, now)
        if handoff.status is HandoffStatus.RESOLVED:
            raise HandoffConflict("This item was already resolved; reload the queue.")
        if handoff.claimed_by != nurse.id:
            raise HandoffConflict(self._not_open_message(handoff))
        handoff.status = HandoffStatus.RESOLVED
        handoff.resolved_at = now or utcnow()
        handoff.resolution_note = note
        self.session.flush()
        conversation = self.session.get(Conversation, handoff.conversation_id)
        if (
            conversation is not None
            and conversation.status is ConversationStatus.FLAGGED
            and not self.open_for_conversation(conversation.id)
        ):
            conversation.status = ConversationStatus.BOT  # nothing left for a person to do

    def _not_open_message(self, handoff: Handoff) -> str:
        if handoff.status is HandoffStatus.RESOLVED:
            return "This item was already resolved; reload the queue."
        owner = self.session.get(NurseUser, handoff.claimed_by) if handoff.claimed_by else None
        name = owner.display_name if owner else "another nurse"
        return f"{name} has already claimed this item; ask them before stepping in."

    def _latest_triage(self, conversation_ids: set[int]) -> dict[int, TriageAssessment]:
        if not conversation_ids:
            return {}
        latest: dict[int, TriageAssessment] = {}
        for assessment in self.session.scalars(
            select(TriageAssessment)
            .where(TriageAssessment.conversation_id.in_(conversation_ids))
            .order_by(TriageAssessment.created_at, TriageAssessment.id)
        ):
            assert assessment.conversation_id is not None
            latest[assessment.conversation_id] = assessment
        return latest

"""What became of each dose: the patient's replies, misses, and when a nurse should look.

Every dose event ends as `taken`, `skipped`, `missed` (texted, and no answer within
`reminder_missed_after_minutes`) or `not_sent` (see `dispatch`). A reply is matched to the
patient's most recent open dose: one texted and not yet answered (a dose already marked missed
may still be answered late; the answer replaces the miss). Every change is a conditional UPDATE
on the status read, so a reply racing the miss marker, or two replies, record one outcome.

A nurse is asked to look (a `missed_doses` handoff) when a medication's last two doses were
missed, or when a dose of a critical medication was skipped or missed; one open handoff per
patient is enough.
"""

from __future__ import annotations

import enum
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.handoffs import HANDOFF_PRIORITY
from bot.db.models import (
    ConversationStatus,
    DoseEvent,
    DoseStatus,
    Handoff,
    HandoffReason,
    HandoffStatus,
    Medication,
    Patient,
)
from bot.db.repositories import AuditLog
from bot.reminders.patients import conversation_for_patient
from bot.settings import Settings

logger = logging.getLogger(__name__)

AUDIT_ACTOR = "system:adherence"
# How far back a late answer may still reach a dose.
LATE_ANSWER_WINDOW = timedelta(hours=24)
# In chat, "I took it" may also answer a dose not texted yet, due this soon.
UPCOMING_WINDOW = timedelta(hours=1)
_OPEN_HANDOFF = (HandoffStatus.OPEN, HandoffStatus.CLAIMED)
_UNITS = re.compile(r"^(\d+)\s+(?:tablet|pill|capsule|puff|drop|spray|patch|sachet)", re.IGNORECASE)


class DoseReply(enum.StrEnum):
    TAKEN = "taken"
    SKIPPED = "skipped"
    SNOOZE = "snooze"


class ReplyOutcome(enum.StrEnum):
    RECORDED = "recorded"
    SNOOZED = "snoozed"
    NO_OPEN_DOSE = "no_open_dose"
    ALREADY_SNOOZED = "already_snoozed"


@dataclass(frozen=True)
class ReplyResult:
    outcome: ReplyOutcome
    dose_event_id: int | None = None
    medication: str | None = None
    snoozed_until_utc: datetime | None = None
    pills_left: int | None = None
    flagged: bool = False


def units_per_dose(dose: str | None) -> int:
    """Pills a dose uses: 2 for "2 tablets", 1 for "500 mg" or nothing said."""
    match = _UNITS.match((dose or "").strip())
    return int(match.group(1)) if match else 1


def open_dose(
    session: Session, patient_id: int, now: datetime, *, include_upcoming: bool = False
) -> DoseEvent | None:
    """The dose a reply answers: the latest texted-and-unanswered one (texted ones first).

    With `include_upcoming` (chat), a dose still pending and due within the hour counts too.
    """
    snoozed = DoseEvent.snoozed_until_utc.is_not(None)
    answerable = [
        DoseEvent.status.in_([DoseStatus.SENT, DoseStatus.MISSED]),
        # Snoozed and waiting for its second text: TAKEN now saves that text.
        sa.and_(DoseEvent.status == DoseStatus.PENDING, snoozed),
    ]
    if include_upcoming:
        answerable.append(DoseEvent.status == DoseStatus.PENDING)
    texted_first = sa.case(
        (DoseEvent.status == DoseStatus.SENT, 0),
        (sa.and_(DoseEvent.status == DoseStatus.PENDING, snoozed), 0),
        else_=1,
    )
    return session.scalars(
        sa.select(DoseEvent)
        .join(Medication, DoseEvent.medication_id == Medication.id)
        .where(
            Medication.patient_id == patient_id,
            sa.or_(*answerable),
            DoseEvent.responded_at.is_(None),
            DoseEvent.scheduled_at_utc >= now - LATE_ANSWER_WINDOW,
            DoseEvent.scheduled_at_utc
            <= now + (UPCOMING_WINDOW if include_upcoming else timedelta(0)),
        )
        .order_by(texted_first, DoseEvent.scheduled_at_utc.desc(), DoseEvent.id.desc())
        .limit(1)
    ).first()


def record_reply(
    session: Session,
    settings: Settings,
    patient: Patient,
    reply: DoseReply,
    now: datetime,
    *,
    snooze_minutes: int = 10,
    include_upcoming: bool = False,
    conversation_id: int | None = None,
) -> ReplyResult:
    """Record the patient's answer to their open dose. The caller commits.

    TAKEN and SKIP settle the dose (taken decrements the pill count); SNOOZE makes a texted dose
    due again once, `snooze_minutes` from now, through the dispatcher's usual claim.
    """
    for _attempt in range(3):  # the row may change under us (the miss marker); re-read it
        dose = open_dose(session, patient.id, now, include_upcoming=include_upcoming)
        if dose is None:
            return ReplyResult(ReplyOutcome.NO_OPEN_DOSE)
        medication = session.get(Medication, dose.medication_id)
        assert medication is not None
        if reply is DoseReply.SNOOZE:
            if dose.snoozed_until_utc is not None or dose.status is DoseStatus.PENDING:
                return ReplyResult(
                    ReplyOutcome.ALREADY_SNOOZED, dose.id, medication.name, dose.snoozed_until_utc
                )
            until = now + timedelta(minutes=snooze_minutes)
            if _change(session, dose, now, status=DoseStatus.PENDING, snoozed_until_utc=until):
                _audit(session, patient.id, dose, "dose.snoozed", minutes=snooze_minutes)
                return ReplyResult(ReplyOutcome.SNOOZED, dose.id, medication.name, until)
            continue
        status = DoseStatus.TAKEN if reply is DoseReply.TAKEN else DoseStatus.SKIPPED
        if not _change(session, dose, now, status=status, responded_at=now):
            continue
        _audit(session, patient.id, dose, f"dose.{status.value}")
        pills_left = None
        if status is DoseStatus.TAKEN and medication.pill_count is not None:
            medication.pill_count = max(0, medication.pill_count - units_per_dose(medication.dose))
            pills_left = medication.pill_count
        flagged = False
        if status is DoseStatus.SKIPPED and medication.critical:
            flagged = flag_for_nurse(
                session, settings, patient, "critical_dose_skipped", dose, conversation_id
            )
        session.flush()
        return ReplyResult(
            ReplyOutcome.RECORDED, dose.id, medication.name, pills_left=pills_left, flagged=flagged
        )
    return ReplyResult(ReplyOutcome.NO_OPEN_DOSE)


def mark_missed_doses(
    session_factory: sessionmaker[Session],
    settings: Settings,
    now: datetime,
    *,
    limit: int = 1000,
) -> int:
    """Texted doses with no answer `reminder_missed_after_minutes` after they were due → missed.

    Each in its own transaction, with the nurse check beside it. Returns how many were marked.
    """
    window = timedelta(minutes=settings.reminder_missed_after_minutes)
    due = sa.func.coalesce(DoseEvent.snoozed_until_utc, DoseEvent.scheduled_at_utc)
    with session_factory() as session:
        dose_ids = session.scalars(
            sa.select(DoseEvent.id)
            .where(DoseEvent.status == DoseStatus.SENT, due <= now - window)
            .order_by(DoseEvent.scheduled_at_utc, DoseEvent.id)
            .limit(limit)
        ).all()
    marked = 0
    for dose_id in dose_ids:
        with session_scope(session_factory) as session:
            dose = session.get(DoseEvent, dose_id)
            if dose is None or not _change(session, dose, now, status=DoseStatus.MISSED):
                continue
            marked += 1
            medication = session.get(Medication, dose.medication_id)
            assert medication is not None
            patient = session.get(Patient, medication.patient_id)
            assert patient is not None
            _audit(session, patient.id, dose, "dose.missed")
            if medication.critical:
                flag_for_nurse(session, settings, patient, "critical_dose_missed", dose)
            elif _last_two_missed(session, medication.id):
                flag_for_nurse(session, settings, patient, "two_doses_missed", dose)
    if marked:
        logger.info("Adherence: %d doses marked missed.", marked)
    return marked


def flag_for_nurse(
    session: Session,
    settings: Settings,
    patient: Patient,
    why: str,
    dose: DoseEvent,
    conversation_id: int | None = None,
) -> bool:
    """Open a `missed_doses` handoff for the patient unless one is already open. True if opened."""
    existing = session.scalar(
        sa.select(Handoff.id).where(
            Handoff.patient_id == patient.id,
            Handoff.reason == HandoffReason.MISSED_DOSES,
            Handoff.status.in_(_OPEN_HANDOFF),
        )
    )
    if existing is not None:
        return False
    conversation = conversation_for_patient(session, settings, patient, conversation_id)
    if conversation is None:
        logger.warning("Patient %d needs a nurse (%s) but has no conversation.", patient.id, why)
        return False
    session.add(
        Handoff(
            conversation_id=conversation.id,
            patient_id=patient.id,
            reason=HandoffReason.MISSED_DOSES,
            priority=HANDOFF_PRIORITY[HandoffReason.MISSED_DOSES],
        )
    )
    if conversation.status is ConversationStatus.BOT:
        conversation.status = ConversationStatus.FLAGGED
    _audit(session, patient.id, dose, "handoff.missed_doses", why=why)
    session.flush()
    return True


def _last_two_missed(session: Session, medication_id: int) -> bool:
    latest = session.scalars(
        sa.select(DoseEvent.status)
        .where(
            DoseEvent.medication_id == medication_id,
            DoseEvent.status.in_([DoseStatus.TAKEN, DoseStatus.SKIPPED, DoseStatus.MISSED]),
        )
        .order_by(DoseEvent.scheduled_at_utc.desc(), DoseEvent.id.desc())
        .limit(2)
    ).all()
    return len(latest) == 2 and all(status == DoseStatus.MISSED for status in latest)


def _change(session: Session, dose: DoseEvent, now: datetime, **values: object) -> bool:
    """`UPDATE dose_events SET ... WHERE id = :id AND status = :as_read`; True when it applied."""
    result = session.execute(
        sa.update(DoseEvent)
        .where(DoseEvent.id == dose.id, DoseEvent.status == dose.status)
        .values(updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    changed = getattr(result, "rowcount", 0) == 1
    session.expire(dose)
    return changed


def _audit(
    session: Session, patient_id: int, dose: DoseEvent, action: str, **detail: object
) -> None:
    AuditLog(session).record(
        AUDIT_ACTOR, action, patient_id=patient_id, dose_event_id=dose.id, **detail
    )

"""The nurse's start page: everything that needs a person, most urgent first; claim, resolve."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from bot.console.deps import CurrentNurse, NotFound, SessionDep, audit, render
from bot.db.handoffs import HandoffConflict, HandoffRepository, QueueItem
from bot.db.models import NurseUser, utcnow

# The patients whose queue rows this browser session has been shown (and the audit has seen).
QUEUE_SEEN_KEY = "queue_seen_patients"
QUEUE_REFRESH_SECONDS = 10

router = APIRouter()


def _audit_patients_shown(
    request: Request, db: SessionDep, nurse: NurseUser, items: list[QueueItem], *, full: bool
) -> None:
    """One audit entry per patient newly shown. The page polls every few seconds, so a refresh
    that shows the same patients again adds nothing; a full page load records them all."""
    shown = sorted({item.patient.id for item in items if item.patient is not None})
    seen = set() if full else set(request.session.get(QUEUE_SEEN_KEY, []))
    for patient_id in shown:
        if patient_id not in seen:
            audit(db, nurse, "queue.viewed", patient_id=patient_id)
    request.session[QUEUE_SEEN_KEY] = shown


def _render_queue(
    request: Request, db: SessionDep, nurse: NurseUser, template: str, *, full: bool
) -> Response:
    items = HandoffRepository(db).queue()
    _audit_patients_shown(request, db, nurse, items, full=full)
    context = {
        "nurse": nurse,
        "items": items,
        "now": utcnow(),
        "refresh_seconds": QUEUE_REFRESH_SECONDS,
    }
    return render(request, template, context)


@router.get("/")
def queue(request: Request, db: SessionDep, nurse: CurrentNurse) -> Response:
    return _render_queue(request, db, nurse, "queue.html", full=True)


@router.get("/queue/items")
def queue_items(request: Request, db: SessionDep, nurse: CurrentNurse) -> Response:
    """The queue's rows alone, fetched by console.js to refresh the page in place."""
    return _render_queue(request, db, nurse, "_queue_items.html", full=False)


def _conflict(request: Request, message: str) -> Response:
    return render(
        request, "error.html", {"title": "Not possible right now", "message": message}, 409
    )


@router.post("/handoffs/{handoff_id}/claim")
def claim(request: Request, handoff_id: int, db: SessionDep, nurse: CurrentNurse) -> Response:
    handoffs = HandoffRepository(db)
    handoff = handoffs.get(handoff_id)
    if handoff is None:
        raise NotFound("queue item")
    try:
        handoffs.claim(handoff, nurse)
    except HandoffConflict as conflict:
        return _conflict(request, str(conflict))
    audit(db, nurse, "handoff.claimed", patient_id=handoff.patient_id, handoff_id=handoff.id)
    return RedirectResponse(f"/conversations/{handoff.conversation_id}", status_code=303)


@router.post("/handoffs/{handoff_id}/resolve")
def resolve(
    request: Request,
    handoff_id: int,
    db: SessionDep,
    nurse: CurrentNurse,
    note: Annotated[str, Form()] = "",
) -> Response:
    handoffs = HandoffRepository(db)
    handoff = handoffs.get(handoff_id)
    if handoff is None:
        raise NotFound("queue item")
    try:
        handoffs.resolve(handoff, nurse, note)
    except HandoffConflict as conflict:
        return _conflict(request, str(conflict))
    audit(db, nurse, "handoff.resolved", patient_id=handoff.patient_id, handoff_id=handoff.id)
    return RedirectResponse("/", status_code=303)

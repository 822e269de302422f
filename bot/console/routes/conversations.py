"""Conversations: search, the transcript, and a nurse taking over, replying and handing back."""

from __future__ import annotations

import logging
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import update
from starlette.responses import Response

from bot.console.deps import (
    CurrentNurse,
    NotFound,
    RasaDep,
    SessionDep,
    SmsSenderDep,
    audit,
    render,
)
from bot.console.rasa_client import RasaUnavailable
from bot.db.handoffs import HandoffConflict, HandoffRepository
from bot.db.models import (
    Channel,
    Conversation,
    ConversationStatus,
    HandoffStatus,
    NurseUser,
    SmsPurpose,
    SmsStatus,
)
from bot.db.transcripts import ConversationSearch, TranscriptReader, tracker_store_exists

logger = logging.getLogger(__name__)
router = APIRouter()


def _visible(db: SessionDep, conversation_id: int) -> Conversation:
    conversation = ConversationSearch(db).get_visible(conversation_id)
    if conversation is None:
        raise NotFound("conversation")
    return conversation


def _problem(request: Request, title: str, message: str, status_code: int) -> Response:
    return render(request, "error.html", {"title": title, "message": message}, status_code)


@router.get("/conversations")
def search(
    request: Request, db: SessionDep, nurse: CurrentNurse, q: str = "", day: str = ""
) -> Response:
    on: date | None = None
    error = None
    if day:
        try:
            on = date.fromisoformat(day)
        except ValueError:
            error = f"{day!r} is not a date; use the date picker or write it as 2026-03-14."
    results = ConversationSearch(db).search(q, on)
    # The search terms may name a patient: stored in the audit trail, never logged.
    audit(db, nurse, "conversations.searched", query=q, day=day, results=len(results))
    for _conversation, patient in results:
        if patient is not None:
            audit(db, nurse, "conversation.listed", patient_id=patient.id)
    return render(
        request,
        "conversations.html",
        {"nurse": nurse, "results": results, "q": q, "day": day, "error": error},
    )


@router.get("/conversations/{conversation_id}")
def transcript(
    request: Request, conversation_id: int, db: SessionDep, nurse: CurrentNurse
) -> Response:
    conversation = _visible(db, conversation_id)
    audit(
        db,
        nurse,
        "conversation.viewed",
        patient_id=conversation.patient_id,
        conversation_id=conversation.id,
    )
    taker = db.get(NurseUser, conversation.taken_over_by) if conversation.taken_over_by else None
    return render(
        request,
        "conversation.html",
        {
            "nurse": nurse,
            "conversation": conversation,
            "patient": conversation.patient,
            "entries": TranscriptReader(db).transcript(conversation),
            "tracker_store_ready": tracker_store_exists(db),
            "handoffs": HandoffRepository(db).open_for_conversation(conversation.id),
            "taker": taker,
            "can_reply": conversation.channel in (Channel.SMS, Channel.SOCKETIO),
        },
    )


@router.post("/conversations/{conversation_id}/take-over")
def take_over(
    request: Request,
    conversation_id: int,
    db: SessionDep,
    nurse: CurrentNurse,
    rasa: RasaDep,
    confirm_steal: Annotated[str, Form()] = "",
    from_nurse: Annotated[int | None, Form()] = None,
) -> Response:
    conversation = _visible(db, conversation_id)
    holder = conversation.taken_over_by
    if conversation.status is ConversationStatus.NURSE and holder not in (None, nurse.id):
        confirmed = confirm_steal == "yes"
        if confirmed and from_nurse != holder:
            return _changed_hands(request)
        return _take_over_from(request, db, nurse, conversation, holder, confirmed)
    try:
        rasa.pause(conversation.sender_id)
    except RasaUnavailable as error:
        return _problem(request, "The bot could not be paused", str(error), 502)
    conversation.status = ConversationStatus.NURSE
    conversation.taken_over_by = nurse.id
    _claim_open_handoffs(db, conversation, nurse)
    audit(
        db,
        nurse,
        "conversation.taken_over",
        patient_id=conversation.patient_id,
        conversation_id=conversation.id,
    )
    return RedirectResponse(f"/conversations/{conversation.id}#reply", status_code=303)


def _take_over_from(
    request: Request,
    db: SessionDep,
    nurse: NurseUser,
    conversation: Conversation,
    holder: int | None,
    confirmed: bool,
) -> Response:
    """A conversation another nurse holds changes hands only when the taker confirms it; the
    bot stays paused, the holder can no longer reply or hand back, and the audit log says who
    took it from whom."""
    taker = db.get(NurseUser, holder) if holder is not None else None
    name = taker.display_name if taker else "Another nurse"
    if not confirmed:
        return _problem(
            request,
            "Already taken over",
            f"{name} is already talking with this patient. Ask them to hand back, or take it "
            f"over from them with the confirmation on the conversation page.",
            409,
        )
    # Only from the nurse the page showed (checked above) and still holds it now.
    moved = db.execute(
        update(Conversation)
        .where(
            Conversation.id == conversation.id,
            Conversation.status == ConversationStatus.NURSE,
            Conversation.taken_over_by == holder,
        )
        .values(taken_over_by=nurse.id)
        .execution_options(synchronize_session=False)
    )
    if getattr(moved, "rowcount", 0) != 1:
        return _changed_hands(request)
    db.refresh(conversation)
    _claim_open_handoffs(db, conversation, nurse)
    audit(
        db,
        nurse,
        "conversation.taken_over_from",
        patient_id=conversation.patient_id,
        conversation_id=conversation.id,
        previous_nurse_id=holder,
    )
    logger.info(
        "Nurse %d took conversation %d over from nurse %s.", nurse.id, conversation.id, holder
    )
    return RedirectResponse(f"/conversations/{conversation.id}#reply", status_code=303)


def _changed_hands(request: Request) -> Response:
    return _problem(
        request,
        "The conversation changed hands",
        "Someone took over or handed back this conversation after you opened it, so nothing was "
        "changed. Reload the page to see who has it now.",
        409,
    )


def _claim_open_handoffs(db: SessionDep, conversation: Conversation, nurse: NurseUser) -> None:
    handoffs = HandoffRepository(db)
    for handoff in handoffs.open_for_conversation(conversation.id):
        if handoff.status is HandoffStatus.OPEN:
            try:
                handoffs.claim(handoff, nurse)
            except HandoffConflict:
                continue  # claimed by a colleague a moment ago: theirs stands


def _require_own_takeover(conversation: Conversation, nurse: NurseUser) -> str | None:
    if conversation.status is not ConversationStatus.NURSE:
        return "The bot is still answering this conversation. Take it over first, then reply."
    if conversation.taken_over_by != nurse.id:
        return "Another nurse has taken over this conversation; only they can reply or hand back."
    return None


@router.post("/conversations/{conversation_id}/reply")
def reply(
    request: Request,
    conversation_id: int,
    db: SessionDep,
    nurse: CurrentNurse,
    rasa: RasaDep,
    sms: SmsSenderDep,
    message: Annotated[str, Form()] = "",
) -> Response:
    conversation = _visible(db, conversation_id)
    problem = _require_own_takeover(conversation, nurse)
    if problem is not None:
        return _problem(request, "You cannot reply yet", problem, 409)
    text = message.strip()
    if not text:
        return _problem(request, "Empty message", "Write a message before sending it.", 400)

    sent: dict[str, object] = {"conversation_id": conversation.id, "channel": conversation.channel}
    if conversation.channel is Channel.SMS:
        patient = conversation.patient
        if patient is None or not patient.phone_e164:
            return _problem(
                request,
                "No phone number",
                "This patient has no phone number on record, so no SMS can be sent. "
                "Call the clinic's number for them on their record instead.",
                409,
            )
        # Nothing written in this request's session before this point: the sender commits the
        # outbox row in its own transaction, and SQLite allows one writer at a time.
        try:
            outcome = sms.send(
                to_number=patient.phone_e164,
                body=text,
                purpose=SmsPurpose.NURSE_REPLY,
                patient_id=patient.id,
                conversation_id=conversation.id,
            )
        except ValueError as error:
            return _problem(request, "The SMS was not sent", str(error), 400)
        sent["sms_message_id"] = outcome.message_id
        if outcome.status is SmsStatus.FAILED:
            audit(db, nurse, "conversation.nurse_reply_failed", patient_id=patient.id, **sent)
            return _problem(
                request,
                "The SMS could not be sent",
                f"The SMS provider refused it (error {outcome.error_code}). It is kept in the "
                "outbox as failed. Check the phone number on the patient's record, or call them.",
                502,
            )
    elif conversation.channel is Channel.SOCKETIO:
        try:
            rasa.send_to_web_chat(
                conversation.sender_id, text, {"sent_by": "nurse", "nurse_id": nurse.id}
            )
        except RasaUnavailable as error:
            return _problem(request, "The message was not sent", str(error), 502)
    else:
        return _problem(
            request,
            "This channel cannot receive messages",
            "This conversation came through the REST API, which cannot be sent a message the "
            "patient did not ask for. Contact the patient by phone.",
            409,
        )
    audit(db, nurse, "conversation.nurse_replied", patient_id=conversation.patient_id, **sent)
    return RedirectResponse(f"/conversations/{conversation.id}#reply", status_code=303)


@router.post("/conversations/{conversation_id}/hand-back")
def hand_back(
    request: Request, conversation_id: int, db: SessionDep, nurse: CurrentNurse, rasa: RasaDep
) -> Response:
    conversation = _visible(db, conversation_id)
    problem = _require_own_takeover(conversation, nurse)
    if problem is not None:
        return _problem(request, "Not yours to hand back", problem, 409)
    try:
        rasa.resume(conversation.sender_id)
    except RasaUnavailable as error:
        return _problem(request, "The bot could not be resumed", str(error), 502)
    # Still flagged while a hand-off for it is unresolved: it stays someone's job.
    unresolved = HandoffRepository(db).open_for_conversation(conversation.id)
    conversation.status = ConversationStatus.FLAGGED if unresolved else ConversationStatus.BOT
    conversation.taken_over_by = None
    audit(
        db,
        nurse,
        "conversation.handed_back",
        patient_id=conversation.patient_id,
        conversation_id=conversation.id,
    )
    return RedirectResponse(f"/conversations/{conversation.id}", status_code=303)

"""The patient page: record, medications, 30-day adherence, triage history and nurse notes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from bot.console.charts import SERIES, adherence_percent, adherence_svg
from bot.console.deps import CurrentNurse, NotFound, SessionDep, audit, render
from bot.db.models import Patient
from bot.db.patient_records import PatientRecords

router = APIRouter()


def _visible(records: PatientRecords, patient_id: int) -> Patient:
    patient = records.get_visible(patient_id)
    if patient is None:
        raise NotFound("patient")
    return patient


@router.get("/patients/{patient_id}")
def patient_page(
    request: Request, patient_id: int, db: SessionDep, nurse: CurrentNurse
) -> Response:
    records = PatientRecords(db)
    patient = _visible(records, patient_id)
    audit(db, nurse, "patient.viewed", patient_id=patient.id)
    adherence = records.adherence(patient)
    return render(
        request,
        "patient.html",
        {
            "nurse": nurse,
            "patient": patient,
            "medications": records.medications(patient),
            "adherence_chart": adherence_svg(adherence),
            "adherence_percent": adherence_percent(adherence),
            "chart_legend": SERIES,
            "triage_history": records.triage_history(patient),
            "conversations": records.conversations(patient),
            "notes": records.notes(patient),
        },
    )


@router.post("/patients/{patient_id}/notes")
def add_note(
    request: Request,
    patient_id: int,
    db: SessionDep,
    nurse: CurrentNurse,
    body: Annotated[str, Form()] = "",
) -> Response:
    records = PatientRecords(db)
    patient = _visible(records, patient_id)
    try:
        note = records.add_note(patient, nurse, body)
    except ValueError as error:
        return render(
            request, "error.html", {"title": "Note not saved", "message": str(error)}, 400
        )
    audit(db, nurse, "patient.note_added", patient_id=patient.id, note_id=note.id)
    return RedirectResponse(f"/patients/{patient.id}#notes", status_code=303)

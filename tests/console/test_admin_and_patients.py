"""Admin pages (accounts, audit log) and the patient page (record, adherence chart, notes)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import (
    Allergy,
    AuditEntry,
    Condition,
    DoseEvent,
    DoseStatus,
    Medication,
    MedicationSchedule,
    NurseUser,
)
from bot.db.patient_records import PatientRecords
from tests.console import seed
from tests.console.support import ADMIN_EMAIL, NURSE_EMAIL, NURSE_PASSWORD, csrf_of, login

NEW_PASSWORD = "a brand new long password"


def test_admin_creates_disables_and_resets_a_nurse_account(
    console: TestClient, db: sessionmaker[Session], admin_id: int, nurse_id: int
) -> None:
    login(console, ADMIN_EMAIL, NURSE_PASSWORD)
    token = csrf_of(console, "/admin/nurses")
    created = console.post(
        "/admin/nurses",
        data={"csrf_token": token, "email": "Cy@Clinic.example", "display_name": "Cy Dlamini",
              "password": NURSE_PASSWORD, "role": "nurse"},
    )  # fmt: skip
    assert created.status_code == 303
    assert "cy@clinic.example" in console.get("/admin/nurses").text

    weak = console.post(f"/admin/nurses/{nurse_id}/password",
                        data={"csrf_token": token, "password": "short"})  # fmt: skip
    assert weak.status_code == 400 and "12" in weak.text
    console.post(f"/admin/nurses/{nurse_id}/password",
                 data={"csrf_token": token, "password": NEW_PASSWORD})  # fmt: skip
    console.post(f"/admin/nurses/{nurse_id}/active", data={"csrf_token": token, "active": "false"})
    own = console.post(f"/admin/nurses/{admin_id}/active",
                       data={"csrf_token": token, "active": "false"})  # fmt: skip
    assert own.status_code == 400 and "cannot disable your own account" in own.text

    with session_scope(db) as session:
        nurse = session.get(NurseUser, nurse_id)
        assert nurse is not None and not nurse.active
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.actor == f"nurse:{admin_id}")
        ).all()
    assert {"nurse.created", "nurse.password_reset", "nurse.disabled"} <= set(actions)

    audit_page = console.get("/admin/audit").text
    assert "nurse.password_reset" in audit_page and "nurse.disabled" in audit_page

    console.post(f"/admin/nurses/{nurse_id}/active", data={"csrf_token": token, "active": "true"})
    console.cookies.clear()
    assert login(console, NURSE_EMAIL, NURSE_PASSWORD).status_code == 401
    assert login(console, NURSE_EMAIL, NEW_PASSWORD).status_code == 303


def test_audit_log_filters_by_patient(
    console: TestClient, db: sessionmaker[Session], admin_id: int
) -> None:
    with session_scope(db) as session:
        first, second = seed.patient(session, "First"), seed.patient(session, "Second")
        ids = first.id, second.id
    login(console, ADMIN_EMAIL, NURSE_PASSWORD)
    console.get(f"/patients/{ids[0]}")
    console.get(f"/patients/{ids[1]}")
    page = console.get("/admin/audit", params={"patient": str(ids[0])}).text
    assert f'href="/patients/{ids[0]}"' in page and f'href="/patients/{ids[1]}"' not in page


def _record(db: sessionmaker[Session], today: date) -> int:
    with session_scope(db) as session:
        patient = seed.patient(session, "Amahle", "Khumalo", "+14155552674")
        patient.time_zone = "UTC"
        session.add_all(
            [
                Condition(patient_id=patient.id, name="Type 2 diabetes"),
                Allergy(patient_id=patient.id, name="Penicillin", notes="rash"),
            ]
        )
        medication = Medication(patient_id=patient.id, name="Metformin", dose="500 mg",
                                critical=True)  # fmt: skip
        session.add(medication)
        session.flush()
        schedule = MedicationSchedule(medication_id=medication.id, local_time=time(8, 0))
        session.add(schedule)
        session.flush()
        statuses = [DoseStatus.TAKEN, DoseStatus.MISSED, DoseStatus.TAKEN, DoseStatus.SKIPPED]
        for days_ago, status in enumerate(statuses):
            at = datetime.combine(today - timedelta(days=days_ago), time(8, 0), tzinfo=UTC)
            session.add(DoseEvent(medication_id=medication.id, schedule_id=schedule.id,
                                  scheduled_at_utc=at, status=status))  # fmt: skip
        # 40 days ago: outside the chart.
        old = datetime.combine(today - timedelta(days=40), time(8, 0), tzinfo=UTC)
        session.add(DoseEvent(medication_id=medication.id, schedule_id=schedule.id,
                              scheduled_at_utc=old, status=DoseStatus.MISSED))  # fmt: skip
        seed.triage(session, seed.conversation(session, patient, "sms-amahle"), "urgent", "dizzy")
        return patient.id


def test_adherence_counts_the_last_30_local_days(db: sessionmaker[Session]) -> None:
    today = date(2026, 3, 14)
    patient_id = _record(db, today)
    with session_scope(db) as session:
        records = PatientRecords(session)
        patient = records.get_visible(patient_id)
        assert patient is not None
        days = records.adherence(patient, today=today)
    assert len(days) == 30 and days[-1].day == today and days[0].day == today - timedelta(29)
    assert (days[-1].taken, days[-2].missed, days[-3].taken, days[-4].skipped) == (1, 1, 1, 1)
    assert sum(day.due for day in days) == 4


def test_patient_page_shows_the_record_chart_triage_and_notes(
    signed_in: TestClient, db: sessionmaker[Session], nurse_id: int
) -> None:
    patient_id = _record(db, datetime.now(UTC).date())
    page = signed_in.get(f"/patients/{patient_id}")
    assert page.status_code == 200
    html = page.text
    for text in ("Amahle Khumalo", "Type 2 diabetes", "Penicillin", "Metformin", "500 mg",
                 "08:00", "critical", "Triage: urgent", "+14155552674"):  # fmt: skip
        assert text in html, text
    chart = html[html.index('<svg class="chart"') : html.index("</svg>")]
    assert "50% of doses taken over the last 30 days" in html
    assert len(re.findall(r"<rect ", chart)) == 4  # taken, missed, taken, skipped

    token = csrf_of(signed_in, f"/patients/{patient_id}")
    empty = signed_in.post(f"/patients/{patient_id}/notes", data={"csrf_token": token, "body": " "})
    assert empty.status_code == 400 and "The note is empty" in empty.text
    signed_in.post(f"/patients/{patient_id}/notes",
                   data={"csrf_token": token, "body": "Prefers calls after 5 pm."})  # fmt: skip
    assert "Prefers calls after 5 pm." in signed_in.get(f"/patients/{patient_id}").text
    with session_scope(db) as session:
        actions = session.scalars(
            select(AuditEntry.action).where(AuditEntry.patient_id == patient_id)
        ).all()
    assert "patient.viewed" in actions and "patient.note_added" in actions

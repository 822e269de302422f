"""One dispatch run handling doses on several threads still texts each dose exactly once, also
when two such runs race (the real sender in local mode, real SQLite)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import DoseEvent, DoseStatus, Medication, MedicationSchedule, Patient, SmsMessage
from bot.reminders.dispatch import send_due_reminders
from bot.reminders.sms import make_sms_sender
from bot.settings import Settings

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def test_threads_and_racing_runs_text_each_dose_once(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    with session_scope(factory) as session:
        for index in range(40):
            patient = Patient(phone_e164=f"+1415555{3000 + index:04d}", sms_consent=True)
            medication = Medication(patient=patient, name="metformin")
            schedule = MedicationSchedule(medication=medication, local_time=time(8))
            session.add_all([patient, medication, schedule])
            session.flush()
            session.add(
                DoseEvent(
                    medication_id=medication.id,
                    schedule_id=schedule.id,
                    scheduled_at_utc=NOW - timedelta(minutes=1),
                )
            )
    sender = make_sms_sender(sqlite_settings, factory)
    reports = []

    def run() -> None:
        reports.append(send_due_reminders(factory, sender, NOW, concurrency=8))

    runs = [threading.Thread(target=run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()
    assert sum(report.sent for report in reports) == 40
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count(SmsMessage.id))) == 40
        assert set(session.scalars(sa.select(DoseEvent.status))) == {DoseStatus.SENT}
        texted = session.scalars(sa.select(SmsMessage.to_number)).all()
        assert len(set(texted)) == 40

"""The worker registers its reminder poll in its own memory store, sends due reminders, stops
cleanly, and two workers sharing one database (and one APScheduler job store) send each dose
once."""

from __future__ import annotations

import logging
import threading
import time as clock
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import session_scope
from bot.db.models import (
    DoseEvent,
    DoseStatus,
    Medication,
    MedicationSchedule,
    Patient,
)
from bot.reminders.sms import SendOutcome, make_sms_sender
from bot.reminders.worker import (
    INTERNAL,
    PERSISTENT,
    REMINDER_JOB_ID,
    add_reminder_job,
    make_scheduler,
    run_reminder_cycle,
    run_worker,
    scheduled_job_count,
)
from bot.settings import Settings


class RecordingSender:
    """The real sender in local mode (the outbox, no network), recording every call."""

    def __init__(self, settings: Settings, session_factory: sessionmaker[Session]) -> None:
        self.real = make_sms_sender(settings, session_factory)
        self.calls: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def send(self, **kwargs: Any) -> SendOutcome:
        with self.lock:
            self.calls.append(kwargs)
        return self.real.send(**kwargs)


def add_due_schedules(factory: sessionmaker[Session], count: int) -> None:
    """Daily schedules whose dose today fell due two minutes ago (real time)."""
    now = datetime.now(UTC)
    due = (now - timedelta(minutes=2)).time().replace(second=0, microsecond=0)
    with session_scope(factory) as session:
        for n in range(count):
            patient = Patient(
                first_name="Ada",
                phone_e164=f"+1415555{3000 + n:04d}",
                time_zone="UTC",
                sms_consent=True,
            )
            medication = Medication(patient=patient, name="Metformin", dose="500 mg")
            schedule = MedicationSchedule(
                medication=medication,
                local_time=due,
                time_zone="UTC",
                created_at=now - timedelta(days=1),
            )
            session.add_all([patient, medication, schedule])


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = clock.monotonic() + timeout
    while not condition():
        if clock.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        clock.sleep(0.05)


def fast(settings: Settings) -> Settings:
    return settings.model_copy(update={"reminder_poll_seconds": 1})


def test_reminder_job_is_internal_single_instance_and_coalescing(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    scheduler = make_scheduler(sqlite_settings)
    scheduler.start(paused=True)
    try:
        sender = RecordingSender(sqlite_settings, sqlite_session_factory)
        add_reminder_job(scheduler, sqlite_settings, sqlite_session_factory, sender, "test")
        job = scheduler.get_job(REMINDER_JOB_ID, jobstore=INTERNAL)
        assert job is not None
        assert (job.max_instances, job.coalesce) == (1, True)
        assert job.trigger.interval == timedelta(seconds=sqlite_settings.reminder_poll_seconds)
        assert scheduler.get_job(REMINDER_JOB_ID, jobstore=PERSISTENT) is None
        # The job holds live objects and is not counted among the persistent jobs.
        assert scheduled_job_count(scheduler) == 0
    finally:
        scheduler.shutdown(wait=False)


def test_poll_interval_setting_is_validated() -> None:
    assert Settings(_env_file=None).reminder_poll_seconds == 30
    with pytest.raises(ValueError, match="reminder_poll_seconds"):
        Settings(reminder_poll_seconds=0, _env_file=None)


def test_one_cycle_materialises_and_sends(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    add_due_schedules(sqlite_session_factory, 1)
    sender = RecordingSender(sqlite_settings, sqlite_session_factory)
    report = run_reminder_cycle(sqlite_session_factory, sender, "test")
    assert report.sent == 1
    assert len(sender.calls) == 1
    with sqlite_session_factory() as session:
        statuses = session.scalars(sa.select(DoseEvent.status)).all()
    assert statuses == [DoseStatus.SENT]
    # The next poll finds nothing new to send.
    assert run_reminder_cycle(sqlite_session_factory, sender, "test").sent == 0


def test_worker_starts_sends_and_stops_cleanly(
    sqlite_settings: Settings,
    sqlite_session_factory: sessionmaker[Session],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.reminders")
    add_due_schedules(sqlite_session_factory, 1)
    sender = RecordingSender(sqlite_settings, sqlite_session_factory)
    stop = threading.Event()
    worker = threading.Thread(
        target=run_worker, args=(fast(sqlite_settings), stop), kwargs={"sender": sender}
    )
    worker.start()
    try:
        wait_for(lambda: len(sender.calls) == 1)
    finally:
        stop.set()
        worker.join(timeout=15)
    assert not worker.is_alive()
    messages = [record.getMessage() for record in caplog.records]
    assert "Reminder worker started with 0 scheduled jobs." in messages
    assert "Reminder worker stopped." in messages
    # Counts only at INFO: never the body, name or number.
    assert not any("Ada" in m or "+1415" in m or "Metformin" in m for m in messages)


def test_two_workers_sharing_one_database_send_each_dose_once(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    """Both schedulers poll every second over the same job store and the same dose events."""
    add_due_schedules(sqlite_session_factory, 20)
    senders = [RecordingSender(sqlite_settings, sqlite_session_factory) for _ in range(2)]
    stop = threading.Event()
    workers = [
        threading.Thread(
            target=run_worker, args=(fast(sqlite_settings), stop), kwargs={"sender": sender}
        )
        for sender in senders
    ]
    # APScheduler creates its job table on a scheduler's first start, and two first starts at
    # once race to create it; create it beforehand, as an earlier deployment would have.
    scheduler = make_scheduler(sqlite_settings)
    scheduler.start(paused=True)
    scheduler.shutdown(wait=False)
    for worker in workers:
        worker.start()
    try:
        wait_for(lambda: sum(len(s.calls) for s in senders) >= 20)
        clock.sleep(2.5)  # a few more polls from both workers
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=15)
    assert not any(worker.is_alive() for worker in workers)
    sent_to = Counter(call["patient_id"] for s in senders for call in s.calls)
    assert len(sent_to) == 20
    assert set(sent_to.values()) == {1}
    with sqlite_session_factory() as session:
        statuses = Counter(session.scalars(sa.select(DoseEvent.status)).all())
    assert statuses == {DoseStatus.SENT: 20}

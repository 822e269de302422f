"""The reminder worker: an APScheduler scheduler in its own process over a job store kept in
CareLoop's database, so scheduled jobs survive restarts.

Every `reminder_poll_seconds` it creates the dose events of the next hour and texts the due
ones (`bot.reminders.dispatch`). That job lives in the worker's internal memory store (it holds
a live sender and session factory), and every worker runs it: the database, not the job store,
decides whether a dose occurrence has been texted, so a second worker can never double-send.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from types import FrameType

from apscheduler.job import Job
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.reminders.adherence import mark_missed_doses
from bot.reminders.dispatch import (
    DispatchReport,
    ReminderSender,
    default_worker_id,
    send_due_reminders,
)
from bot.reminders.followups import send_due_followups
from bot.reminders.refills import send_refill_reminders
from bot.reminders.schedule import materialise_dose_events
from bot.reminders.sms import make_sms_sender
from bot.settings import Settings

logger = logging.getLogger(__name__)

JOB_TABLE = "apscheduler_jobs"
PERSISTENT = "default"
# Jobs of the worker's own (status reports, the reminder poll) live only as long as the process.
INTERNAL = "internal"
STATUS_INTERVAL_MINUTES = 5
# A job that could not run on time still runs if it is at most this late; later than that it is
# skipped, never fired in a burst when the worker comes back.
MISFIRE_GRACE_SECONDS = 15 * 60
REMINDER_JOB_ID = "send_due_reminders"
# How far ahead dose events are created: they exist (and show in the console) before they fall
# due, and a worker that was down for less than this finds them waiting.
MATERIALISE_HORIZON = timedelta(hours=1)


def make_scheduler(settings: Settings) -> BackgroundScheduler:
    return BackgroundScheduler(
        jobstores={
            PERSISTENT: SQLAlchemyJobStore(engine=make_engine(settings), tablename=JOB_TABLE),
            INTERNAL: MemoryJobStore(),
        },
        job_defaults={"coalesce": True, "misfire_grace_time": MISFIRE_GRACE_SECONDS},
        timezone="UTC",
    )


def scheduled_job_count(scheduler: BackgroundScheduler) -> int:
    """Jobs in the persistent store: reminders and follow-ups, not the worker's own."""
    return len(scheduler.get_jobs(jobstore=PERSISTENT))


def run_reminder_cycle(
    session_factory: sessionmaker[Session],
    sender: ReminderSender,
    worker_id: str,
    now_utc: datetime | None = None,
    settings: Settings | None = None,
) -> DispatchReport:
    """One poll: create the next hour's dose events, text the due ones, and (with `settings`)
    mark unanswered doses missed, text refill reminders and start due follow-ups.

    `now_utc` is the clock every step reads (tests pass an instant; the worker passes none).
    """
    now = now_utc or datetime.now(UTC)
    with session_scope(session_factory) as session:
        materialise_dose_events(session, now, MATERIALISE_HORIZON)
    # A burst takes more than one batch: each batch reads the clock again (unless a test fixed it).
    clock = None if now_utc is not None else lambda: datetime.now(UTC)
    report = send_due_reminders(session_factory, sender, now, worker_id=worker_id, clock=clock)
    if any(asdict(report).values()):
        # Counts only: no names, numbers or medications at INFO.
        logger.info("Reminders: %s.", ", ".join(f"{k} {v}" for k, v in asdict(report).items() if v))
    if settings is not None:
        # Each step on its own: one failing must not hold up the others.
        for step, run in (
            ("marking missed doses", lambda: mark_missed_doses(session_factory, settings, now)),
            (
                "refill reminders",
                lambda: send_refill_reminders(session_factory, sender, settings, now),
            ),
            ("follow-ups", lambda: send_due_followups(session_factory, sender, settings, now)),
        ):
            try:
                run()
            except Exception:
                logger.exception("Reminder worker: %s failed; will try again next poll.", step)
    return report


def add_reminder_job(
    scheduler: BackgroundScheduler,
    settings: Settings,
    session_factory: sessionmaker[Session],
    sender: ReminderSender,
    worker_id: str,
) -> Job:
    """Poll for due reminders every `settings.reminder_poll_seconds`, starting now.

    One run at a time (`max_instances=1`), and runs missed while one was slow collapse into one
    (`coalesce=True`): a slow run delays the next instead of stacking up behind it.
    """
    return scheduler.add_job(
        run_reminder_cycle,
        "interval",
        seconds=settings.reminder_poll_seconds,
        kwargs={
            "session_factory": session_factory,
            "sender": sender,
            "worker_id": worker_id,
            "settings": settings,
        },
        id=REMINDER_JOB_ID,
        name="Create dose events and send due reminders",
        jobstore=INTERNAL,
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
        replace_existing=True,
    )


def run_worker(
    settings: Settings,
    stop: threading.Event | None = None,
    *,
    sender: ReminderSender | None = None,
) -> None:
    """Run until SIGINT/SIGTERM (or `stop` is set), then shut the scheduler down cleanly.

    `sender` defaults to `make_sms_sender(settings, ...)`: Twilio, or the local outbox.
    """
    stop = stop or threading.Event()
    # APScheduler logs every run of every job at INFO: two lines every poll. Misfires and job
    # errors are warnings and errors, and still show.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    engine = make_engine(settings)
    session_factory = make_session_factory(engine)
    sender = sender or make_sms_sender(settings, session_factory)
    scheduler = make_scheduler(settings)
    scheduler.start()
    logger.info("Reminder worker started with %d scheduled jobs.", scheduled_job_count(scheduler))
    scheduler.add_job(
        lambda: logger.info(
            "Reminder worker running with %d scheduled jobs.", scheduled_job_count(scheduler)
        ),
        "interval",
        minutes=STATUS_INTERVAL_MINUTES,
        id="report_job_count",
        jobstore=INTERNAL,
    )
    add_reminder_job(scheduler, settings, session_factory, sender, default_worker_id())

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("Reminder worker stopping (signal %d).", signum)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
    stop.wait()
    # Waits for a poll in progress: a claimed reminder is sent and recorded before we exit.
    scheduler.shutdown(wait=True)
    engine.dispose()
    logger.info("Reminder worker stopped.")

"""The reminder worker: an APScheduler scheduler in its own process over a job store kept in
CareLoop's database, so scheduled jobs survive restarts.

Reminder and follow-up sending (issue #5) plug in here as jobs; the database, not the job store,
decides whether a dose occurrence has been texted, so a second worker can never double-send.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from bot.db.engine import make_engine
from bot.settings import Settings

logger = logging.getLogger(__name__)

JOB_TABLE = "apscheduler_jobs"
PERSISTENT = "default"
# Jobs of the worker's own (status reports) live only as long as the process.
INTERNAL = "internal"
STATUS_INTERVAL_MINUTES = 5
# A job that could not run on time still runs if it is at most this late; later than that it is
# skipped, never fired in a burst when the worker comes back.
MISFIRE_GRACE_SECONDS = 15 * 60


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


def run_worker(settings: Settings, stop: threading.Event | None = None) -> None:
    """Run until SIGINT/SIGTERM (or `stop` is set), then shut the scheduler down cleanly."""
    stop = stop or threading.Event()
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

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("Reminder worker stopping (signal %d).", signum)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
    stop.wait()
    scheduler.shutdown(wait=True)
    logger.info("Reminder worker stopped.")

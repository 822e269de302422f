"""Send the reminders that are due, each exactly once, however many workers run.

The database decides, never the scheduler (two APScheduler 3 schedulers sharing a job store do
fire the same job twice). Due dose events are claimed in batches: one transaction runs
`UPDATE dose_events SET status = 'sending' WHERE id IN (<up to N due ids>) AND status =
'pending' RETURNING id` and gets exactly the rows it won (PostgreSQL picks the ids with `FOR
UPDATE SKIP LOCKED`, so racing workers take different rows instead of waiting; SQLite has one
writer at a time). Each dose event has one outbox message, named by the idempotency key
"dose-<id>": the sender returns the earlier message's outcome for a key it has seen instead of
texting again.

The exactly-once rule, per dose event:
1. `pending` and due: claimed (`pending → sending`) with up to `batch_size` others. In the same
   transaction, a claimed dose more than `grace` late, or whose patient opted out, gave no
   consent, has no number or is deleted, or whose medication is stopped or paused, or whose
   time falls in the patient's quiet hours, becomes `not_sent`, with the reason in the audit
   log. Only the claimer goes on with the rest.
2. The claimer sends them `concurrency` at a time (`SmsSender.send_many`: one commit stores the
   group's outbox rows as `sending` before the provider calls, one stores the outcomes) and
   records each group in one transaction: accepted → `sent` + `sms_message_id`; failed (after
   the sender's retries) → `not_sent`, counted as failed. If a send raised, the outbox row for
   the key settles it the same way, and with no settled row the dose goes back to `pending`
   for the next run (inside `grace`).
3. A row still `sending` after `lease` (far longer than a batch takes) belongs to a worker that
   died between claim and record: a whole claimed batch, if it died right after claiming. It
   is recovered only through the outbox row for its key: sent → `sent`, nothing resent; failed
   → `not_sent`; no row → re-claimed (a compare-and-set on `updated_at`, so one recovering
   worker wins) and sent with the same key if still inside `grace`, else `not_sent` (late).
The one window no database closes is the transport call itself: a worker killed while provider
calls were in flight (at most `concurrency`) leaves their outbox rows `sending`, and nobody can
know whether the patient got the text. The sender will not send such a row again (it might be a
duplicate), so the dose is recorded `not_sent` with reason `send_interrupted`: visible to the
clinic, never silent. Everywhere else a kill -9 causes neither a duplicate nor a loss.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.db.models import Patient
from bot.reminders.dose_run import DUE_AT, DispatchReport, DoseRun, idempotency_key
from bot.reminders.reminder_text import REPLY_HINT, gsm7_or_none, reminder_text
from bot.reminders.schedule import DEFAULT_GRACE, QuietHours, patient_quiet_hours
from bot.reminders.senders import BatchReminderSender, ReminderSender, SendOutcomeLike

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_CONCURRENCY",
    "DUE_AT",
    "REPLY_HINT",
    "SENDING_LEASE",
    "BatchReminderSender",
    "DispatchReport",
    "ReminderSender",
    "SendOutcomeLike",
    "default_worker_id",
    "gsm7_or_none",
    "idempotency_key",
    "reminder_text",
    "send_due_reminders",
]

# Far longer than a claimed batch takes to send (at worst a group of three attempts with a 15 s
# Twilio timeout and backoff, under a minute, per `concurrency` doses), so a row still
# `sending` after it belongs to a worker that died.
SENDING_LEASE = timedelta(minutes=5)
# Provider calls in flight at once: they overlap each other's round trips, and one commit
# before and one after covers the whole group. Also the most doses a kill -9 can leave
# `send_interrupted`.
DEFAULT_CONCURRENCY = 8
# Doses claimed per transaction. A kill right after a claim leaves them to the lease.
DEFAULT_BATCH_SIZE = 100


def default_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def send_due_reminders(
    session_factory: sessionmaker[Session],
    sender: ReminderSender,
    now_utc: datetime,
    grace: timedelta = DEFAULT_GRACE,
    worker_id: str | None = None,
    *,
    quiet_hours: Callable[[Patient], QuietHours | None] = patient_quiet_hours,
    lease: timedelta = SENDING_LEASE,
    limit: int | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    batch_size: int = DEFAULT_BATCH_SIZE,
    clock: Callable[[], datetime] | None = None,
) -> DispatchReport:
    """Send every pending reminder due at `now_utc`, and recover those a dead worker left.

    Safe to run from any number of workers at once (see the module docstring for the rule).
    Claims batch after batch until nothing is due (or `limit` doses were claimed).

    Args:
        session_factory: Sessions on CareLoop's database.
        sender: The SMS sender (`bot.reminders.sms.SmsSender` or a test double).
        now_utc: The current instant, aware.
        grace: How late a reminder may still go out; later ones are recorded `not_sent`.
        worker_id: Names this worker in logs and the audit log (default host:pid).
        quiet_hours: Looks up a patient's quiet hours.
        lease: How long a `sending` row is left to its claimer before it counts as abandoned.
        limit: Most due doses claimed in this run; None: until none is due.
        concurrency: Provider calls in flight at once (and doses per group commit).
        batch_size: Due doses claimed per transaction.
        clock: Read again before each batch, so a long run judges lateness and finds newly due
            doses by the time it is now; without it every batch uses `now_utc`.
    """
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("now_utc must be timezone-aware, e.g. datetime.now(UTC)")
    if batch_size < 1 or concurrency < 1:
        raise ValueError("batch_size and concurrency must be at least 1")
    run = DoseRun(
        session_factory,
        sender,
        now_utc,
        grace,
        worker_id or default_worker_id(),
        quiet_hours,
        lease,
        concurrency,
    )
    run.recover_abandoned()
    claimed = 0
    while limit is None or claimed < limit:
        if clock is not None:
            run.now = clock()
        size = batch_size if limit is None else min(batch_size, limit - claimed)
        count, sendable = run.claim_batch(size)
        if count == 0:
            break
        claimed += count
        for start in range(0, len(sendable), concurrency):
            run.send_group(sendable[start : start + concurrency])
    return run.report

"""Due doses are claimed in batches (one transaction claims many rows with a guarded UPDATE) and
sent in groups, and still go out exactly once: two dispatchers racing over one database, a
claim transaction killed before it commits, a worker killed mid-batch (simulated, and a real
`kill -9` of a separate process). The real sender runs in local mode, its transport recording
what "reached the provider"; SQLite and the real PostgreSQL."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.migrate import upgrade
from bot.db.models import (
    AuditEntry,
    DoseEvent,
    DoseStatus,
    Medication,
    MedicationSchedule,
    Patient,
    SmsMessage,
    SmsStatus,
)
from bot.reminders import dispatch
from bot.reminders.dispatch import DispatchReport, send_due_reminders
from bot.reminders.dose_run import DoseRun
from bot.reminders.sms import Delivery, LocalTransport, OutboundSms, SmsSender
from bot.settings import Settings

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
AFTER_LEASE = dispatch.SENDING_LEASE + timedelta(minutes=1)
REPO_ROOT = Path(__file__).resolve().parents[2]
_numbers = itertools.count(1000)


class SimulatedKill(BaseException):
    """kill -9 stand-in: a BaseException, so no `except Exception` cleanup runs."""


class RecordingTransport(LocalTransport):
    """The local outbox transport, noting every number it delivered to ("the provider saw it").

    `kill_at`: the delivery (1-based) that dies instead, as if the process were killed inside
    the provider call. `delay_s` keeps calls in flight long enough for workers to interleave.
    """

    def __init__(self, kill_at: int | None = None, delay_s: float = 0.0) -> None:
        super().__init__("+15005550006")
        self.delivered: list[str] = []
        self.kill_at = kill_at
        self.delay_s = delay_s
        self._calls = 0
        self._lock = threading.Lock()

    def deliver(self, message: OutboundSms) -> Delivery:
        with self._lock:
            self._calls += 1
            dies = self._calls == self.kill_at
        if self.delay_s:
            time.sleep(self.delay_s)
        if dies:
            raise SimulatedKill
        with self._lock:
            self.delivered.append(message.to_number)
        return super().deliver(message)


def seed_doses(
    factory: sessionmaker[Session], count: int, *, due: datetime = NOW - timedelta(minutes=1)
) -> dict[int, str]:
    """`count` due doses, one patient (and number) each; returns dose id → number."""
    doses = {}
    with session_scope(factory) as session:
        for index in range(count):
            number = f"+1415555{next(_numbers):04d}"
            patient = Patient(first_name="Ada", phone_e164=number, sms_consent=True)
            medication = Medication(patient=patient, name="metformin", dose="500 mg")
            schedule = MedicationSchedule(medication=medication, local_time=clock_time(8))
            session.add_all([patient, medication, schedule])
            session.flush()
            # A second apart, so "earliest first" has an order to keep.
            event_ = DoseEvent(
                medication_id=medication.id,
                schedule_id=schedule.id,
                scheduled_at_utc=due - timedelta(seconds=count - index),
            )
            session.add(event_)
            session.flush()
            doses[event_.id] = number
    return doses


def statuses(factory: sessionmaker[Session]) -> Counter[DoseStatus]:
    with factory() as session:
        return Counter(session.scalars(sa.select(DoseEvent.status)).all())


def not_sent_reasons(factory: sessionmaker[Session]) -> Counter[str]:
    with factory() as session:
        return Counter(
            detail["reason"]
            for detail in session.scalars(
                sa.select(AuditEntry.detail).where(AuditEntry.action == "reminder.not_sent")
            )
        )


def assert_exactly_once(
    factory: sessionmaker[Session], doses: dict[int, str], delivered: list[str]
) -> None:
    """No dose texted twice; every dose settled; every `sent` dose reached the provider once,
    and every other one is `not_sent` with the reason the clinic sees."""
    counts = Counter(delivered)
    assert max(counts.values(), default=1) == 1, "a patient was texted twice"
    with factory() as session:
        rows = session.execute(sa.select(DoseEvent.id, DoseEvent.status)).all()
    by_status: dict[DoseStatus, set[int]] = {}
    for dose_id, status in rows:
        by_status.setdefault(status, set()).add(dose_id)
    assert set(by_status) <= {DoseStatus.SENT, DoseStatus.NOT_SENT}, by_status.keys()
    for dose_id in by_status.get(DoseStatus.SENT, set()):
        assert counts[doses[dose_id]] == 1, f"dose {dose_id} recorded sent but never delivered"
    interrupted = not_sent_reasons(factory)
    assert set(interrupted) <= {"send_interrupted"}
    assert interrupted["send_interrupted"] == len(by_status.get(DoseStatus.NOT_SENT, set()))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_settings(request: pytest.FixtureRequest) -> Settings:
    """A migrated database of each kind."""
    settings: Settings = request.getfixturevalue(f"{request.param}_settings")
    upgrade(settings)
    return settings


@pytest.fixture
def factory(database_settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_settings)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


def sender_for(settings: Settings, factory: sessionmaker[Session], **transport: Any) -> SmsSender:
    return SmsSender(settings, factory, RecordingTransport(**transport))


def delivered_by(sender: SmsSender) -> list[str]:
    transport = sender.transport
    assert isinstance(transport, RecordingTransport)
    return transport.delivered


# --- batching -----------------------------------------------------------------------------------


def test_a_batch_claims_the_earliest_due_doses_and_leaves_the_rest(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    doses = seed_doses(factory, 5)
    sender = sender_for(sqlite_settings, factory)
    report = send_due_reminders(factory, sender, NOW, batch_size=2, limit=3, worker_id="w")
    assert report == DispatchReport(sent=3)
    earliest = sorted(doses)[:3]  # seeded a second apart, earliest first
    assert sorted(delivered_by(sender)) == sorted(doses[d] for d in earliest)
    assert statuses(factory) == {DoseStatus.SENT: 3, DoseStatus.PENDING: 2}


def test_a_burst_takes_a_few_commits_per_group_not_several_per_dose(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    seed_doses(factory, 64)
    commits = []
    engine = factory.kw["bind"]
    event.listen(engine, "commit", lambda _conn: commits.append(1))
    report = send_due_reminders(
        factory, sender_for(sqlite_settings, factory), NOW, batch_size=32, concurrency=8
    )
    assert report == DispatchReport(sent=64)
    # 2 claims (+1 finding nothing) and 3 per group of 8 (outbox rows, outcomes, dose rows):
    # 27, where claiming and recording each dose alone took 7 per dose (448).
    assert len(commits) <= 30


def test_a_batch_settles_doses_that_must_not_be_texted_in_the_claim(
    sqlite_settings: Settings, sqlite_session_factory: sessionmaker[Session]
) -> None:
    factory = sqlite_session_factory
    doses = seed_doses(factory, 6)
    late, opted_out = sorted(doses)[:2]
    with session_scope(factory) as session:
        session.execute(
            sa.update(DoseEvent)
            .where(DoseEvent.id == late)
            .values(scheduled_at_utc=NOW - timedelta(minutes=20))
        )
        patient = session.scalars(sa.select(Patient).where(Patient.phone_e164 == doses[opted_out]))
        patient.one().sms_opted_out_at = NOW - timedelta(days=1)
    sender = sender_for(sqlite_settings, factory)
    report = send_due_reminders(factory, sender, NOW, batch_size=10, worker_id="w")
    assert report == DispatchReport(sent=4, not_sent_late=1, not_sent_opted_out=1)
    assert doses[late] not in delivered_by(sender)
    assert doses[opted_out] not in delivered_by(sender)
    assert not_sent_reasons(factory) == {"late": 1, "opted_out": 1}


# --- two dispatchers ----------------------------------------------------------------------------


def test_two_dispatchers_racing_over_one_database_send_each_dose_once(
    database_settings: Settings,
) -> None:
    engines = [make_engine(database_settings) for _ in range(2)]
    try:
        factories = [make_session_factory(engine) for engine in engines]
        doses = seed_doses(factories[0], 120)
        # Small batches and slow provider calls, so the two claim turn by turn.
        senders = [sender_for(database_settings, f, delay_s=0.002) for f in factories]
        start = threading.Barrier(2)

        def work(index: int) -> DispatchReport:
            start.wait()
            return send_due_reminders(
                factories[index],
                senders[index],
                NOW,
                worker_id=f"w{index}",
                batch_size=7,
                concurrency=4,
            )

        with ThreadPoolExecutor(2) as pool:
            reports = [r.result(timeout=120) for r in [pool.submit(work, i) for i in range(2)]]

        delivered = delivered_by(senders[0]) + delivered_by(senders[1])
        assert sorted(delivered) == sorted(doses.values())  # each number once, none missing
        assert sum(r.sent for r in reports) == 120
        assert statuses(factories[0]) == {DoseStatus.SENT: 120}
        with factories[0]() as session:
            linked = session.scalars(sa.select(DoseEvent.sms_message_id)).all()
            outbox = session.scalar(sa.select(sa.func.count()).select_from(SmsMessage))
        assert len(set(linked)) == outbox == 120 and None not in linked
    finally:
        for engine in engines:
            engine.dispose()


# --- killed mid-batch ---------------------------------------------------------------------------


def test_a_claim_killed_before_it_commits_leaves_every_dose_pending(
    database_settings: Settings,
    factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    doses = seed_doses(factory, 12)
    original_load = DoseRun._load

    def killed_inside_the_claim(self: DoseRun, session: Session, ids: Any) -> Any:
        raise SimulatedKill

    monkeypatch.setattr(DoseRun, "_load", killed_inside_the_claim)
    with pytest.raises(SimulatedKill):
        send_due_reminders(factory, sender_for(database_settings, factory), NOW, batch_size=5)
    assert statuses(factory) == {DoseStatus.PENDING: 12}

    monkeypatch.setattr(DoseRun, "_load", original_load)
    restarted = sender_for(database_settings, factory)
    report = send_due_reminders(factory, restarted, NOW + timedelta(seconds=30), batch_size=5)
    assert report == DispatchReport(sent=12)
    assert sorted(delivered_by(restarted)) == sorted(doses.values())


def test_a_worker_killed_mid_batch_is_recovered_without_duplicates_or_silent_loss(
    database_settings: Settings, factory: sessionmaker[Session]
) -> None:
    doses = seed_doses(factory, 30)
    # Batches of 25, groups of 4: the 10th provider call dies, in the third group of batch 1.
    dying = sender_for(database_settings, factory, kill_at=10)
    with pytest.raises(SimulatedKill):
        send_due_reminders(factory, dying, NOW, batch_size=25, concurrency=4, worker_id="w1")
    after_kill = statuses(factory)
    assert after_kill == {DoseStatus.SENT: 8, DoseStatus.SENDING: 17, DoseStatus.PENDING: 5}

    # Restarted inside the lease: the unclaimed doses go out; the dead worker's claims wait.
    restarted = sender_for(database_settings, factory)
    soon = send_due_reminders(factory, restarted, NOW + timedelta(minutes=1), batch_size=25)
    assert soon == DispatchReport(sent=5)
    assert statuses(factory)[DoseStatus.SENDING] == 17

    # After the lease: claimed but never handed to the provider → sent now; in the provider
    # call when killed (the group of 4) → `send_interrupted`, never resent.
    later = send_due_reminders(factory, restarted, NOW + AFTER_LEASE, batch_size=25)
    assert later == DispatchReport(sent=13, failed=4)
    delivered = delivered_by(dying) + delivered_by(restarted)
    assert_exactly_once(factory, doses, delivered)
    assert statuses(factory) == {DoseStatus.SENT: 26, DoseStatus.NOT_SENT: 4}
    with factory() as session:
        in_flight = session.scalars(
            sa.select(SmsMessage.status).where(SmsMessage.status == SmsStatus.SENDING)
        ).all()
    assert len(in_flight) == 4


_KILLED_WORKER = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from pydantic import SecretStr
    from bot.db.engine import make_engine, make_session_factory
    from bot.reminders.dispatch import send_due_reminders
    from bot.reminders.sms import Delivery, LocalTransport, SmsSender
    from bot.settings import Settings

    url, log = sys.argv[1], sys.argv[2]

    class Slow(LocalTransport):
        def deliver(self, message):
            time.sleep(0.01)
            with open(log, "a") as out:  # before returning: the provider has it
                out.write(message.to_number + "\\n")
            return super().deliver(message)

    settings = Settings(database_url=url, console_secret_key=SecretStr("x" * 40), _env_file=None)
    factory = make_session_factory(make_engine(settings))
    sender = SmsSender(settings, factory, Slow("+15005550006"))
    send_due_reminders(factory, sender, datetime.now(UTC), batch_size=40, concurrency=4)
    """
)


def test_a_real_kill_9_mid_batch_is_recovered_without_duplicates_or_silent_loss(
    database_settings: Settings, factory: sessionmaker[Session], tmp_path: Path
) -> None:
    """A separate process claims batches of 40 and is SIGKILLed after 50 texts; a restarted
    sender finishes after the lease."""
    now = datetime.now(UTC)
    doses = seed_doses(factory, 120, due=now - timedelta(seconds=5))
    log = tmp_path / "provider.log"
    log.touch()
    worker = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WORKER, database_settings.database_url, str(log)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        while len(log.read_text().splitlines()) < 50:
            assert worker.poll() is None, "the worker finished before it could be killed"
            assert time.monotonic() < deadline, "the worker sent too slowly"
            time.sleep(0.005)
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.wait()
    assert worker.returncode == -signal.SIGKILL
    assert statuses(factory)[DoseStatus.SENDING] > 0  # the kill left claimed doses behind

    class Logged(LocalTransport):
        def deliver(self, message: OutboundSms) -> Delivery:
            with open(log, "a") as out:
                out.write(message.to_number + "\n")
            return super().deliver(message)

    restarted = SmsSender(database_settings, factory, Logged("+15005550006"))
    send_due_reminders(factory, restarted, now + AFTER_LEASE)
    assert_exactly_once(factory, doses, log.read_text().splitlines())
    report = json.dumps(not_sent_reasons(factory))
    assert not_sent_reasons(factory)["send_interrupted"] <= 4, report  # the calls in flight

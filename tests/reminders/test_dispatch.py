"""Due reminders are texted exactly once: late, opted-out and quiet-hours doses are recorded and not
sent, racing workers never double-send, and a worker killed mid-send neither duplicates nor loses
a reminder. The SMS provider is faked at the sender's boundary (`FakeSender` writes the outbox row
the way `SmsSender` does); one test runs the real sender in local mode."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
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
    SmsDirection,
    SmsMessage,
    SmsProvider,
    SmsPurpose,
    SmsStatus,
)
from bot.reminders import dispatch
from bot.reminders.dispatch import DispatchReport, reminder_text, send_due_reminders
from bot.reminders.schedule import QuietHours
from bot.reminders.sms import (
    Delivery,
    LocalTransport,
    OutboundSms,
    SmsSender,
    make_sms_sender,
    sms_text,
)
from bot.settings import Settings

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
GRACE = timedelta(minutes=15)
AFTER_LEASE = dispatch.SENDING_LEASE + timedelta(minutes=1)
_phones = itertools.count(2000)


class SimulatedKill(BaseException):
    """kill -9 stand-in: a BaseException, so no `except Exception` cleanup runs."""


@dataclass(frozen=True)
class FakeOutcome:
    message_id: int
    status: SmsStatus
    provider_message_id: str | None
    error_code: int | None
    permanent: bool


@dataclass
class FakeSender:
    """`SmsSender.send` at the provider boundary, with the same outbox row and key semantics.

    A key seen before returns that row's outcome (a queued row is sent first), as the real
    sender does. `script` says what the next new messages do: "ok", "fail", "raise" (raises
    before writing anything), or a simulated kill -9 at one of the points a worker can die:
    "kill_before" (nothing written), "kill_queued" (row queued, provider never called),
    "kill_mid" (row `sending`: killed inside the provider call), "kill_after" (transmitted and
    recorded, killed before the caller heard back). `transmitted` lists what went out.
    """

    session_factory: sessionmaker[Session]
    script: list[str] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    transmitted: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(
        self,
        *,
        to_number: str,
        body: str,
        purpose: SmsPurpose,
        patient_id: int | None = None,
        idempotency_key: str | None = None,
    ) -> FakeOutcome:
        call = {
            "to_number": to_number,
            "body": body,
            "purpose": purpose,
            "patient_id": patient_id,
            "idempotency_key": idempotency_key,
        }
        with self.lock:
            self.calls.append(call)
        with session_scope(self.session_factory) as session:
            earlier = session.scalars(
                sa.select(SmsMessage).where(SmsMessage.idempotency_key == idempotency_key)
            ).one_or_none()
            if earlier is not None:
                if earlier.status is SmsStatus.QUEUED:
                    self._transmit(earlier, call)
                return _outcome(earlier)
        with self.lock:
            action = self.script.pop(0) if self.script else "ok"
        if action in ("kill_before", "raise"):
            if action == "raise":
                raise ConnectionError("provider unreachable")
            raise SimulatedKill
        with session_scope(self.session_factory) as session:
            message = SmsMessage(
                direction=SmsDirection.OUTBOUND,
                patient_id=patient_id,
                to_number=to_number,
                body=body,
                purpose=purpose,
                status=SmsStatus.QUEUED,
                provider=SmsProvider.TWILIO,
                idempotency_key=idempotency_key,
            )
            session.add(message)
            session.flush()
            if action == "kill_queued":
                pass
            elif action == "kill_mid":
                message.status, message.attempts = SmsStatus.SENDING, 1
            elif action == "fail":
                message.status, message.error_code, message.attempts = SmsStatus.FAILED, "21211", 1
            else:
                self._transmit(message, call)
            outcome = _outcome(message)
        if action.startswith("kill_"):
            raise SimulatedKill
        return outcome

    def _transmit(self, message: SmsMessage, call: dict[str, Any]) -> None:
        message.status = SmsStatus.SENT
        message.provider_message_id = f"SM{next(_phones)}"
        message.attempts += 1
        with self.lock:
            self.transmitted.append(call)


def _outcome(message: SmsMessage) -> FakeOutcome:
    failed = message.status is SmsStatus.FAILED
    return FakeOutcome(
        message.id,
        message.status,
        message.provider_message_id,
        int(message.error_code) if message.error_code else None,
        failed,
    )


def add_dose(
    session: Session,
    *,
    scheduled_at: datetime = NOW,
    first_name: str | None = "Ada",
    phone: str | None = "",
    tz: str = "Europe/London",
    consent: bool = True,
    opted_out: bool = False,
    discreet: bool = False,
    paused: bool = False,
    status: DoseStatus = DoseStatus.PENDING,
) -> int:
    if phone == "":
        phone = f"+1415555{next(_phones):04d}"
    patient = Patient(
        first_name=first_name,
        phone_e164=phone,
        time_zone=tz,
        sms_consent=consent,
        sms_opted_out_at=NOW - timedelta(days=1) if opted_out else None,
        discreet_sms=discreet,
    )
    medication = Medication(patient=patient, name="Metformin", dose="500 mg", paused=paused)
    session.add_all([patient, medication])
    return add_event(session, medication, scheduled_at, tz, status)


def add_event(
    session: Session,
    medication: Medication,
    scheduled_at: datetime,
    tz: str = "UTC",
    status: DoseStatus = DoseStatus.PENDING,
) -> int:
    local = scheduled_at.astimezone(ZoneInfo(tz)).time()
    schedule = MedicationSchedule(medication=medication, local_time=local, time_zone=tz)
    session.add(schedule)
    session.flush()
    event = DoseEvent(
        medication_id=medication.id,
        schedule_id=schedule.id,
        scheduled_at_utc=scheduled_at,
        status=status,
    )
    session.add(event)
    session.flush()
    return event.id


def dose_status(factory: sessionmaker[Session], dose_id: int) -> tuple[DoseStatus, int | None]:
    with factory() as session:
        event = session.get(DoseEvent, dose_id)
        assert event is not None
        return event.status, event.sms_message_id


def not_sent_reasons(factory: sessionmaker[Session]) -> list[tuple[int, str]]:
    with factory() as session:
        entries = session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "reminder.not_sent")
            .order_by(AuditEntry.id)
        )
        return [(e.detail["dose_event_id"], e.detail["reason"]) for e in entries]


def run(
    factory: sessionmaker[Session], sender: FakeSender, now: datetime = NOW, **kwargs: Any
) -> DispatchReport:
    return send_due_reminders(factory, sender, now, GRACE, worker_id="test", **kwargs)


@pytest.fixture
def factory(sqlite_session_factory: sessionmaker[Session]) -> sessionmaker[Session]:
    return sqlite_session_factory


@pytest.fixture
def sender(factory: sessionmaker[Session]) -> FakeSender:
    return FakeSender(factory)


def seed(factory: sessionmaker[Session], **kwargs: Any) -> int:
    with session_scope(factory) as session:
        return add_dose(session, **kwargs)


# --- sending and not sending --------------------------------------------------------------------


def test_due_reminder_is_claimed_sent_and_recorded(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    dose_id = seed(factory, scheduled_at=NOW - timedelta(minutes=5), phone="+14155552671")
    report = run(factory, sender)
    assert report == DispatchReport(sent=1)
    [call] = sender.calls
    with factory() as session:
        patient_id = session.scalar(sa.select(Patient.id))
    assert call == {
        "to_number": "+14155552671",
        "body": "Hi Ada. Time for your Metformin 500 mg. Reply TAKEN, SKIP or SNOOZE.",
        "purpose": SmsPurpose.REMINDER,
        "patient_id": patient_id,
        "idempotency_key": f"dose-{dose_id}",
    }
    with factory() as session:
        outbox_id = session.scalar(sa.select(SmsMessage.id))
    assert dose_status(factory, dose_id) == (DoseStatus.SENT, outbox_id)
    # Nothing left to do on the next poll.
    assert run(factory, sender, NOW + timedelta(seconds=30)) == DispatchReport()
    assert len(sender.calls) == 1


@pytest.mark.parametrize(
    ("late", "sent"),
    [
        (timedelta(0), True),
        (timedelta(minutes=5), True),
        (GRACE, True),
        (timedelta(minutes=20), False),
    ],
)
def test_a_reminder_later_than_the_grace_period_is_not_sent(
    factory: sessionmaker[Session], sender: FakeSender, late: timedelta, sent: bool
) -> None:
    dose_id = seed(factory, scheduled_at=NOW - late)
    report = run(factory, sender)
    if sent:
        assert (report.sent, len(sender.transmitted)) == (1, 1)
        assert dose_status(factory, dose_id)[0] is DoseStatus.SENT
    else:
        assert report == DispatchReport(not_sent_late=1)
        assert sender.calls == []
        assert dose_status(factory, dose_id) == (DoseStatus.NOT_SENT, None)
        assert not_sent_reasons(factory) == [(dose_id, "late")]


def test_a_reminder_not_yet_due_is_left_pending(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    dose_id = seed(factory, scheduled_at=NOW + timedelta(seconds=1))
    assert run(factory, sender) == DispatchReport()
    assert dose_status(factory, dose_id)[0] is DoseStatus.PENDING


@pytest.mark.parametrize(
    ("patient", "reason", "counter"),
    [
        ({"opted_out": True}, "opted_out", "not_sent_opted_out"),
        ({"consent": False}, "no_consent", "not_sent_opted_out"),
        ({"phone": None}, "no_phone_number", "not_sent_inactive"),
        ({"paused": True}, "medication_stopped", "not_sent_inactive"),
    ],
)
def test_patients_who_must_not_be_texted_are_recorded_not_sent(
    factory: sessionmaker[Session],
    sender: FakeSender,
    patient: dict[str, Any],
    reason: str,
    counter: str,
) -> None:
    dose_id = seed(factory, **patient)
    report = run(factory, sender)
    assert report == DispatchReport(**{counter: 1})
    assert sender.calls == []
    assert dose_status(factory, dose_id) == (DoseStatus.NOT_SENT, None)
    assert not_sent_reasons(factory) == [(dose_id, reason)]


def test_quiet_hours_are_read_on_the_patients_clock(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    # 22:30 in London (BST) is 21:30 UTC: quiet for the London patient, not for the UTC one.
    at = datetime(2026, 6, 1, 21, 30, tzinfo=UTC)
    london = seed(factory, scheduled_at=at, tz="Europe/London")
    utc_patient = seed(factory, scheduled_at=at, tz="UTC")
    report = run(
        factory,
        sender,
        at + timedelta(minutes=1),
        quiet_hours=lambda _: QuietHours(time(22), time(7)),
    )
    assert report == DispatchReport(sent=1, not_sent_quiet=1)
    assert dose_status(factory, london)[0] is DoseStatus.NOT_SENT
    assert dose_status(factory, utc_patient)[0] is DoseStatus.SENT
    assert not_sent_reasons(factory) == [(london, "quiet_hours")]


def test_quiet_hours_stored_on_the_patient_are_honoured(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    at = datetime(2026, 6, 1, 23, 15, tzinfo=UTC)
    dose_id = seed(factory, scheduled_at=at)
    with session_scope(factory) as session:
        patient = session.scalars(sa.select(Patient)).one()
        patient.quiet_hours_start, patient.quiet_hours_end = time(22), time(7)
    assert run(factory, sender, at + timedelta(minutes=1)) == DispatchReport(not_sent_quiet=1)
    assert sender.calls == []
    assert not_sent_reasons(factory) == [(dose_id, "quiet_hours")]


def test_without_quiet_hours_a_night_dose_goes_out(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    at = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
    seed(factory, scheduled_at=at)
    assert run(factory, sender, at).sent == 1


def test_failure_after_the_senders_retries_is_recorded_and_not_retried(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    dose_id = seed(factory)
    sender.script = ["fail"]
    assert run(factory, sender) == DispatchReport(failed=1)
    with factory() as session:
        outbox_id = session.scalar(sa.select(SmsMessage.id))
    assert dose_status(factory, dose_id) == (DoseStatus.NOT_SENT, outbox_id)
    assert not_sent_reasons(factory) == [(dose_id, "send_failed")]
    assert run(factory, sender, NOW + timedelta(minutes=1)) == DispatchReport()
    assert len(sender.calls) == 1 and sender.transmitted == []


def test_sender_raising_is_retried_on_the_next_run_inside_the_grace_period(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    dose_id = seed(factory)
    sender.script = ["raise"]
    assert run(factory, sender) == DispatchReport(deferred=1)
    assert dose_status(factory, dose_id)[0] is DoseStatus.PENDING
    assert run(factory, sender, NOW + timedelta(seconds=30)) == DispatchReport(sent=1)
    assert len(sender.transmitted) == 1


def test_sender_raising_past_the_grace_period_ends_not_sent(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    dose_id = seed(factory)
    sender.script = ["raise"]
    run(factory, sender)
    assert run(factory, sender, NOW + timedelta(minutes=16)) == DispatchReport(not_sent_late=1)
    assert dose_status(factory, dose_id)[0] is DoseStatus.NOT_SENT
    assert sender.transmitted == []


# --- a worker killed mid-send -------------------------------------------------------------------


def test_killed_between_claim_and_send_is_sent_exactly_once_later(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    dose_id = seed(factory)
    sender.script = ["kill_before"]
    with pytest.raises(SimulatedKill):
        run(factory, sender)
    assert dose_status(factory, dose_id)[0] is DoseStatus.SENDING
    # Inside the lease the claim may still be a live worker's: nobody touches it.
    assert run(factory, sender, NOW + timedelta(minutes=1)) == DispatchReport()
    report = run(factory, sender, NOW + AFTER_LEASE)
    assert report == DispatchReport(sent=1)
    assert len(sender.transmitted) == 1
    with factory() as session:
        outbox_ids = session.scalars(sa.select(SmsMessage.id)).all()
    assert dose_status(factory, dose_id) == (DoseStatus.SENT, outbox_ids[0])
    assert len(outbox_ids) == 1
    assert run(factory, sender, NOW + AFTER_LEASE + timedelta(minutes=1)) == DispatchReport()


def test_killed_after_send_before_recording_is_not_resent(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    dose_id = seed(factory)
    sender.script = ["kill_after"]
    with pytest.raises(SimulatedKill):
        run(factory, sender)
    assert dose_status(factory, dose_id) == (DoseStatus.SENDING, None)
    report = run(factory, sender, NOW + AFTER_LEASE)
    assert report == DispatchReport(recovered=1)
    assert len(sender.calls) == len(sender.transmitted) == 1
    with factory() as session:
        outbox_id = session.scalar(sa.select(SmsMessage.id))
        recovered = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "reminder.recovered")
        ).all()
    assert dose_status(factory, dose_id) == (DoseStatus.SENT, outbox_id)
    assert [e.detail["dose_event_id"] for e in recovered] == [dose_id]


def test_killed_and_found_after_the_grace_period_is_not_sent(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    dose_id = seed(factory)
    sender.script = ["kill_before"]
    with pytest.raises(SimulatedKill):
        run(factory, sender)
    assert run(factory, sender, NOW + timedelta(minutes=30)) == DispatchReport(not_sent_late=1)
    assert sender.transmitted == []
    assert dose_status(factory, dose_id)[0] is DoseStatus.NOT_SENT


def test_killed_with_the_message_still_queued_sends_that_message_once(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    dose_id = seed(factory)
    sender.script = ["kill_queued"]
    with pytest.raises(SimulatedKill):
        run(factory, sender)
    assert run(factory, sender, NOW + AFTER_LEASE) == DispatchReport(sent=1)
    assert len(sender.transmitted) == 1
    with factory() as session:
        outbox_ids = session.scalars(sa.select(SmsMessage.id)).all()
    assert len(outbox_ids) == 1
    assert dose_status(factory, dose_id) == (DoseStatus.SENT, outbox_ids[0])


def test_killed_inside_the_provider_call_is_recorded_not_resent(
    factory: sessionmaker[Session], sender: FakeSender
) -> None:
    """The one window: nobody knows whether the text went out. It is not sent again (it may
    have arrived) and the dose says so instead of claiming success."""
    dose_id = seed(factory)
    sender.script = ["kill_mid"]
    with pytest.raises(SimulatedKill):
        run(factory, sender)
    assert run(factory, sender, NOW + AFTER_LEASE) == DispatchReport(failed=1)
    assert len(sender.calls) == 1
    with factory() as session:
        outbox_id = session.scalar(sa.select(SmsMessage.id))
    assert dose_status(factory, dose_id) == (DoseStatus.NOT_SENT, outbox_id)
    assert not_sent_reasons(factory) == [(dose_id, "send_interrupted")]


# --- the real sender, local mode ----------------------------------------------------------------


class KilledInsideTheProviderCall(LocalTransport):
    def deliver(self, message: OutboundSms) -> Delivery:
        raise SimulatedKill


def test_real_local_sender_end_to_end(
    factory: sessionmaker[Session], sqlite_settings: Settings
) -> None:
    real = make_sms_sender(sqlite_settings, factory)
    dose_id = seed(factory, phone="+14155552671")
    report = send_due_reminders(factory, real, NOW + timedelta(minutes=1), worker_id="test")
    assert report == DispatchReport(sent=1)
    with factory() as session:
        message = session.scalars(sa.select(SmsMessage)).one()
    assert message.status is SmsStatus.DELIVERED and message.purpose is SmsPurpose.REMINDER
    assert message.idempotency_key == f"dose-{dose_id}"
    assert dose_status(factory, dose_id) == (DoseStatus.SENT, message.id)


def test_real_sender_killed_after_sending_is_recovered_without_a_second_text(
    factory: sessionmaker[Session], sqlite_settings: Settings
) -> None:
    real = make_sms_sender(sqlite_settings, factory)

    class DiesAfterSending:
        def send(self, **kwargs: Any) -> Any:
            real.send(**kwargs)
            raise SimulatedKill

    dose_id = seed(factory, phone="+14155552672")
    with pytest.raises(SimulatedKill):
        send_due_reminders(factory, DiesAfterSending(), NOW, worker_id="test")
    report = send_due_reminders(factory, real, NOW + AFTER_LEASE, worker_id="test")
    assert report == DispatchReport(recovered=1)
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(SmsMessage)) == 1
    assert dose_status(factory, dose_id)[0] is DoseStatus.SENT


def test_real_sender_killed_inside_the_provider_call_is_not_resent(
    factory: sessionmaker[Session], sqlite_settings: Settings
) -> None:
    dose_id = seed(factory, phone="+14155552673")
    dying = SmsSender(sqlite_settings, factory, KilledInsideTheProviderCall())
    with pytest.raises(SimulatedKill):
        send_due_reminders(factory, dying, NOW, worker_id="test")
    real = make_sms_sender(sqlite_settings, factory)
    report = send_due_reminders(factory, real, NOW + AFTER_LEASE, worker_id="test")
    assert report == DispatchReport(failed=1)
    with factory() as session:
        message = session.scalars(sa.select(SmsMessage)).one()
    assert (message.status, message.attempts) == (SmsStatus.SENDING, 1)
    assert dose_status(factory, dose_id) == (DoseStatus.NOT_SENT, message.id)
    assert not_sent_reasons(factory) == [(dose_id, "send_interrupted")]


# --- the text -----------------------------------------------------------------------------------


@pytest.mark.parametrize("discreet", [False, True])
@pytest.mark.parametrize(
    ("first_name", "medication", "dose"),
    [
        ("Ada", "Metformin", "500 mg"),
        (None, "Metformin", None),
        ("Zoë", "Amoxicillin–clavulanate", "875/125 mg"),
        ("Łukasz", "Аспирин", "100 mg"),
        (
            "Maximilian-Alexander " * 5,
            "Hydroxychloroquine sulfate extended release " * 4,
            "1 tablet",
        ),
        ("Ana 😀", "vitamin D [cholecalciferol]", "1000 IU"),
    ],
)
def test_reminder_text_is_one_plain_sms(
    first_name: str | None, medication: str, dose: str | None, discreet: bool
) -> None:
    text = reminder_text(first_name, medication, dose, discreet)
    assert sms_text(text) == text  # the sender's own check: <= 160 GSM-7 basic characters
    assert text.endswith("Reply TAKEN, SKIP or SNOOZE.")
    if discreet:
        assert "Time for your medicine." in text
        assert medication.split()[0] not in text and (dose is None or dose not in text)


def test_reminder_text_names() -> None:
    assert reminder_text("Ada", "Metformin", "500 mg", False) == (
        "Hi Ada. Time for your Metformin 500 mg. Reply TAKEN, SKIP or SNOOZE."
    )
    assert reminder_text("Ada", "Metformin", "500 mg", True) == (
        "Hi Ada. Time for your medicine. Reply TAKEN, SKIP or SNOOZE."
    )
    assert reminder_text("Zoë", "Metformin", None, False).startswith("Hi Zoe. ")
    # A name GSM-7 cannot spell is left out, not mangled.
    assert reminder_text("Łukasz", "Аспирин", None, False) == (
        "Hi. Time for your medicine. Reply TAKEN, SKIP or SNOOZE."
    )


# --- two workers at once ------------------------------------------------------------------------


@pytest.fixture
def postgres_factories(postgres_url: str, make_settings) -> Iterator[list[sessionmaker[Session]]]:
    settings = make_settings(postgres_url)
    upgrade(settings)
    engines = [make_engine(settings) for _ in range(2)]
    try:
        yield [make_session_factory(engine) for engine in engines]
    finally:
        for engine in engines:
            engine.dispose()


@pytest.fixture
def sqlite_factories(sqlite_settings: Settings) -> Iterator[list[sessionmaker[Session]]]:
    upgrade(sqlite_settings)
    engines = [make_engine(sqlite_settings) for _ in range(2)]
    try:
        yield [make_session_factory(engine) for engine in engines]
    finally:
        for engine in engines:
            engine.dispose()


def run_concurrently(
    factories: list[sessionmaker[Session]], now: datetime
) -> tuple[list[FakeSender], list[DispatchReport]]:
    senders = [FakeSender(f) for f in factories]
    barrier = threading.Barrier(len(factories))

    def work(factory: sessionmaker[Session], sender: FakeSender) -> DispatchReport:
        barrier.wait()
        return send_due_reminders(factory, sender, now, GRACE, worker_id="w")

    with ThreadPoolExecutor(len(factories)) as pool:
        futures = [pool.submit(work, f, sender) for f, sender in zip(factories, senders)]
        reports = [future.result(timeout=120) for future in futures]
    return senders, reports


def seed_many(factory: sessionmaker[Session], count: int) -> Callable[[], dict[int, int]]:
    with session_scope(factory) as session:
        ids = [
            add_dose(session, scheduled_at=NOW - timedelta(minutes=n % 10)) for n in range(count)
        ]

    def patients_by_dose() -> dict[int, int]:
        with factory() as session:
            rows = session.execute(
                sa.select(DoseEvent.id, Medication.patient_id).join(Medication)
            ).all()
        return {dose_id: patient_id for dose_id, patient_id in rows if dose_id in ids}

    return patients_by_dose


def assert_each_sent_once(
    factory: sessionmaker[Session], senders: list[FakeSender], expected_patients: set[int]
) -> None:
    sent_to = Counter(call["patient_id"] for s in senders for call in s.transmitted)
    assert set(sent_to) == expected_patients
    assert set(sent_to.values()) == {1}
    with factory() as session:
        statuses = Counter(session.scalars(sa.select(DoseEvent.status)).all())
        outbox = session.scalar(sa.select(sa.func.count()).select_from(SmsMessage))
    assert statuses == {DoseStatus.SENT: len(expected_patients)}
    assert outbox == len(expected_patients)


def test_two_workers_on_postgres_send_200_due_doses_exactly_once(
    postgres_factories: list[sessionmaker[Session]],
) -> None:
    patients_by_dose = seed_many(postgres_factories[0], 200)
    senders, reports = run_concurrently(postgres_factories, NOW)
    assert_each_sent_once(postgres_factories[0], senders, set(patients_by_dose().values()))
    assert sum(r.sent for r in reports) == 200


def test_two_workers_on_postgres_recover_killed_sends_exactly_once(
    postgres_factories: list[sessionmaker[Session]],
) -> None:
    """40 doses a killed worker left `sending`: half had gone out, half had not."""
    factory = postgres_factories[0]
    patients_by_dose = seed_many(factory, 40)
    doses = sorted(patients_by_dose())
    gone_out = doses[:20]
    with session_scope(factory) as session:
        session.execute(
            sa.update(DoseEvent)
            .where(DoseEvent.id.in_(doses))
            .values(status=DoseStatus.SENDING, updated_at=NOW)
        )
    with session_scope(factory) as session:
        for dose_id in gone_out:
            patient = session.scalars(
                sa.select(Patient)
                .join(Medication)
                .join(DoseEvent, DoseEvent.medication_id == Medication.id)
                .where(DoseEvent.id == dose_id)
            ).one()
            session.add(
                SmsMessage(
                    direction=SmsDirection.OUTBOUND,
                    patient_id=patient.id,
                    to_number=patient.phone_e164,
                    body=reminder_text(patient.first_name, "Metformin", "500 mg", False),
                    purpose=SmsPurpose.REMINDER,
                    status=SmsStatus.SENT,
                    provider=SmsProvider.TWILIO,
                    provider_message_id=f"SM-already-{dose_id}",
                    idempotency_key=f"dose-{dose_id}",
                )
            )
    senders, reports = run_concurrently(postgres_factories, NOW + AFTER_LEASE)
    resent = Counter(call["patient_id"] for s in senders for call in s.transmitted)
    assert set(resent) == {patients_by_dose()[d] for d in doses[20:]}
    assert set(resent.values()) == {1}
    assert sum(r.recovered for r in reports) == 20
    assert sum(r.sent for r in reports) == 20
    with factory() as session:
        assert Counter(session.scalars(sa.select(DoseEvent.status)).all()) == {DoseStatus.SENT: 40}


def test_two_workers_on_sqlite_send_each_due_dose_once(
    sqlite_factories: list[sessionmaker[Session]],
) -> None:
    patients_by_dose = seed_many(sqlite_factories[0], 50)
    senders, _ = run_concurrently(sqlite_factories, NOW)
    assert_each_sent_once(sqlite_factories[0], senders, set(patients_by_dose().values()))


def test_naive_now_is_refused(factory: sessionmaker[Session], sender: FakeSender) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        send_due_reminders(factory, sender, datetime(2026, 6, 1, 8, 0))

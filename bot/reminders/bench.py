"""Reminder dispatch under a burst: lateness, throughput, memory, and what a kill -9 costs.

    python -m bot.reminders.bench                            # 500 patients, 5,000 doses, SQLite
    python -m bot.reminders.bench --patients 10000 --doses 100000          # the issue's full size
    python -m bot.reminders.bench --database-url postgresql+psycopg://.../throwaway

Every dose falls due inside one burst (`--burst-seconds`, default 60 s from a few seconds after
start) and is texted through the real twilio library to a loopback Twilio API on 127.0.0.1
(`bot.reminders.loopback_twilio`), which records each (To, Body) it accepts. Three phases:

1. baseline: the same number of messages sent straight through the twilio library in a plain
   loop, no database (what the transport alone costs);
2. clean: one sending process runs `send_due_reminders` in a loop until every dose is settled;
3. kill -9: the same workload on a fresh database; the sender is SIGKILLed after about
   `--kill-at` of the messages have reached the server, a fresh sender finishes the job.

Senders are subprocesses of this one (`--child`), so their peak memory is their own and the
loopback server's work does not share their interpreter. The sender polls every
`--poll-seconds` (the worker's default is 30 s; a burst benchmark wants the dispatcher, not the
poll interval). The restarted sender uses a short `--lease-seconds`: the benchmark knows the
first sender is dead, where the worker must wait out its 5-minute lease.

Prints a table, then one JSON line with every figure. Bodies and numbers are never printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pydantic import SecretStr
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool
from twilio.rest import Client

from bot.db import migrate
from bot.db.engine import engine_for_url, make_engine, make_session_factory
from bot.db.models import (
    AuditEntry,
    DoseEvent,
    DoseStatus,
    Medication,
    MedicationSchedule,
    Patient,
    SmsMessage,
)
from bot.reminders.dispatch import DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, send_due_reminders
from bot.reminders.loopback_twilio import LoopbackTwilio, LoopbackTwilioHttpClient
from bot.reminders.schedule import DEFAULT_GRACE
from bot.reminders.sms import SmsSender, TwilioTransport
from bot.settings import Settings

ACCOUNT_SID = "AC" + "be4c4be4c4be4c4be4c4be4c4be4c4be"
AUTH_TOKEN = "loopback-bench-auth-token"
FROM_NUMBER = "+15005550006"
TIME_ZONES = (
    "America/New_York",
    "Europe/London",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Los_Angeles",
    "Africa/Lagos",
    "Europe/Berlin",
    "Asia/Tokyo",
    "America/Sao_Paulo",
    "Pacific/Auckland",
)
# Medication names carry the dose's index, so the server's (To, Body) names the dose.
DOSE_TOKEN = re.compile(r"Time for your Rx(\d+) ")
INSERT_CHUNK = 2000
STARTUP_MARGIN_S = 5.0
UNSETTLED = (DoseStatus.PENDING, DoseStatus.SENDING)


# ---------------------------------------------------------------- workload


def bench_settings(database_url: str, server_url: str) -> Settings:
    """Twilio mode against the loopback server (the status callback points there too)."""
    return Settings(
        database_url=database_url,
        twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token=SecretStr(AUTH_TOKEN),
        twilio_from_number=FROM_NUMBER,
        sms_webhook_public_url=f"{server_url}/webhooks/sms/webhook",
        console_secret_key=SecretStr("bench-" + os.urandom(16).hex()),
    )


def phone_number(patient_index: int) -> str:
    # New York numbers with exchanges 200-299: valid E.164, distinct per patient.
    return f"+1212{2_000_000 + patient_index:07d}"


def reset_database(settings: Settings) -> None:
    """CareLoop's tables, empty (a throwaway database: everything of ours in it is dropped)."""
    migrate.downgrade(settings, "base")
    migrate.upgrade(settings)


def insert_workload(
    factory: sessionmaker[Session], patients: int, doses: int, burst_start: float, burst_s: float
) -> dict[int, float]:
    """Patients across time zones, one medication and schedule per dose, one pending dose event
    each, due in the burst. Returns the dose index → scheduled instant (epoch seconds)."""
    now = datetime.now(UTC)
    due: dict[int, float] = {}
    patient_rows = [
        {
            "id": p + 1,
            "first_name": f"Pat{p}",
            "phone_e164": phone_number(p),
            "time_zone": TIME_ZONES[p % len(TIME_ZONES)],
            "sms_consent": True,
            "sms_consent_at": now,
        }
        for p in range(patients)
    ]
    medication_rows, schedule_rows, dose_rows = [], [], []
    for d in range(doses):
        patient = d % patients
        # Spread evenly over the burst, interleaving patients and time zones.
        at = burst_start + burst_s * d / max(doses - 1, 1)

        scheduled = datetime.fromtimestamp(at, UTC).replace(microsecond=0)
        due[d] = scheduled.timestamp()
        zone = TIME_ZONES[patient % len(TIME_ZONES)]
        medication_rows.append(
            {"id": d + 1, "patient_id": patient + 1, "name": f"Rx{d}", "dose": "10 mg"}
        )
        schedule_rows.append(
            {
                "id": d + 1,
                "medication_id": d + 1,
                "local_time": scheduled.astimezone(ZoneInfo(zone)).time(),
                "time_zone": zone,
            }
        )
        dose_rows.append(
            {
                "id": d + 1,
                "medication_id": d + 1,
                "schedule_id": d + 1,
                "scheduled_at_utc": scheduled,
                "status": DoseStatus.PENDING,
            }
        )
    with factory() as session:
        for model, rows in (
            (Patient, patient_rows),
            (Medication, medication_rows),
            (MedicationSchedule, schedule_rows),
            (DoseEvent, dose_rows),
        ):
            for start in range(0, len(rows), INSERT_CHUNK):
                session.execute(sa.insert(model), rows[start : start + INSERT_CHUNK])
        session.commit()
    return due


# ---------------------------------------------------------------- the sending processes


def run_sender(args: argparse.Namespace) -> dict[str, Any]:
    """Child: `send_due_reminders` in a loop until no dose is pending or sending."""
    settings = bench_settings(args.database_url, args.server_url)
    engine = make_engine(settings)
    factory = make_session_factory(engine)
    transport = TwilioTransport.from_settings(
        settings, http_client=LoopbackTwilioHttpClient(args.server_url)
    )
    sender = SmsSender(settings, factory, transport)
    lease = timedelta(seconds=args.lease_seconds)
    total = Counter[str]()
    runs = 0
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        report = send_due_reminders(
            factory,
            sender,
            datetime.now(UTC),
            lease=lease,
            concurrency=args.concurrency,
            batch_size=args.batch_size,
            clock=lambda: datetime.now(UTC),
        )
        runs += 1
        total.update({k: v for k, v in asdict(report).items() if v})
        with factory() as session:
            unsettled = session.scalar(
                sa.select(sa.func.count()).where(DoseEvent.status.in_(UNSETTLED))
            )
        if not unsettled:
            break
        if not any(asdict(report).values()):
            time.sleep(args.poll_seconds)
    engine.dispose()
    return {"runs": runs, "report": dict(total), "maxrss_kb": _maxrss_kb()}


def run_baseline(args: argparse.Namespace) -> dict[str, Any]:
    """Child: the same number of messages through the twilio library alone, no database."""
    client = Client(ACCOUNT_SID, AUTH_TOKEN, http_client=LoopbackTwilioHttpClient(args.server_url))
    started = time.perf_counter()
    for i in range(args.doses):
        client.messages.create(
            to=phone_number(i % args.patients),
            from_=FROM_NUMBER,
            body=f"Hi Pat{i}. Time for your Rx{i} 10 mg. Reply TAKEN, SKIP or SNOOZE.",
            status_callback=f"{args.server_url}/webhooks/twilio/status",
        )
    elapsed = time.perf_counter() - started
    return {"elapsed_s": elapsed, "maxrss_kb": _maxrss_kb()}


def _maxrss_kb() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss  # bytes on macOS, KiB on Linux


def _child_command(role: str, args: argparse.Namespace, url: str, server_url: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "bot.reminders.bench",
        "--child",
        role,
        "--database-url",
        url,
        "--server-url",
        server_url,
        "--patients",
        str(args.patients),
        "--doses",
        str(args.doses),
        "--poll-seconds",
        str(args.poll_seconds),
        "--lease-seconds",
        str(args.lease_seconds),
        "--timeout",
        str(args.timeout),
        "--concurrency",
        str(args.concurrency),
        "--batch-size",
        str(args.batch_size),
    ]


def _start_child(command: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def _finish_child(child: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    try:
        out, _ = child.communicate(timeout=timeout + 30)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise RuntimeError("A benchmark sender ran past its time limit and was stopped.") from None
    if child.returncode != 0:
        raise RuntimeError(f"A benchmark sender exited with status {child.returncode}.")
    return dict(json.loads(out.strip().splitlines()[-1]))


# ---------------------------------------------------------------- phases


def phase_baseline(args: argparse.Namespace, server: LoopbackTwilio) -> dict[str, Any]:
    server.clear()
    result = _finish_child(
        _start_child(_child_command("baseline", args, "sqlite://", server.url)), args.timeout
    )
    received = server.count()
    server.clear()
    return {
        "messages": received,
        "elapsed_s": round(result["elapsed_s"], 3),
        "messages_per_s": round(received / result["elapsed_s"], 1),
        "peak_rss_mb": round(result["maxrss_kb"] / 1024, 1),
    }


def phase_dispatch(
    args: argparse.Namespace, server: LoopbackTwilio, url: str, kill: bool
) -> dict[str, Any]:
    settings = bench_settings(url, server.url)
    reset_database(settings)
    engine = engine_for_url(url, poolclass=NullPool)
    factory = make_session_factory(engine)
    burst_start = time.time() + STARTUP_MARGIN_S + args.doses / 20_000
    due = insert_workload(factory, args.patients, args.doses, burst_start, args.burst_seconds)
    server.clear()
    command = _child_command("sender", args, url, server.url)
    first = _start_child(command)
    figures: dict[str, Any] = {}
    if kill:
        kill_after = int(args.doses * args.kill_at)
        deadline = time.monotonic() + args.timeout
        while server.count() < kill_after and first.poll() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait()
        figures["killed_after_messages"] = server.count()
        result = _finish_child(_start_child(command), args.timeout)
    else:
        result = _finish_child(first, args.timeout)
    figures |= _analyse(server.messages(), due, factory)
    figures["sender_runs"] = result["runs"]
    figures["dispatch_report"] = result["report"]
    figures["peak_rss_mb"] = round(result["maxrss_kb"] / 1024, 1)
    engine.dispose()
    return figures


def _analyse(
    messages: list[tuple[float, str, str]], due: dict[int, float], factory: sessionmaker[Session]
) -> dict[str, Any]:
    texted = Counter[int]()
    lateness = []
    unknown = 0
    for received_at, _to, body in messages:
        match = DOSE_TOKEN.search(body)
        if match is None:
            unknown += 1
            continue
        dose = int(match.group(1))
        texted[dose] += 1
        if texted[dose] == 1:
            lateness.append(received_at - due[dose])
    with factory() as session:
        statuses = Counter(
            dict(
                session.execute(
                    sa.select(DoseEvent.status, sa.func.count()).group_by(DoseEvent.status)
                ).all()
            )
        )
        sent_ids = session.scalars(
            sa.select(DoseEvent.id).where(DoseEvent.status == DoseStatus.SENT)
        ).all()
        reasons = Counter(
            str(detail.get("reason"))
            for detail in session.scalars(
                sa.select(AuditEntry.detail).where(AuditEntry.action == "reminder.not_sent")
            )
        )
        interrupted_ids = {
            int(detail["dose_event_id"])
            for detail in session.scalars(
                sa.select(AuditEntry.detail).where(AuditEntry.action == "reminder.not_sent")
            )
            if detail.get("reason") == "send_interrupted"
        }
        outbox_rows = session.scalar(sa.select(sa.func.count()).select_from(SmsMessage))
    span = max(r for r, _, _ in messages) - min(r for r, _, _ in messages) if messages else 0.0
    lateness.sort()
    return {
        "messages_at_server": len(messages),
        "doses_texted": len(texted),
        "duplicates": sum(n - 1 for n in texted.values()),
        "unrecognised_messages": unknown,
        # Still pending or sending when the senders stopped: nobody will text them, no reason.
        "lost_unsettled": sum(statuses[s] for s in UNSETTLED),
        # Recorded sent, but the provider never saw them.
        "lost_sent_not_at_server": sum(1 for i in sent_ids if (i - 1) not in texted),
        "not_sent": statuses[DoseStatus.NOT_SENT],
        "not_sent_reasons": dict(reasons),
        "send_interrupted": reasons["send_interrupted"],
        # The documented window: the provider got it, but the outbox cannot know.
        "send_interrupted_but_delivered": sum(1 for i in interrupted_ids if (i - 1) in texted),
        "sent": statuses[DoseStatus.SENT],
        "outbox_rows": outbox_rows,
        "messages_per_s": round(len(messages) / span, 1) if span else None,
        "lateness_p50_s": round(_quantile(lateness, 0.50), 3) if lateness else None,
        "lateness_p99_s": round(_quantile(lateness, 0.99), 3) if lateness else None,
        "lateness_max_s": round(lateness[-1], 3) if lateness else None,
    }


def _quantile(sorted_values: list[float], q: float) -> float:
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[round(q * 100) - 1]


# ---------------------------------------------------------------- entry point


@contextlib.contextmanager
def database_url(args: argparse.Namespace) -> Iterator[str]:
    """The URL to run on: a fresh SQLite file in a temp dir, or `--database-url` (checked empty)."""
    if args.database_url:
        engine = engine_for_url(args.database_url, poolclass=NullPool)
        try:
            with engine.connect() as connection:
                inspector = sa.inspect(connection)
                if inspector.has_table("patients") and connection.scalar(
                    sa.select(sa.func.count()).select_from(Patient)
                ):
                    raise SystemExit(
                        "The database at --database-url holds patients. The benchmark drops and "
                        "recreates CareLoop's tables: point it at an empty throwaway database."
                    )
        finally:
            engine.dispose()
        yield args.database_url
        return
    with tempfile.TemporaryDirectory(prefix="careloop-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.reminders.bench", description=__doc__)
    # Defaults sized so the three phases finish in under 5 minutes on two busy cores.
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--doses", type=int, default=5000)
    parser.add_argument("--burst-seconds", type=float, default=60.0)
    parser.add_argument("--database-url", help="an EMPTY throwaway database (default: temp SQLite)")
    parser.add_argument("--kill-at", type=float, default=0.3, help="fraction sent before kill -9")
    parser.add_argument("--poll-seconds", type=float, default=0.5)
    parser.add_argument("--lease-seconds", type=float, default=5.0)
    parser.add_argument("--timeout", type=float, default=3600.0, help="per sending process")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help="provider calls a sender has in flight at once",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=DEFAULT_BATCH_SIZE,
        help="due doses a sender claims per transaction",
    )
    parser.add_argument("--skip-kill", action="store_true", help="only the baseline and clean run")
    parser.add_argument("--child", choices=("sender", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--server-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.patients < 1 or args.doses < 1 or not 0 < args.kill_at < 1:
        parser.error("--patients and --doses must be positive, --kill-at between 0 and 1")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.child:
        result = run_sender(args) if args.child == "sender" else run_baseline(args)
        print(json.dumps(result), flush=True)
        return 0
    figures: dict[str, Any] = {
        "benchmark": "reminders",
        "patients": args.patients,
        "doses": args.doses,
        "burst_s": args.burst_seconds,
        "grace_s": DEFAULT_GRACE.total_seconds(),
        "cpus": os.cpu_count(),
        "concurrency": args.concurrency,
        "batch_size": args.batch_size,
    }
    with LoopbackTwilio(ACCOUNT_SID, AUTH_TOKEN) as server, database_url(args) as url:
        figures["database"] = sa.make_url(url).get_backend_name()
        print(f"baseline: {args.doses} messages through the twilio library ...", flush=True)
        figures["baseline"] = phase_baseline(args, server)
        print("clean run ...", flush=True)
        figures["clean"] = phase_dispatch(args, server, url, kill=False)
        if not args.skip_kill:
            print(f"kill -9 run (after {args.kill_at:.0%} sent) ...", flush=True)
            figures["kill9"] = phase_dispatch(args, server, url, kill=True)
    base_rate = figures["baseline"]["messages_per_s"]
    for phase in ("clean", "kill9"):
        if phase in figures and figures[phase]["messages_per_s"]:
            figures[phase]["throughput_vs_baseline"] = round(
                figures[phase]["messages_per_s"] / base_rate, 3
            )
    print_table(figures)
    print(json.dumps(figures, sort_keys=False), flush=True)
    return 0


def print_table(figures: dict[str, Any]) -> None:
    phases = [p for p in ("clean", "kill9") if p in figures]
    rows = [
        ("messages at server", "messages_at_server"),
        ("messages/s", "messages_per_s"),
        ("x baseline", "throughput_vs_baseline"),
        ("lateness p50 s", "lateness_p50_s"),
        ("lateness p99 s", "lateness_p99_s"),
        ("lateness max s", "lateness_max_s"),
        ("peak RSS MB (sender)", "peak_rss_mb"),
        ("sent", "sent"),
        ("duplicates", "duplicates"),
        ("lost (pending/sending)", "lost_unsettled"),
        ("lost (sent, not at server)", "lost_sent_not_at_server"),
        ("not_sent", "not_sent"),
        ("  send_interrupted", "send_interrupted"),
        ("  ... but delivered", "send_interrupted_but_delivered"),
    ]
    base = figures["baseline"]
    print()
    print(
        f"Reminders: {figures['patients']} patients, {figures['doses']} doses due over "
        f"{figures['burst_s']:.0f} s, {figures['database']}, {figures['cpus']} CPUs, "
        f"batches of {figures['batch_size']}, {figures['concurrency']} sends in flight"
    )
    print(
        f"Baseline (twilio library alone, no database): {base['messages_per_s']} messages/s, "
        f"peak RSS {base['peak_rss_mb']} MB"
    )
    print(f"{'':30}" + "".join(f"{p:>14}" for p in phases))
    for label, key in rows:
        cells = "".join(f"{_cell(figures[p].get(key)):>14}" for p in phases)
        print(f"{label:30}{cells}")
    if "kill9" in figures:
        print(f"kill -9 after {figures['kill9']['killed_after_messages']} messages at the server")
    print()


def _cell(value: Any) -> str:
    return "-" if value is None else str(value)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`make bench-chat`: scripted patient conversations over Rasa's REST channel, at 1, 10 and 50
concurrent patients, against the whole stack started for the run (the real Procfile on free
ports, a fresh SQLite database, the trained models) or, with --rasa-url, a stack you started.

Each patient greets, gives a name, asks for help, reports symptoms in one message that already
says how long, how bad and whether there is a fever (so the turn goes straight to the triage
service), and says thanks. Triage turns are timed separately from plain turns (greeting, help,
thanks), which are the baseline measured in the same run. Prints a table and, last, one JSON
line. Aim: a triage turn's p95 within 2x a plain turn's at 10 concurrent patients on CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.e2e.stack import RASA_MODEL, Stack

SCRIPT: tuple[tuple[str, str], ...] = (
    ("plain", "hello"),
    ("intake", "Sam"),
    ("plain", "what can you do?"),
    ("triage", "I've had a sore throat since yesterday, it's mild and I have no fever"),
    ("plain", "thanks"),
)
KINDS = ("plain", "triage", "intake")
# Every triage answer's explanation says this: the service's (bot/triage/service.py) and the
# red-flag answer the actions give without it (actions/triage_outcome.py).
TRIAGE_ANSWERED = "This is not a diagnosis."


@dataclass
class Level:
    concurrency: int
    patients: int
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: int = 0

    @property
    def turns(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def percentile(self, kind: str, q: float) -> float | None:
        values = sorted(self.latencies[kind])
        if not values:
            return None
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def _patient(client: httpx.AsyncClient, url: str, level: Level) -> None:
    sender = f"bench-{uuid.uuid4().hex[:16]}"
    for kind, message in SCRIPT:
        started = time.perf_counter()
        try:
            response = await client.post(url, json={"sender": sender, "message": message})
            response.raise_for_status()
            replies = " ".join(str(reply.get("text", "")) for reply in response.json())
            if not replies:
                raise ValueError("empty reply")
            if kind == "triage" and TRIAGE_ANSWERED not in replies:
                # Timing a turn that never reached the triage service would flatter the figure.
                raise ValueError("the triage turn got no triage answer")
        except (httpx.HTTPError, ValueError):
            level.errors += 1
            continue
        level.latencies[kind].append(time.perf_counter() - started)


async def run_level(url: str, concurrency: int, patients: int) -> Level:
    level = Level(concurrency, patients)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(patients):
        queue.put_nowait(number)

    async def worker(client: httpx.AsyncClient) -> None:
        while True:
            try:
                queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            await _patient(client, url, level)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        level.seconds = time.perf_counter() - started
    return level


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url", help="a running stack's Rasa (default: start one)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument(
        "--patients-per-worker", type=int, default=2, help="patients each concurrent worker runs"
    )
    args = parser.parse_args(argv)
    if args.rasa_url:
        return _bench(args.rasa_url, args)
    if not RASA_MODEL.is_file():
        print("No trained Rasa model: run `make train-rasa` first.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as workdir:
        stack = Stack.on_free_ports(Path(workdir))
        print("Starting the stack (Rasa takes about a minute to load)...", file=sys.stderr)
        stack.start()
        try:
            return _bench(stack.urls["rasa"], args)
        finally:
            stack.stop()


def _bench(rasa_url: str, args: argparse.Namespace) -> int:
    url = f"{rasa_url}/webhooks/rest/webhook"
    try:
        httpx.get(rasa_url, timeout=5).raise_for_status()
    except httpx.HTTPError:
        print(f"Rasa is not answering at {rasa_url}.", file=sys.stderr)
        return 2
    asyncio.run(run_level(url, 1, 1))  # warm-up: loads models, opens connections
    levels = [
        asyncio.run(run_level(url, c, max(c * args.patients_per_worker, 3)))
        for c in args.concurrency
    ]
    header = (
        "patients  turns/s  plain p50/p95 ms  triage p50/p95 ms  triage p95 / plain p95  errors"
    )
    print(header)
    print("-" * len(header))
    figures = {}
    for level in levels:
        plain95, triage95 = level.percentile("plain", 95), level.percentile("triage", 95)
        ratio = triage95 / plain95 if plain95 and triage95 else None
        print(
            f"{level.concurrency:>8}  {level.turns / level.seconds:>7.1f}  "
            f"{_ms(level.percentile('plain', 50)):>7}/{_ms(plain95):<8}  "
            f"{_ms(level.percentile('triage', 50)):>8}/{_ms(triage95):<8}  "
            f"{'-' if ratio is None else f'{ratio:.2f}x':>22}  {level.errors:>6}"
        )
        figures[str(level.concurrency)] = {
            "turns_per_s": round(level.turns / level.seconds, 2),
            "plain_p50_ms": level.percentile("plain", 50),
            "plain_p95_ms": plain95,
            "triage_p50_ms": level.percentile("triage", 50),
            "triage_p95_ms": triage95,
            "triage_over_plain_p95": ratio,
            "errors": level.errors,
        }
        for key in ("plain_p50_ms", "plain_p95_ms", "triage_p50_ms", "triage_p95_ms"):
            value = figures[str(level.concurrency)][key]
            figures[str(level.concurrency)][key] = None if value is None else round(value * 1000)
    at10 = figures.get("10", {}).get("triage_over_plain_p95")
    print(
        "\nAim: triage p95 within 2x plain p95 at 10 patients: "
        + ("not measured" if at10 is None else f"{at10:.2f}x ({'met' if at10 <= 2 else 'NOT met'})")
    )
    print(json.dumps({"bench": "chat", "levels": figures, "triage_over_plain_p95_at_10": at10}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

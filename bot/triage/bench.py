"""`make bench-triage`: the triage service's throughput and latency under concurrency.

Starts the real service (`python -m bot.triage`) on a free port, or measures the one at
`--url`, and sends descriptions from our held-out split at concurrency 1 to 64. Beside it, in
the same run, the baseline: plain transformers, one request at a time, no batching, no HTTP.
Prints a table and, last, one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

import httpx
import torch

from bot.net import free_loopback_port
from bot.settings import PROJECT_ROOT, get_settings
from bot.triage.levels import PatientContext
from bot.triage.model import TriageModel, format_input

CONCURRENCY = (1, 4, 16, 64)
TEST_SPLIT = PROJECT_ROOT / "data" / "triage" / "test.jsonl"


def load_cases(limit: int) -> list[dict[str, object]]:
    cases = []
    with TEST_SPLIT.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            cases.append(
                {
                    "text": row["text"],
                    "age": float(row["age"]),
                    "sex": row["sex"],
                    "pregnant": bool(row["pregnant"]),
                    "conditions": row["conditions"],
                    "medications": row["medications"],
                }
            )
            if len(cases) == limit:
                break
    return cases


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(latencies: list[float], wall_s: float) -> dict[str, float]:
    return {
        "requests": len(latencies),
        "throughput_rps": len(latencies) / wall_s,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p95_ms": percentile(latencies, 0.95) * 1000,
    }


def baseline(model_dir: Path, cases: list[dict[str, object]]) -> dict[str, float]:
    """Plain transformers, one text at a time: the same weights with no batching, no HTTP."""
    loaded = TriageModel.load(model_dir, device="cpu")
    tokenizer, model = loaded.tokenizer, loaded.model
    inputs = [
        format_input(
            str(c["text"]),
            PatientContext(
                age_years=c["age"],  # type: ignore[arg-type]
                sex=c["sex"],  # type: ignore[arg-type]
                pregnant=c["pregnant"],  # type: ignore[arg-type]
                conditions=tuple(c["conditions"]),  # type: ignore[arg-type]
                medications=tuple(c["medications"]),  # type: ignore[arg-type]
            ),
        )
        for c in cases
    ]
    latencies = []
    started = time.perf_counter()
    with torch.inference_mode():
        for text in inputs:
            t0 = time.perf_counter()
            encoded = tokenizer(
                text, truncation=True, max_length=loaded.max_length, return_tensors="pt"
            )
            model(**encoded).logits.softmax(-1)
            latencies.append(time.perf_counter() - t0)
    return summarise(latencies, time.perf_counter() - started)


async def load(url: str, cases: list[dict[str, object]], concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[dict[str, object]] = asyncio.Queue()
    for case in cases:
        queue.put_nowait(case)

    async def patient(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while not queue.empty():
            case = queue.get_nowait()
            t0 = time.perf_counter()
            response = await client.post(f"{url}/v1/triage", json=case)
            if response.status_code == 200:
                latencies.append(time.perf_counter() - t0)
            else:
                errors += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        await client.post(f"{url}/v1/triage", json=cases[0])  # warm the connection
        started = time.perf_counter()
        await asyncio.gather(*(patient(client) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return summarise(latencies, wall) | {"concurrency": concurrency, "errors": errors}


def start_service(port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {"TRIAGE_PORT": str(port), "HOST": "127.0.0.1", "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.triage"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            problem = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"bench-triage: the service did not start:\n{problem}")
        try:
            health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()
            if health["mode"] != "ready":
                process.terminate()
                raise SystemExit(
                    "bench-triage: no trained model (degraded mode): run `make train-triage`."
                )
            return process
        except httpx.HTTPError:
            time.sleep(1)
    process.terminate()
    raise SystemExit("bench-triage: the service did not answer /health within 180 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench-triage", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="measure a running service instead of starting one")
    parser.add_argument("--requests", type=int, default=256, help="requests per concurrency level")
    args = parser.parse_args(argv)

    model_dir = get_settings().models_dir / "triage"
    if not (model_dir / "VERSION").is_file():
        print("bench-triage: no trained model: run `make train-triage` first.", file=sys.stderr)
        return 2
    cases = load_cases(args.requests)
    service = None
    url = args.url
    if url is None:
        port = free_loopback_port()
        service = start_service(port)
        url = f"http://127.0.0.1:{port}"
    try:
        runs = [asyncio.run(load(url, cases, c)) for c in CONCURRENCY]
        health = httpx.get(f"{url}/health").json()
    finally:
        if service is not None:
            service.terminate()
            service.wait(timeout=30)
    base = baseline(model_dir, cases[: min(len(cases), 128)])

    print(
        f"\nTriage service {health['model_version']} on {health['device']}, "
        f"{os.cpu_count()} CPU cores ({platform.processor() or platform.machine()})"
    )
    print(f"{'mode':<34}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'x baseline':>12}")
    print(
        f"{'baseline: transformers, 1 at a time':<34}{base['throughput_rps']:>9.1f}"
        f"{base['p50_ms']:>9.1f}{base['p95_ms']:>9.1f}{1.0:>12.2f}"
    )
    for run in runs:
        ratio = run["throughput_rps"] / base["throughput_rps"]
        label = f"service, concurrency {run['concurrency']}"
        print(
            f"{label:<34}{run['throughput_rps']:>9.1f}{run['p50_ms']:>9.1f}"
            f"{run['p95_ms']:>9.1f}{ratio:>12.2f}"
        )
    errors = sum(int(run["errors"]) for run in runs)
    if errors:
        print(f"{errors} requests failed (429 or errors)")
    print(
        json.dumps(
            {
                "benchmark": "triage",
                "model_version": health["model_version"],
                "device": health["device"],
                "baseline": base,
                "service": runs,
                "throughput_ratio_vs_baseline": {
                    str(run["concurrency"]): run["throughput_rps"] / base["throughput_rps"]
                    for run in runs
                },
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

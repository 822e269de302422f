"""`python -m bot.ready`: wait until every CareLoop process answers, then say where to go.

Run by `make run` beside the five processes: Rasa takes about a minute to load its model, and the
addresses printed before start-up scroll away under the processes' logs. This prints them again,
once, when they all work; then it waits quietly for Ctrl-C like the rest of the stack.
"""

from __future__ import annotations

import signal
import sys
import threading
import time

import httpx

from bot.settings import Settings, get_settings, print_urls

STARTUP_LIMIT_S = 600


def health_checks(settings: Settings) -> dict[str, str]:
    return {
        "Rasa": f"{settings.rasa_url}/status?token={settings.derived_key('rasa-api')}",
        "action server": f"http://{settings.host}:{settings.action_port}/health",
        "triage service": f"{settings.triage_url}/health",
        "console": f"http://{settings.host}:{settings.console_port}/health",
    }


def waiting_for(checks: dict[str, str]) -> list[str]:
    pending = []
    for name, url in checks.items():
        try:
            response = httpx.get(url, timeout=2)
            ready = response.status_code == 200 and (
                name != "Rasa" or bool(response.json().get("model_id"))
            )
        except (httpx.HTTPError, ValueError):
            ready = False
        if not ready:
            pending.append(name)
    return pending


def main() -> int:
    settings = get_settings()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    checks = health_checks(settings)
    deadline = time.monotonic() + STARTUP_LIMIT_S
    pending = list(checks)
    while pending and not stop.is_set():
        if time.monotonic() > deadline:
            print(f"Still waiting for: {', '.join(pending)}. See the log lines above.", flush=True)
            deadline = time.monotonic() + STARTUP_LIMIT_S
        stop.wait(2)
        pending = waiting_for(checks)
    if not stop.is_set():
        print("\nCareLoop is ready:", flush=True)
        print_urls(settings)
        print("Press Ctrl-C to stop every process.\n", flush=True)
    stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())

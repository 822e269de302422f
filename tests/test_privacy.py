"""Rasa must never report to outside servers: telemetry off and its built-in Sentry disabled."""

from __future__ import annotations

import os
import subprocess

import pytest

from bot.settings import PROJECT_ROOT

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"

# Runs a Rasa command in-process, then prints whether Sentry got a client (a DSN to report to).
PROBE = """
import sys
import sentry_sdk
sys.argv = ["rasa", "telemetry"]
try:
    {runner}
except SystemExit:
    pass
print("SENTRY_CLIENT", sentry_sdk.Hub.current.client is not None)
"""


def _sentry_client_after(runner: str) -> bool:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASA_")}
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", PROBE.format(runner=runner)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("SENTRY_CLIENT"))
    return line.endswith("True")


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="the Rasa environment is not installed")
def test_rasa_through_our_launcher_never_sets_up_error_reporting() -> None:
    """Even when the shell asks for telemetry."""
    assert (
        _sentry_client_after(
            "import os; os.environ['RASA_TELEMETRY_ENABLED'] = 'true'; "
            "import bot.rasa_main; bot.rasa_main.main()"
        )
        is False
    )


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="the Rasa environment is not installed")
def test_plain_rasa_would_report_errors_to_sentry() -> None:
    """Why the launcher exists: Rasa's own start-up, telemetry on, would report to Sentry (only
    the set-up is run here: no event is sent)."""
    assert (
        _sentry_client_after(
            "import os; os.environ['RASA_TELEMETRY_ENABLED'] = 'true'; "
            "import rasa.telemetry; rasa.telemetry.initialize_error_reporting()"
        )
        is True
    )


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="the Rasa environment is not installed")
def test_rasa_through_our_launcher_keeps_hugging_face_offline() -> None:
    """The NLU pipeline's encoder (config.yml) is read from local files, never from the hub."""
    probe = PROBE.replace(
        'print("SENTRY_CLIENT"',
        'print("OFFLINE", os.environ.get("HF_HUB_OFFLINE"), os.environ.get("TRANSFORMERS_OFFLINE"))\n'
        'print("SENTRY_CLIENT"',
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    result = subprocess.run(
        [str(RASA_PYTHON), "-c", "import os\n" + probe.format(runner="import bot.rasa_main; bot.rasa_main.main()")],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    assert "OFFLINE 1 1" in result.stdout.splitlines()

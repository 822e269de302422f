"""Running a script in Rasa's own Python 3.10 environment, for the components Rasa loads."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"


def require_rasa_env() -> None:
    if not RASA_PYTHON.exists():
        pytest.skip("the Rasa environment (.venv-rasa) is not installed; run `make install`")


def run_in_rasa_env(script: str, request: Any, extra_env: dict[str, str] | None = None) -> Any:
    """Runs `script` in .venv-rasa with `request` as JSON on stdin; returns its last line's JSON.

    The environment is minimal on purpose (the repository on PYTHONPATH, telemetry off), so a
    component that reached for the application environment would fail to import.
    """
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", script],
        check=False,
        input=json.dumps(request),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={
            "PYTHONPATH": str(ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "PATH": "/usr/bin:/bin",
            **(extra_env or {}),
        },
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])

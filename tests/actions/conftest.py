"""Action tests run against the real triage service over HTTP (its model replaced by a
scripted one, so each test chooses the level) and a real, migrated SQLite database."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from rasa_sdk import Tracker

import actions.common
from bot.db.migrate import upgrade
from bot.net import free_loopback_port
from bot.settings import Settings, get_settings
from bot.triage.app import create_app
from bot.triage.levels import LEVELS_BY_SEVERITY, TriageLevel
from bot.triage.model import ModelOutput, TriageInput
from bot.triage.service import Triager


@dataclass
class ScriptedModel:
    """Stands in for the fine-tuned classifier: answers the level the test sets."""

    level: TriageLevel = TriageLevel.SELF_CARE
    version: str = "scripted-test-model"
    device: str = "cpu"
    seen: list[str] = field(default_factory=list)

    def predict(self, items: list[TriageInput]) -> list[ModelOutput]:
        self.seen += [item.text for item in items]
        probabilities = {
            lvl.value: (0.9 if lvl == self.level else 0.025) for lvl in LEVELS_BY_SEVERITY
        }
        return [ModelOutput(self.level, 0.9, probabilities) for _ in items]


def advice_for_tests(text, context, level, flags, emergency_number):  # type: ignore[no-untyped-def]
    """The shape of the real recommender's answer (bot/triage/recommendations), fixed content."""
    return {
        "level": level.value,
        "follow_up_hours": {"urgent": 24, "routine": 72, "self_care": 48}.get(level.value, 12),
        "education": [
            {
                "topic_id": "sore_throat",
                "title": "Sore throat",
                "summary": "Usually gets better by itself within a week.",
                "self_care": [{"text": "Drink plenty of fluids.", "medicines": [], "cautions": []}],
                "while_you_wait": [{"text": "Sit upright.", "medicines": [], "cautions": []}],
                "warning_signs": ["You find it hard to swallow or breathe."],
                "source": {"name": "NHS", "url": "https://www.nhs.uk/conditions/sore-throat/"},
            }
        ],
        "medication_warnings": [],
    }


@dataclass
class RunningTriage:
    url: str
    port: int
    model: ScriptedModel


@pytest.fixture(scope="session")
def triage_service() -> Iterator[RunningTriage]:
    model = ScriptedModel()
    port = free_loopback_port()
    settings = Settings(_env_file=None, triage_port=port)  # type: ignore[call-arg]
    app = create_app(settings, triager=Triager(model), recommender=advice_for_tests)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:  # pragma: no cover
        raise RuntimeError("the triage service did not start")
    yield RunningTriage(f"http://127.0.0.1:{port}", port, model)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def action_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, triage_service: RunningTriage
) -> Iterator[Settings]:
    """The environment an action server would have: a migrated SQLite file, the triage service
    above, a clinic name and phone. Resets the triage level to self-care."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'careloop.db'}")
    monkeypatch.setenv("TRIAGE_PORT", str(triage_service.port))
    monkeypatch.setenv("CLINIC_NAME", "Riverside Health Centre")
    monkeypatch.setenv("CLINIC_PHONE", "020 7946 0000")
    monkeypatch.setenv("EMERGENCY_NUMBER", "999")
    monkeypatch.setenv("TRIAGE_TIMEOUT_SECONDS", "5")
    get_settings.cache_clear()
    actions.common.session_factory.cache_clear()
    settings = get_settings()
    upgrade(settings)
    triage_service.model.level = TriageLevel.SELF_CARE
    triage_service.model.seen.clear()
    yield settings
    get_settings.cache_clear()
    actions.common.session_factory.cache_clear()


def make_tracker(
    text: str = "",
    intent: str | None = None,
    *,
    sender: str = "patient-1",
    slots: dict[str, Any] | None = None,
    channel: str = "rest",
    active_loop: str | None = None,
    loop_started_before_message: bool = True,
) -> Tracker:
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 1.0} if intent else {},
            "entities": [],
        },
        events=[
            *(
                [{"event": "active_loop", "name": active_loop}]
                if active_loop and loop_started_before_message
                else []
            ),
            {"event": "user", "input_channel": channel, "text": text},
        ],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )

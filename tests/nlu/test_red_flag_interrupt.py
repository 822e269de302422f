"""The NLU component that turns any message with an emergency red flag into `red_flag`.

It runs inside Rasa's own Python 3.10 environment, so it is tested there (a subprocess in
.venv-rasa), which also proves it imports nothing from the application environment.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.nlu.rasa_env import require_rasa_env, run_in_rasa_env

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from bot.nlu.red_flags import RedFlagInterrupt
component = RedFlagInterrupt.create({}, None, None, None)
out = []
for text in json.loads(sys.stdin.read()):
    message = Message(data={"text": text, "intent": {"name": "greet", "confidence": 0.8},
                            "intent_ranking": [{"name": "greet", "confidence": 0.8}]})
    component.process([message])
    out.append({"intent": message.get("intent")["name"],
                "ranking": [r["name"] for r in message.get("intent_ranking")],
                "flags": [f["code"] for f in message.get("red_flags") or []]})
app_env = [m for m in ("sqlalchemy", "pydantic_settings", "torch", "fastapi") if m in sys.modules
           and m != "sqlalchemy"]
print(json.dumps({"results": out, "app_env_modules": app_env}))
"""


@pytest.fixture(scope="module")
def classify():  # type: ignore[no-untyped-def]
    require_rasa_env()
    return lambda texts: run_in_rasa_env(SCRIPT, texts)


def test_red_flags_override_any_intent_and_negations_do_not(classify) -> None:  # type: ignore[no-untyped-def]
    result = classify(
        [
            "Maria. Actually I have crushing chest pain and my arm is numb",
            "TAKEN but my face is drooping on one side",
            "no chest pain, just a cold",
            "thanks!",
            "",
        ]
    )
    chest, face, negated, thanks, empty = result["results"]
    assert chest["intent"] == "red_flag" and chest["flags"] == ["cardiac_chest_pain"]
    assert chest["ranking"][:2] == ["red_flag", "greet"]
    assert face["intent"] == "red_flag"
    assert negated == {"intent": "greet", "ranking": ["greet"], "flags": []}
    assert thanks["intent"] == "greet" and empty["intent"] == "greet"
    assert result["app_env_modules"] == []


def test_the_component_is_last_in_the_pipeline() -> None:
    import yaml

    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    assert pipeline[-1]["name"] == "bot.nlu.red_flags.RedFlagInterrupt"
    assert sys.version_info >= (3, 11)  # this test file itself runs in the app environment

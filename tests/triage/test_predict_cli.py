"""`make triage-predict`: the stable command-line contract used by evaluation tooling."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

TRAINED = (PROJECT_ROOT / "models" / "triage" / "VERSION").is_file()


def predict(tmp_path: Path, lines: list[str], models_dir: Path | None = None):
    source, target = tmp_path / "cases.jsonl", tmp_path / "predictions.jsonl"
    source.write_text("".join(line + "\n" for line in lines))
    env = {"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    if models_dir is not None:
        env["MODELS_DIR"] = str(models_dir)
    result = subprocess.run(
        [sys.executable, "-m", "bot.triage.predict", "--in", str(source), "--out", str(target)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result, target


def test_without_a_trained_model_it_fails_clearly_and_writes_nothing(tmp_path: Path) -> None:
    result, target = predict(tmp_path, ['{"id": "1", "text": "cough"}'], tmp_path / "empty")
    assert result.returncode == 2
    assert "make train-triage" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('{"id": "2", "text": ""}', "line 2: text"),
        ('{"id": "2", "text": "cough", "age": "old"}', "line 2: age"),
        ("[1, 2]", "line 2: expected a JSON object"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(tmp_path: Path, line: str, says: str) -> None:
    result, target = predict(tmp_path, ['{"id": "1", "text": "cough"}', line], tmp_path / "none")
    assert result.returncode == 1
    assert says in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


@pytest.mark.skipif(not TRAINED, reason="no trained triage model: run `make train-triage`")
def test_one_prediction_per_case_in_the_same_order(tmp_path: Path) -> None:
    cases = [
        {"id": "a", "text": "I have a runny nose and I'm sneezing a lot", "age": 30},
        {
            "id": 7,
            "text": "I've got crushing chest pain and I'm sweating",
            "age": 58,
            "sex": "male",
        },
        {"id": "c", "text": "rash on my arm for a month, not itchy", "conditions": ["eczema"]},
    ]
    result, target = predict(tmp_path, [json.dumps(c) for c in cases])
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in target.read_text().splitlines()]
    assert [row["id"] for row in rows] == ["a", "7", "c"]
    for row in rows:
        assert {"id", "level", "confidence", "red_flags", "probabilities"} <= set(row)
        assert abs(sum(row["probabilities"].values()) - 1) < 1e-4
    assert rows[1]["level"] == "emergency_ambulance"
    assert rows[1]["red_flags"][0]["code"]

"""The NLU report reads Rasa's intent_report.json and enforces the macro-F1 target."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.nlu.report import main


def write_report(path: Path, macro: float) -> Path:
    row = {"precision": 0.9, "recall": 0.8, "f1-score": 0.85, "support": 12, "confused_with": {}}
    report = {
        "greet": {**row, "f1-score": 1.0},
        "report_symptoms": row,
        "accuracy": 0.93,
        "macro avg": {**row, "f1-score": macro},
        "weighted avg": {**row, "f1-score": 0.9},
    }
    path.write_text(json.dumps(report))
    return path


def test_prints_each_intent_worst_first_and_passes_above_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(write_report(tmp_path / "r.json", 0.93))]) == 0
    out = capsys.readouterr().out
    assert out.index("report_symptoms") < out.index("greet")
    last = json.loads(out.strip().splitlines()[-1])
    assert last["met"] is True and last["f1"] == {"greet": 1.0, "report_symptoms": 0.85}


def test_fails_under_target_and_on_a_missing_report(tmp_path: Path) -> None:
    assert main([str(write_report(tmp_path / "r.json", 0.7))]) == 1
    assert main([str(tmp_path / "missing.json")]) == 2

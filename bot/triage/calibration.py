"""Calibration and the decision rule's thresholds, fitted on validation by `bot.triage.train`.

Temperature scaling (`fit_temperature`), calibration error and reliability bins for the model
card, and the choice of the two safety-margin thresholds of `bot.triage.model.decide`
(`choose_thresholds`).
"""

from __future__ import annotations

import itertools
from dataclasses import asdict
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from bot.triage.evaluate import triage_metrics
from bot.triage.levels import TriageLevel
from bot.triage.model import LABELS, DecisionThresholds, decide

THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(1, 21))
"""Candidate margin thresholds, 0.05 to 1.0 (at 1.0 a margin almost never fires)."""


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The temperature T that minimises the NLL of softmax(logits / T) (LBFGS on log T)."""
    # A plain copy: logits computed under inference mode cannot take part in autograd.
    logits = logits.detach().float().clone()
    log_temperature = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.LBFGS(
        [log_temperature], lr=0.5, max_iter=200, line_search_fn="strong_wolfe"
    )

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = F.cross_entropy(logits / log_temperature.exp(), labels)
        loss.backward()
        return loss

    with torch.enable_grad():
        optimizer.step(closure)
    return float(log_temperature.detach().exp().clamp(0.05, 20.0))


def expected_calibration_error(
    probabilities: np.ndarray, labels: np.ndarray, bins: int = 15
) -> float:
    """Top-label ECE: the confidence-weighted gap between confidence and accuracy, in bins."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in itertools.pairwise(edges):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            error += in_bin.mean() * abs(confidence[in_bin].mean() - correct[in_bin].mean())
    return float(error)


def reliability(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> list[dict]:
    """Per confidence bin: count, mean confidence and accuracy of the argmax (for the diagram)."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for low, high in itertools.pairwise(edges):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            rows.append(
                {
                    "low": float(low),
                    "high": float(high),
                    "count": int(in_bin.sum()),
                    "confidence": float(confidence[in_bin].mean()),
                    "accuracy": float(correct[in_bin].mean()),
                }
            )
    return rows


def decide_all(probabilities: np.ndarray, thresholds: DecisionThresholds) -> list[TriageLevel]:
    return [decide(row, thresholds)[0] for row in probabilities.tolist()]


def choose_thresholds(
    probabilities: np.ndarray, labels: np.ndarray, over_triage_budget: float
) -> tuple[DecisionThresholds, dict[str, Any]]:
    """The safety-margin thresholds, chosen on validation.

    Among threshold pairs on `THRESHOLD_GRID` whose over-triage rate is at most the plain
    argmax's plus `over_triage_budget`, take the one with the highest emergency recall (true
    emergency or emergency-ambulance answered emergency or above), then the highest
    urgent-or-above recall, then the least over-triage, then the highest thresholds (the
    margins that change fewest answers).
    """
    truth = [TriageLevel(LABELS[i]) for i in labels]
    baseline = triage_metrics(truth, decide_all(probabilities, DecisionThresholds(1.0, 1.0)))
    cap = baseline["over_triage_rate"] + over_triage_budget
    best: tuple[tuple[float, ...], DecisionThresholds, dict] | None = None
    for emergency in THRESHOLD_GRID:
        for urgent in THRESHOLD_GRID:
            thresholds = DecisionThresholds(emergency, urgent)
            predicted = decide_all(probabilities, thresholds)
            metrics = triage_metrics(truth, predicted)
            if metrics["over_triage_rate"] > cap + 1e-12:
                continue
            urgent_recall = _urgent_or_above_recall(truth, predicted)
            key = (
                metrics["emergencies_caught"]["rate"],
                urgent_recall,
                -metrics["over_triage_rate"],
                emergency,
                urgent,
            )
            if best is None or key > best[0]:
                best = (key, thresholds, metrics | {"urgent_or_above_recall": urgent_recall})
    assert best is not None  # (1.0, 1.0) is on the grid and never exceeds the cap
    _, thresholds, chosen = best
    search = {
        "grid": list(THRESHOLD_GRID),
        "over_triage_budget": over_triage_budget,
        "over_triage_cap": cap,
        "argmax": _summary(
            baseline
            | {
                "urgent_or_above_recall": _urgent_or_above_recall(
                    truth, decide_all(probabilities, DecisionThresholds(1.0, 1.0))
                )
            }
        ),
        "chosen": {"thresholds": asdict(thresholds), **_summary(chosen)},
    }
    return thresholds, search


def _urgent_or_above_recall(truth: list[TriageLevel], predicted: list[TriageLevel]) -> float:
    urgent = TriageLevel.URGENT.severity
    hits = [
        p.severity >= urgent for t, p in zip(truth, predicted, strict=True) if t.severity >= urgent
    ]
    return sum(hits) / len(hits) if hits else 0.0


def _summary(metrics: dict) -> dict:
    return {
        "accuracy": metrics["accuracy"],
        "emergency_recall": metrics["emergencies_caught"]["rate"],
        "urgent_or_above_recall": metrics["urgent_or_above_recall"],
        "under_triage_rate": metrics["under_triage_rate"],
        "over_triage_rate": metrics["over_triage_rate"],
    }

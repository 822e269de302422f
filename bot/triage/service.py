"""Triage assessments: the model's level, the red-flag floor on top, and a plain explanation.

One code path for the HTTP service (through the micro-batcher) and `make triage-predict`, so
both give the same answer for the same input. Without a trained model the service runs in
degraded mode: no answer is lower than `urgent`, and every answer says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.triage.levels import PatientContext, TriageLevel
from bot.triage.model import ModelNotTrainedError, ModelOutput, TriageInput, TriageModel
from bot.triage.rules import RedFlag, apply_floor, find_red_flags

DEGRADED_FLOOR = TriageLevel.URGENT
MODEL_SUBDIR = "triage"

LEVEL_ADVICE = {
    TriageLevel.EMERGENCY_AMBULANCE: "needs an ambulance now",
    TriageLevel.EMERGENCY: "needs an emergency department now",
    TriageLevel.URGENT: "should be seen by a clinician within 24 hours",
    TriageLevel.ROUTINE: "should be looked at in a routine appointment",
    TriageLevel.SELF_CARE: "can usually be looked after at home, with a pharmacist's help",
}


@dataclass(frozen=True)
class Assessment:
    """What the service answers for one description of symptoms."""

    level: TriageLevel
    confidence: float | None
    probabilities: dict[str, float] | None
    red_flags: list[RedFlag]
    explanation: str
    model_version: str | None
    degraded: bool


class Triager:
    """Turns descriptions of symptoms into assessments. Thread-safe for one caller at a time."""

    def __init__(self, model: TriageModel | None, degraded_reason: str | None = None) -> None:
        self.model = model
        self.degraded_reason = degraded_reason

    @classmethod
    def from_models_dir(cls, models_dir: Path, device: str | None = None) -> Triager:
        """Load the trained model; without one, a degraded triager that says so."""
        try:
            return cls(TriageModel.load(models_dir / MODEL_SUBDIR, device=device))
        except ModelNotTrainedError as missing:
            return cls(None, degraded_reason=str(missing))

    @property
    def degraded(self) -> bool:
        return self.model is None

    @property
    def model_version(self) -> str | None:
        return self.model.version if self.model is not None else None

    def assess(self, items: Sequence[TriageInput]) -> list[Assessment]:
        outputs: Sequence[ModelOutput | None]
        outputs = self.model.predict(items) if self.model is not None else [None] * len(items)
        return [self._assessment(item, output) for item, output in zip(items, outputs, strict=True)]

    def _assessment(self, item: TriageInput, output: ModelOutput | None) -> Assessment:
        flags = find_red_flags(item.text, item.context)
        if output is None:
            level = apply_floor(DEGRADED_FLOOR, flags)
            return Assessment(
                level=level,
                confidence=None,
                probabilities=None,
                red_flags=flags,
                explanation=explain(level, flags, item.context, degraded=True),
                model_version=None,
                degraded=True,
            )
        level = apply_floor(output.level, flags)
        raised = level != output.level
        return Assessment(
            level=level,
            # Raised by a red flag: the rule decided, not the model's probability.
            confidence=None if raised else output.confidence,
            probabilities=output.probabilities,
            red_flags=flags,
            explanation=explain(level, flags, item.context, degraded=False),
            model_version=self.model_version,
            degraded=False,
        )


def explain(
    level: TriageLevel, flags: list[RedFlag], context: PatientContext, *, degraded: bool
) -> str:
    """One plain-language paragraph: what we think, why, and that it is not a diagnosis."""
    sentences = []
    if degraded:
        sentences.append(
            "CareLoop's symptom checker is not fully available right now, so to be safe this "
            f"answer is never lower than 'urgent': your problem {LEVEL_ADVICE[level]}."
        )
    else:
        about = _context_phrase(context)
        sentences.append(f"From what you described{about}, this {LEVEL_ADVICE[level]}.")
    for flag in flags:
        sentences.append(
            f'You mentioned "{flag.evidence}": {flag.label.rstrip(".")}.'
            if flag.start >= 0
            else f"{flag.label.rstrip('.')} ({flag.evidence})."
        )
    sentences.append("This is not a diagnosis. If you get worse or are worried, get help sooner.")
    return " ".join(sentences)


def _context_phrase(context: PatientContext) -> str:
    parts = []
    if context.age_years is not None:
        parts.append(f"age {context.age_years:g}" if context.age_years >= 1 else "a baby's age")
    if context.pregnant:
        parts.append("your pregnancy")
    if context.conditions:
        parts.append("your health conditions")
    if context.medications:
        parts.append("your medicines")
    if not parts:
        return ""
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f" and taking into account {joined}"

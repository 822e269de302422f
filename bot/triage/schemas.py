"""The triage service's HTTP contract: strict request bodies and the response shapes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.triage.levels import PatientContext, TriageLevel
from bot.triage.model import TriageInput
from bot.triage.rules import RedFlag
from bot.triage.service import Assessment

MAX_TEXT_CHARS = 2000
MAX_BATCH = 64

SymptomText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT_CHARS)
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class Strict(BaseModel):
    # Unknown fields and wrong types are the caller's mistake: refuse them, never guess.
    model_config = ConfigDict(extra="forbid", strict=True)


class PatientProfile(Strict):
    age: float | None = Field(default=None, ge=0, le=130, description="Age in years.")
    sex: Literal["female", "male"] | None = None
    pregnant: bool | None = None
    conditions: list[ShortText] = Field(default_factory=list, max_length=50)
    medications: list[ShortText] = Field(default_factory=list, max_length=50)

    def context(self) -> PatientContext:
        return PatientContext(
            age_years=self.age,
            sex=self.sex,
            pregnant=self.pregnant,
            conditions=tuple(self.conditions),
            medications=tuple(self.medications),
        )


class TriageRequest(PatientProfile):
    id: Annotated[str, StringConstraints(max_length=200)] | None = Field(
        default=None, description="Your reference for this case; echoed back."
    )
    text: SymptomText = Field(description="The patient's own words, 1-2,000 characters.")

    def to_input(self) -> TriageInput:
        return TriageInput(text=self.text, context=self.context())


class BatchTriageRequest(Strict):
    items: list[TriageRequest] = Field(min_length=1, max_length=MAX_BATCH)


class RedFlagOut(BaseModel):
    code: str
    label: str
    level: TriageLevel
    evidence: str
    start: int
    end: int

    @classmethod
    def of(cls, flag: RedFlag) -> RedFlagOut:
        return cls(
            code=flag.code,
            label=flag.label,
            level=flag.level,
            evidence=flag.evidence,
            start=flag.start,
            end=flag.end,
        )


class TriageResponse(BaseModel):
    id: str | None
    level: TriageLevel
    confidence: float | None = Field(
        description="Calibrated probability of `level`; null when a red-flag rule set it or "
        "the service is degraded."
    )
    probabilities: dict[str, float] | None
    red_flags: list[RedFlagOut]
    explanation: str
    model_version: str | None
    degraded: bool

    @classmethod
    def of(cls, request_id: str | None, assessment: Assessment) -> TriageResponse:
        return cls(
            id=request_id,
            level=assessment.level,
            confidence=assessment.confidence,
            probabilities=assessment.probabilities,
            red_flags=[RedFlagOut.of(flag) for flag in assessment.red_flags],
            explanation=assessment.explanation,
            model_version=assessment.model_version,
            degraded=assessment.degraded,
        )


class BatchTriageResponse(BaseModel):
    items: list[TriageResponse]


class RecommendationRequest(PatientProfile):
    text: SymptomText
    # Not strict: the JSON string "urgent" must become TriageLevel.URGENT.
    level: TriageLevel = Field(strict=False, description="The triage level to advise for.")

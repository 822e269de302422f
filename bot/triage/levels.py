"""Triage urgency levels, and what we know about the patient when we triage.

`TriageLevel` values are strings so they travel unchanged through JSON, the database and Rasa
slots. Because they are strings, `<` on two levels compares spelling, not urgency: compare with
`.severity`, or use `max_level`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class TriageLevel(str, Enum):
    """How soon a patient needs care, from "call 999 now" to "look after yourself at home"."""

    EMERGENCY_AMBULANCE = "emergency_ambulance"
    EMERGENCY = "emergency"
    URGENT = "urgent"
    ROUTINE = "routine"
    SELF_CARE = "self_care"

    @property
    def severity(self) -> int:
        """4 for EMERGENCY_AMBULANCE down to 0 for SELF_CARE; higher is more urgent."""
        return _SEVERITY[self]


LEVELS_BY_SEVERITY: tuple[TriageLevel, ...] = (
    TriageLevel.EMERGENCY_AMBULANCE,
    TriageLevel.EMERGENCY,
    TriageLevel.URGENT,
    TriageLevel.ROUTINE,
    TriageLevel.SELF_CARE,
)
"""Every level, most severe first."""

_SEVERITY = {level: len(LEVELS_BY_SEVERITY) - 1 - i for i, level in enumerate(LEVELS_BY_SEVERITY)}


def max_level(*levels: TriageLevel | str) -> TriageLevel:
    """The most severe of the given levels (plain values such as "urgent" are accepted too).

    Raises:
        ValueError: when no level is given, or a value is not a triage level.
    """
    if not levels:
        raise ValueError("max_level() needs at least one triage level to compare.")
    return max((TriageLevel(level) for level in levels), key=lambda level: level.severity)


SEXES = ("female", "male")


@dataclass(frozen=True)
class PatientContext:
    """Facts from the patient's profile that change what a symptom means.

    Every field may be unknown; the rules then rely on what the patient wrote. Lists given for
    `conditions` or `medications` are stored as tuples so the context stays hashable.

    Attributes:
        age_years: age in years; babies are fractions (six weeks is about 0.115).
        sex: "female", "male" or None when not recorded.
        pregnant: True, False, or None when not recorded.
        conditions: diagnoses in free text, as recorded ("Type 1 diabetes", "asthma").
        medications: current medicines in free text ("Apixaban 5mg twice daily").
    """

    age_years: float | None = None
    sex: str | None = None
    pregnant: bool | None = None
    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.age_years is not None and self.age_years < 0:
            raise ValueError(f"age_years must be 0 or more, not {self.age_years}.")
        if self.sex is not None and self.sex not in SEXES:
            raise ValueError(f"sex must be one of {SEXES} or None, not {self.sex!r}.")
        object.__setattr__(self, "conditions", tuple(self.conditions))
        object.__setattr__(self, "medications", tuple(self.medications))

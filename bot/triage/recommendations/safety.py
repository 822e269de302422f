"""Medication safety: cautions for the medicines we suggest, and among those a patient takes.

The rules live in `medication_safety.yml` (classes of medicines with their generic and brand
names, the words conditions are recorded in, and the cautions themselves); its header explains
the format. They are read and checked at first use, never at import.

Matching is on whole words, case-insensitive, with apostrophes, full stops, hyphens and slashes
ignored, so "St. John's-wort", "Co-codamol 30/500" and "CKD stage 3" are recognised. A medicine
or condition we have no name for gives no warning: the knowledge base is a safety net, not a
full interaction checker, and a pharmacist remains the check of record.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from bot.triage.levels import PatientContext
from bot.triage.recommendations._content import ContentError, Source
from bot.triage.recommendations.medication_kb import (
    KNOWLEDGE_BASE_PATH,
    SEVERITIES,
    Caution,
    KnowledgeBase,
    normalise,
    read_knowledge_base,
)

__all__ = [
    "KNOWLEDGE_BASE_PATH",
    "SEVERITIES",
    "ContentError",
    "MedicationSafety",
    "MedicationWarning",
    "Source",
    "interactions_in_current_medications",
    "load_medication_safety",
    "medication_warnings",
]


@dataclass(frozen=True)
class MedicationWarning:
    """One caution that applies to this patient.

    Attributes:
        code: the caution's stable id from the knowledge base ("nsaid_with_anticoagulant").
        severity: "avoid" or "caution" (see `SEVERITIES`).
        message: what to do, in words for the patient.
        medicine: the medicine the caution is about, as we named it or the patient recorded it.
        reason: why it applies to this patient ("you also take Apixaban 5mg", "you're pregnant").
        source: the public page the caution comes from.
    """

    code: str
    severity: str
    message: str
    medicine: str
    reason: str
    source: Source


def medication_warnings(
    context: PatientContext,
    advised_medicines: Collection[str],
    *,
    sick_day: bool = False,
    safety: MedicationSafety | None = None,
) -> list[MedicationWarning]:
    """Cautions for the medicines we are about to suggest, for this patient.

    Checks each advised medicine against the patient's current medicines (drug-drug), their
    recorded conditions, pregnancy and age (drug-condition). With `sick_day`, also the sick-day
    rules for medicines they already take (metformin, blood pressure tablets, insulin...).

    Args:
        context: the patient's profile; `pregnant` and `age_years` count only when known.
        advised_medicines: names or tags ("ibuprofen", "decongestant", "Sudafed").
        sick_day: the patient is ill with vomiting, diarrhoea or a fever.
        safety: the knowledge base; the packaged one when None.

    Returns:
        Warnings with "avoid" before "caution", each (code, medicine) once.
    """
    safety = safety or load_medication_safety()
    return safety.warnings_for(context, advised_medicines, sick_day=sick_day)


def interactions_in_current_medications(
    context: PatientContext, *, safety: MedicationSafety | None = None
) -> list[MedicationWarning]:
    """Cautions among the medicines the patient already takes, and against their conditions.

    These are for the nurse to review: the patient's prescriber may already have weighed them,
    so the messages never tell the patient to stop a prescribed medicine.
    """
    safety = safety or load_medication_safety()
    return safety.current_interactions(context)


@functools.cache
def load_medication_safety(path: Path = KNOWLEDGE_BASE_PATH) -> MedicationSafety:
    """The knowledge base in `path`, read and checked once per path.

    Raises:
        ContentError: naming the file, entry and field that is wrong.
    """
    return MedicationSafety(read_knowledge_base(path))


# --- Matching ---------------------------------------------------------------------------------------

# Free-text medicine entries are remembered; a long-running service sees a bounded variety.
_MAX_CACHED_NAMES = 4096


class MedicationSafety:
    """The checked knowledge base, with the matching logic. Build it with `load_medication_safety`."""

    def __init__(self, knowledge_base: KnowledgeBase) -> None:
        self._classes = knowledge_base.classes
        self._conditions = knowledge_base.conditions
        self.cautions = knowledge_base.cautions
        self._classes_of: dict[str, frozenset[str]] = {}

    @property
    def condition_keys(self) -> frozenset[str]:
        return frozenset(self._conditions)

    @property
    def class_keys(self) -> frozenset[str]:
        return frozenset(self._classes)

    def condition_label(self, key: str) -> str:
        return self._conditions[key].label

    def classes_of(self, medicine: str) -> frozenset[str]:
        """Every class a medicine name, brand, tag or free-text entry belongs to."""
        if medicine not in self._classes_of:
            if len(self._classes_of) >= _MAX_CACHED_NAMES:
                self._classes_of.clear()
            text = normalise(medicine)
            self._classes_of[medicine] = frozenset(
                key for key, drug in self._classes.items() if drug.pattern.search(text)
            )
        return self._classes_of[medicine]

    def conditions_of(self, context: PatientContext) -> dict[str, str]:
        """Condition key -> the patient's own wording, for each known condition they have."""
        found: dict[str, str] = {}
        for recorded in context.conditions:
            text = normalise(recorded)
            for key, condition in self._conditions.items():
                if key not in found and condition.pattern.search(text):
                    found[key] = recorded
        return found

    def warnings_for(
        self, context: PatientContext, advised: Collection[str], *, sick_day: bool = False
    ) -> list[MedicationWarning]:
        patient = _Patient(self, context)
        warnings: list[MedicationWarning] = []
        for medicine in sorted(set(advised), key=str.lower):
            classes = self.classes_of(medicine)
            fired = [
                (caution, reason)
                for caution in self.cautions
                if not caution.on_sick_days
                and (reason := patient.reason(caution, medicine, classes)) is not None
            ]
            warnings.extend(_without_superseded(fired, medicine))
        if sick_day:
            for medicine, classes in patient.current:
                fired = [
                    (caution, "you're unwell and may not be drinking enough")
                    for caution in self.cautions
                    if caution.on_sick_days and classes & caution.medicine
                ]
                warnings.extend(_without_superseded(fired, medicine))
        return _ordered(warnings)

    def current_interactions(self, context: PatientContext) -> list[MedicationWarning]:
        patient = _Patient(self, context)
        warnings: list[MedicationWarning] = []
        seen_pairs: set[tuple[str, frozenset[str]]] = set()
        for index, (medicine, classes) in enumerate(patient.current):
            fired = []
            for caution in self.cautions:
                if caution.on_sick_days or caution.always:
                    continue
                reason = patient.reason(caution, medicine, classes, skip_current=index)
                if reason is None:
                    continue
                # A drug-drug caution between two entries is reported once, not once each way.
                partner = patient.partner_of(caution, skip_current=index)
                pair = (caution.code, frozenset({medicine, partner or ""}))
                if pair in seen_pairs:
                    continue
                seen_pairs.add(pair)
                fired.append((caution, reason))
            warnings.extend(_without_superseded(fired, medicine))
        return _ordered(warnings)


class _Patient:
    """What the knowledge base needs to know about one patient, matched once."""

    def __init__(self, safety: MedicationSafety, context: PatientContext) -> None:
        self.context = context
        self.current = [(medicine, safety.classes_of(medicine)) for medicine in context.medications]
        self.conditions = safety.conditions_of(context)

    def _taking(self, wanted: frozenset[str], skip_current: int | None) -> str | None:
        for index, (medicine, classes) in enumerate(self.current):
            if index != skip_current and classes & wanted:
                return medicine
        return None

    def partner_of(self, caution: Caution, skip_current: int | None) -> str | None:
        if not caution.with_medicines:
            return None
        return self._taking(caution.with_medicines, skip_current)

    def reason(
        self,
        caution: Caution,
        medicine: str,
        classes: frozenset[str],
        skip_current: int | None = None,
    ) -> str | None:
        """Why the caution applies to `medicine` for this patient, or None when it doesn't."""
        if not classes & caution.medicine:
            return None
        reasons: list[str] = []
        for wanted in (caution.with_medicines, caution.also_with_medicines):
            if not wanted:
                continue
            taking = self._taking(wanted, skip_current)
            if taking is None:
                return None
            reasons.append(f"you also take {taking}")
        if caution.with_conditions:
            recorded = next(
                (self.conditions[key] for key in caution.with_conditions if key in self.conditions),
                None,
            )
            if recorded is None:
                return None
            reasons.append(f"you have {recorded}")
        if caution.when_pregnant:
            if self.context.pregnant is not True:
                return None
            reasons.append("you're pregnant")
        if caution.min_age is not None or caution.max_age is not None:
            age = self.context.age_years
            if age is None:
                return None
            if caution.min_age is not None and age < caution.min_age:
                return None
            if caution.max_age is not None and age >= caution.max_age:
                return None
            reasons.append(_age_phrase(caution))
        if caution.always:
            reasons.append("this applies to everyone taking it")
        return "; ".join(reasons)


def _age_phrase(caution: Caution) -> str:
    if caution.max_age is not None and caution.min_age is not None:
        return f"aged {caution.min_age:g} to under {caution.max_age:g}"
    if caution.max_age is not None:
        if caution.max_age < 1:
            return f"aged under {round(caution.max_age * 12)} months"
        return f"aged under {caution.max_age:g}"
    return f"aged {caution.min_age:g} or over"


def _without_superseded(fired: list[tuple[Caution, str]], medicine: str) -> list[MedicationWarning]:
    codes = {caution.code for caution, _ in fired}
    return [
        MedicationWarning(
            code=caution.code,
            severity=caution.severity,
            message=caution.message,
            medicine=medicine,
            reason=reason,
            source=caution.source,
        )
        for caution, reason in fired
        if not codes & set(caution.superseded_by)
    ]


def _ordered(warnings: list[MedicationWarning]) -> list[MedicationWarning]:
    unique = list({(warning.code, warning.medicine): warning for warning in warnings}.values())
    return sorted(unique, key=lambda warning: SEVERITIES.index(warning.severity))

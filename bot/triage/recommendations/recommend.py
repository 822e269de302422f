"""Everything a patient gets after triage, in one JSON-ready value."""

from __future__ import annotations

from dataclasses import dataclass

from bot.triage.levels import PatientContext, TriageLevel
from bot.triage.recommendations.pathway import CarePathway, care_pathway, follow_up_hours
from bot.triage.recommendations.retrieval import (
    EducationIndex,
    EducationMatch,
    context_with_message_facts,
)
from bot.triage.recommendations.safety import (
    MedicationWarning,
    interactions_in_current_medications,
    medication_warnings,
)
from bot.triage.rules import RedFlag, apply_floor

__all__ = ["Recommendation", "recommend"]


@dataclass(frozen=True)
class Recommendation:
    """The care pathway, education and safety warnings for one triaged message.

    `dataclasses.asdict` gives plain JSON-ready data (levels are `str` enums, tuples become lists).

    Attributes:
        level: the level the advice is for: the given level raised to the red flags' floor.
        pathway: where to go, how soon, and what to do now.
        education: matched topics, made safe for the patient (while-you-wait only at
            emergency levels).
        medication_warnings: cautions about the medicines the education suggests, and sick-day
            rules for the patient's own medicines; show these to the patient.
        current_medication_cautions: cautions among the patient's own medicines and conditions,
            for the nurse to review; their prescriber may already have weighed them.
        follow_up_hours: when the bot should check back.
        red_flags: codes of the red flags that fired.
    """

    level: TriageLevel
    pathway: CarePathway
    education: tuple[EducationMatch, ...]
    medication_warnings: tuple[MedicationWarning, ...]
    current_medication_cautions: tuple[MedicationWarning, ...]
    follow_up_hours: int | None
    red_flags: tuple[str, ...]


def recommend(
    text: str,
    context: PatientContext,
    level: TriageLevel,
    red_flags: list[RedFlag],
    index: EducationIndex,
    emergency_number: str,
    *,
    k: int = 3,
) -> Recommendation:
    """Build the recommendation for one triaged message.

    Args:
        text: the patient's message.
        context: the patient's profile (a pregnancy the message states counts too).
        level: the triage level; raised to the red flags' floor if they demand more.
        red_flags: the flags `find_red_flags` found in the message.
        index: the education index to search.
        emergency_number: the clinic's emergency number, used in every "call ..." line.
        k: at most this many education topics.
    """
    level = apply_floor(TriageLevel(level), red_flags)
    pathway = care_pathway(level, emergency_number)
    codes = tuple(flag.code for flag in red_flags)
    education = tuple(
        index.search(
            text, context, level, k, red_flags=codes, emergency_number=pathway.emergency_number
        )
    )
    patient = context_with_message_facts(context, text)
    by_id = {topic.id: topic for topic in index.topics}
    chosen = [by_id[match.topic_id] for match in education]
    # The medicines the patient is shown, and those withheld for them (the warnings say why).
    advised = {
        medicine
        for match in education
        for step in match.self_care + match.while_you_wait
        for medicine in step.medicines
    } | {medicine for match in education for medicine in match.withheld_medicines}
    return Recommendation(
        level=level,
        pathway=pathway,
        education=education,
        medication_warnings=tuple(
            medication_warnings(
                patient,
                advised,
                sick_day=any(topic.sick_day_rules for topic in chosen),
                safety=index.safety,
            )
        ),
        current_medication_cautions=tuple(
            interactions_in_current_medications(patient, safety=index.safety)
        ),
        follow_up_hours=follow_up_hours(level, red_flags),
        red_flags=codes,
    )

"""What a patient gets after triage: a care pathway, safe self-care education, and medication
warnings.

    index = EducationIndex.with_minilm()          # once, at service start-up
    flags = find_red_flags(text, context)
    advice = recommend(text, context, level, flags, index, emergency_number="999")
    json.dumps(dataclasses.asdict(advice))

Modules:
    pathway      where to go and how soon for each level, and when the bot checks back
    library      the education topics in library/*.yml, checked at first use
    safety       the medication-safety knowledge base in medication_safety.yml
    retrieval    EducationIndex: similarity search, audience filters, unsafe steps removed
    embeddings   the packaged all-MiniLM-L6-v2 encoder (torch is imported only when it's built)
    recommend    Recommendation: everything above, for one message

Nothing is read or loaded at import.
"""

from bot.triage.recommendations._content import ContentError
from bot.triage.recommendations.library import Topic, load_library
from bot.triage.recommendations.pathway import (
    FOLLOW_UP_HOURS,
    CarePathway,
    care_pathway,
    follow_up_hours,
)
from bot.triage.recommendations.recommend import Recommendation, recommend
from bot.triage.recommendations.retrieval import AdviceStep, EducationIndex, EducationMatch
from bot.triage.recommendations.safety import (
    MedicationWarning,
    Source,
    interactions_in_current_medications,
    load_medication_safety,
    medication_warnings,
)

__all__ = [
    "FOLLOW_UP_HOURS",
    "AdviceStep",
    "CarePathway",
    "ContentError",
    "EducationIndex",
    "EducationMatch",
    "MedicationWarning",
    "Recommendation",
    "Source",
    "Topic",
    "care_pathway",
    "follow_up_hours",
    "interactions_in_current_medications",
    "load_library",
    "load_medication_safety",
    "medication_warnings",
    "recommend",
]

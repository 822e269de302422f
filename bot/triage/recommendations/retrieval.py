"""Finding the education topics that fit a patient's message, and making them safe for them.

`EducationIndex` embeds every topic once (two texts each: the topic as a whole, and the words
patients use for it) and scores a message by cosine similarity, taking a topic's best text.
Topics are then filtered for the triage level and the patient (age, pregnancy, conditions,
medicines), and each step that suggests a medicine is checked with the medication-safety layer:
a step whose medicine the patient should avoid is withheld, one that needs care keeps the
caution beside it.

Emergency levels get no self-care and no "when to get help" list (help is already on its way):
only the "while you wait" safety steps of one topic, so first-aid instructions never conflict
(a nosebleed is treated sitting up, a bleeding wound lying down). A topic the library links to a
red flag that fired qualifies whatever its score (crisis messages are short and score low); any
other needs the stricter `emergency_min_score`, because first aid for the wrong problem is worse
than none. The best-scoring qualifying topic wins.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bot.triage.levels import PatientContext, TriageLevel
from bot.triage.recommendations.embeddings import Encoder, minilm_encoder
from bot.triage.recommendations.library import Audience, Step, Topic, load_library
from bot.triage.recommendations.safety import (
    MedicationSafety,
    MedicationWarning,
    Source,
    load_medication_safety,
)

__all__ = [
    "EMERGENCY_LEVELS",
    "EMERGENCY_MAX_MATCHES",
    "MINILM_EMERGENCY_MIN_SCORE",
    "MINILM_MAX_GAP",
    "MINILM_MIN_SCORE",
    "AdviceStep",
    "EducationIndex",
    "EducationMatch",
    "context_with_message_facts",
]

EMERGENCY_LEVELS = frozenset({TriageLevel.EMERGENCY_AMBULANCE, TriageLevel.EMERGENCY})

MINILM_MIN_SCORE = 0.3
"""Below this cosine similarity a MiniLM match is more likely noise than a related topic (on
patient-style phrasings, related topics score about 0.37 to 0.75 and unrelated text under 0.25)."""
MINILM_EMERGENCY_MIN_SCORE = 0.5
"""First aid from a topic no red flag points at needs a clear match ("chest pain and sweating"
scores 0.44 against heat exhaustion, whose first aid would be wrong)."""
MINILM_MAX_GAP = 0.12
"""A second or third MiniLM match must score within this of the best one: "my son has a
temperature of 39" scores 0.52 for fever in children and 0.33 for heat exhaustion."""
EMERGENCY_MAX_MATCHES = 1

_EMERGENCY_NUMBER_FALLBACK = "your local emergency number"


@dataclass(frozen=True)
class AdviceStep:
    """One step as the patient sees it.

    Attributes:
        text: the step, with the emergency number filled in.
        medicines: the medicines it suggests, as the library tags them.
        cautions: safety messages the patient should read before following it.
    """

    text: str
    medicines: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class EducationMatch:
    """One education topic, made safe for one patient.

    Attributes:
        topic_id: the library id, stored with the recommendation.
        title: the topic's title.
        summary: one or two plain sentences.
        self_care: the steps left after filtering; empty at emergency levels.
        while_you_wait: safety steps for emergency levels; empty otherwise.
        warning_signs: when to get help; empty at emergency levels.
        source: the public page the advice follows.
        score: cosine similarity of the message to the topic (higher is closer).
        withheld_medicines: medicines whose steps were removed because this patient should
            avoid them; the recommendation's medication warnings say why.
    """

    topic_id: str
    title: str
    summary: str
    self_care: tuple[AdviceStep, ...]
    while_you_wait: tuple[AdviceStep, ...]
    warning_signs: tuple[str, ...]
    source: Source
    score: float
    withheld_medicines: tuple[str, ...] = ()


class EducationIndex:
    """Topic retrieval over the education library.

    Args:
        encode: embeds a list of texts, one row each. Tests pass a deterministic fake; production
            uses `EducationIndex.with_minilm()`.
        topics: the topics to search; the packaged library when None.
        safety: the medication-safety knowledge base; the packaged one when None.
        min_score: matches scoring below this are dropped. Its scale depends on the encoder.
        emergency_min_score: at emergency levels, the score a topic needs when no red flag that
            fired links to it; `min_score` when None.
        max_gap: when set, a match must score within this of the best match.

    Every topic is embedded once, here; `search` embeds only the message.
    """

    def __init__(
        self,
        encode: Encoder,
        *,
        topics: Sequence[Topic] | None = None,
        safety: MedicationSafety | None = None,
        min_score: float = 0.0,
        emergency_min_score: float | None = None,
        max_gap: float | None = None,
    ) -> None:
        self._encode = encode
        self.topics: tuple[Topic, ...] = tuple(load_library() if topics is None else topics)
        self.safety = safety or load_medication_safety()
        self.min_score = min_score
        self.emergency_min_score = min_score if emergency_min_score is None else emergency_min_score
        self.max_gap = max_gap
        texts = [text for topic in self.topics for text in topic.embedding_texts()]
        self._owner = np.array(
            [i for i, topic in enumerate(self.topics) for _ in topic.embedding_texts()], dtype=int
        )
        self._matrix = _unit_rows(self._embed(texts))

    @classmethod
    def with_minilm(
        cls,
        device: str = "cpu",
        *,
        topics: Sequence[Topic] | None = None,
        min_score: float = MINILM_MIN_SCORE,
        emergency_min_score: float = MINILM_EMERGENCY_MIN_SCORE,
        max_gap: float | None = MINILM_MAX_GAP,
    ) -> EducationIndex:
        """An index over the packaged library using all-MiniLM-L6-v2 (loaded once per device)."""
        return cls(
            minilm_encoder(device),
            topics=topics,
            min_score=min_score,
            emergency_min_score=emergency_min_score,
            max_gap=max_gap,
        )

    def scores(self, text: str) -> np.ndarray:
        """Cosine similarity of `text` to each topic (its best embedded text), in topic order."""
        query = _unit_rows(self._embed([text]))[0]
        per_text = self._matrix @ query
        best = np.full(len(self.topics), -1.0, dtype=np.float64)
        np.maximum.at(best, self._owner, per_text.astype(np.float64))
        return best

    def search(
        self,
        text: str,
        context: PatientContext,
        level: TriageLevel,
        k: int = 3,
        *,
        red_flags: Iterable[str] = (),
        emergency_number: str | None = None,
    ) -> list[EducationMatch]:
        """The `k` best topics for this message, level and patient, made safe for them.

        Args:
            text: the patient's message.
            context: the patient's profile; a message that says the patient is pregnant counts
                even when the profile doesn't say so (see `context_with_message_facts`).
            level: the triage level; emergency levels get while-you-wait advice only.
            k: at most this many matches (`EMERGENCY_MAX_MATCHES` at emergency levels).
            red_flags: codes of red flags that fired; at emergency levels their linked topics
                qualify whatever their score.
            emergency_number: fills `{emergency_number}` in the text.
        """
        level = TriageLevel(level)
        context = context_with_message_facts(context, text)
        flags = set(red_flags)
        emergency = level in EMERGENCY_LEVELS
        scores = self.scores(text)
        order = sorted(range(len(self.topics)), key=lambda i: (-scores[i], i))
        number = emergency_number or _EMERGENCY_NUMBER_FALLBACK
        limit = min(k, EMERGENCY_MAX_MATCHES) if emergency else k

        matches: list[EducationMatch] = []
        for i in order:
            topic, score = self.topics[i], float(scores[i])
            if len(matches) >= limit:
                break
            if emergency:
                linked = bool(flags & set(topic.red_flags))
                if not linked and score < self.emergency_min_score:
                    continue
            elif score < self.min_score or (
                matches and self.max_gap is not None and score < matches[0].score - self.max_gap
            ):
                break  # scores only fall from here
            if not self._suits(topic, context, level):
                continue
            match = self._match(topic, context, emergency, score, number)
            if emergency and not match.while_you_wait:
                continue  # every step was for someone else (another age, a medicine to avoid)
            matches.append(match)
        return matches

    # --- internals -------------------------------------------------------------------------------

    def _embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.asarray(self._encode(texts), dtype=np.float64)
        if vectors.ndim != 2 or vectors.shape[0] != len(texts):
            raise ValueError(
                f"encode() must return one row per text: got shape {vectors.shape} "
                f"for {len(texts)} text(s)."
            )
        return vectors

    def _suits(self, topic: Topic, context: PatientContext, level: TriageLevel) -> bool:
        if level in EMERGENCY_LEVELS:
            if not topic.while_you_wait:
                return False
        elif level not in topic.levels:
            return False
        audience = topic.audience
        if not _suits_audience(audience, context):
            return False
        conditions = self.safety.conditions_of(context)
        if any(key in conditions for key in audience.avoid_if_conditions):
            return False
        avoided = set(audience.avoid_if_medicines)
        return not any(
            self.safety.classes_of(medicine) & avoided for medicine in context.medications
        )

    def _match(
        self,
        topic: Topic,
        context: PatientContext,
        emergency: bool,
        score: float,
        emergency_number: str,
    ) -> EducationMatch:
        warnings = self.safety.warnings_for(context, topic.medicines)
        steps = topic.while_you_wait if emergency else topic.self_care
        safe, withheld = _safe_steps(steps, context, warnings, emergency_number)
        self_care, while_you_wait = ((), safe) if emergency else (safe, ())
        return EducationMatch(
            topic_id=topic.id,
            title=topic.title,
            summary=topic.summary,
            self_care=self_care,
            while_you_wait=while_you_wait,
            warning_signs=()
            if emergency
            else tuple(_fill(sign, emergency_number) for sign in topic.warning_signs),
            source=topic.source,
            score=round(score, 4),
            withheld_medicines=tuple(sorted(withheld)),
        )


def _safe_steps(
    steps: Sequence[Step],
    context: PatientContext,
    warnings: Collection[MedicationWarning],
    emergency_number: str,
) -> tuple[tuple[AdviceStep, ...], set[str]]:
    """Steps that suit the patient; steps naming a medicine to avoid are dropped and reported."""
    kept: list[AdviceStep] = []
    withheld: set[str] = set()
    for step in steps:
        if not _suits_audience(step.audience, context):
            continue
        mine = [warning for warning in warnings if warning.medicine in step.medicines]
        avoid = {warning.medicine for warning in mine if warning.severity == "avoid"}
        if avoid:
            withheld |= avoid
            continue
        cautions = tuple(dict.fromkeys(warning.message for warning in mine))
        kept.append(AdviceStep(_fill(step.text, emergency_number), step.medicines, cautions))
    return tuple(kept), withheld


def _suits_audience(audience: Audience, context: PatientContext) -> bool:
    """Age limits apply when the age is known; pregnancy "only" needs a known pregnancy."""
    age = context.age_years
    if age is not None:
        if audience.min_age is not None and age < audience.min_age:
            return False
        if audience.max_age is not None and age >= audience.max_age:
            return False
    if audience.pregnancy == "only":
        return context.pregnant is True
    if audience.pregnancy == "avoid":
        return context.pregnant is not True
    return True


def _fill(text: str, emergency_number: str) -> str:
    return text.replace("{emergency_number}", emergency_number)


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


# --- What the message adds to the profile ----------------------------------------------------------

_PREGNANT = re.compile(
    r"(?<![\w'])(?:i'?m|i\s+am|am|she'?s|she\s+is|currently|being|weeks?)\s+(?:\w+\s+){0,2}?"
    r"pregnant(?![\w'])|(?<![\w'])(?:my|our)\s+pregnancy(?![\w'])|(?<![\w'])expecting\s+a\s+baby",
    re.IGNORECASE,
)
_NOT_PREGNANT = re.compile(
    r"(?<![\w'])(?:not|n't|never\s+been|no\s+longer)\s+(?:\w+\s+){0,1}?pregnant", re.IGNORECASE
)


def context_with_message_facts(context: PatientContext, text: str) -> PatientContext:
    """The profile, plus a pregnancy the message states.

    "I'm 20 weeks pregnant" makes `pregnant` True even when the profile says False or None:
    profiles go stale (a new pregnancy is rarely recorded yet), and wrongly assuming a pregnancy
    only makes the advice more careful. "I'm not pregnant" changes nothing.
    """
    if context.pregnant is True:
        return context
    normalised = text.replace("\u2019", "'")
    if _PREGNANT.search(normalised) and not _NOT_PREGNANT.search(normalised):
        return dataclasses.replace(context, pregnant=True)
    return context

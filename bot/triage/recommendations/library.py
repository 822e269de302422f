"""The patient education library: topics in `library/*.yml`, read and checked at first use.

Each file holds `topics:`, a list of entries with these fields:

    id             snake_case, unique across all files; stored with recommendations
    title          short name shown to the patient
    summary        one or two plain sentences
    symptoms       phrases a patient might use; embedded for retrieval
    keywords       other words for it (names, slang); embedded for retrieval
    levels         the triage levels it is written for: self_care, routine, urgent
    audience       who it suits (all optional):
                     min_age / max_age     years; at least min_age, younger than max_age
                     pregnancy             any (default), avoid, or only
                     avoid_if_conditions   condition keys from medication_safety.yml
                     avoid_if_medicines    medicine classes from medication_safety.yml
    self_care      3 to 8 steps; each is text, or a mapping with
                     text                  the step
                     medicine              names or tags the step suggests ("ibuprofen"); the
                                           safety layer removes or annotates the step
                     min_age / max_age / pregnancy   as in audience, for this step only
    warning_signs  2 to 5 plain statements of when to get help
    while_you_wait optional safety steps for the emergency levels (same form as self_care)
    red_flags      optional red-flag codes (bot.triage.red_flags) whose while-you-wait advice
                   this topic holds
    sick_day_rules true when the illness can dehydrate (vomiting, diarrhoea, fever), so the
                   sick-day rules for the patient's own medicines apply
    source         name and https url of the public page the advice follows

Text may contain `{emergency_number}`, filled in per clinic. Emergency levels never get
`self_care`: a topic that has safety advice for them puts it in `while_you_wait`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from bot.triage.levels import TriageLevel
from bot.triage.recommendations._content import ContentError, Fields, read_yaml
from bot.triage.recommendations.safety import MedicationSafety, Source, load_medication_safety
from bot.triage.red_flags import RULES

__all__ = [
    "LIBRARY_DIR",
    "PREGNANCY_OPTIONS",
    "SELF_CARE_LEVELS",
    "Audience",
    "ContentError",
    "Step",
    "Topic",
    "load_library",
]

LIBRARY_DIR = Path(__file__).with_name("library")
SELF_CARE_LEVELS = (TriageLevel.URGENT, TriageLevel.ROUTINE, TriageLevel.SELF_CARE)
"""The levels a topic's self-care advice may be written for."""
PREGNANCY_OPTIONS = ("any", "avoid", "only")
PLACEHOLDERS = frozenset({"emergency_number"})

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Audience:
    """Who a topic or step suits. Ages in years: at least `min_age`, younger than `max_age`."""

    min_age: float | None = None
    max_age: float | None = None
    pregnancy: str = "any"
    avoid_if_conditions: tuple[str, ...] = ()
    avoid_if_medicines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One self-care or while-you-wait step, with the medicines it suggests and who it suits."""

    text: str
    medicines: tuple[str, ...] = ()
    audience: Audience = Audience()


@dataclass(frozen=True)
class Topic:
    """One checked library topic (see the module docstring for the fields)."""

    id: str
    title: str
    summary: str
    symptoms: tuple[str, ...]
    keywords: tuple[str, ...]
    levels: frozenset[TriageLevel]
    audience: Audience
    self_care: tuple[Step, ...]
    warning_signs: tuple[str, ...]
    while_you_wait: tuple[Step, ...]
    red_flags: tuple[str, ...]
    sick_day_rules: bool
    source: Source
    file: str

    @property
    def medicines(self) -> frozenset[str]:
        """Every medicine any of the topic's steps suggests."""
        return frozenset(
            medicine for step in self.self_care + self.while_you_wait for medicine in step.medicines
        )

    def embedding_texts(self) -> tuple[str, ...]:
        """What retrieval embeds: the topic as a whole, and the words patients use for it."""
        return (
            f"{self.title}. {self.summary}",
            f"{self.title}: {'; '.join(self.symptoms + self.keywords)}",
        )


@functools.cache
def load_library(directory: Path = LIBRARY_DIR) -> tuple[Topic, ...]:
    """Every topic in `directory/*.yml`, in file-name order, checked against the safety knowledge
    base (medicine tags and condition keys) and the red-flag table. Read once per directory.

    Raises:
        ContentError: naming the file, topic and field that is wrong.
    """
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise ContentError(f"{directory}: has no *.yml topic files.")
    safety = load_medication_safety()
    topics: list[Topic] = []
    first_seen: dict[str, Path] = {}
    for path in files:
        data = read_yaml(path)
        top = Fields(path, "top level", data)
        top.only(("topics",))
        for index, entry in enumerate(top.items("topics")):
            topic = _read_topic(path, index, entry, safety)
            if topic.id in first_seen:
                raise ContentError(
                    f"{path}: topic '{topic.id}': field 'id' is already used in "
                    f"{first_seen[topic.id].name}."
                )
            first_seen[topic.id] = path
            topics.append(topic)
    return tuple(topics)


# --- Reading one topic ----------------------------------------------------------------------------

_TOPIC_FIELDS = (
    "id",
    "title",
    "summary",
    "symptoms",
    "keywords",
    "levels",
    "audience",
    "self_care",
    "warning_signs",
    "while_you_wait",
    "red_flags",
    "sick_day_rules",
    "source",
)


def _read_topic(path: Path, index: int, entry: object, safety: MedicationSafety) -> Topic:
    topic_id = entry.get("id") if isinstance(entry, dict) else None
    fields = Fields(path, f"topic '{topic_id}' (#{index + 1})", entry)
    fields.only(_TOPIC_FIELDS)
    topic_id = fields.text("id") or ""
    if not _ID.match(topic_id):
        raise fields.error("id", f"must be snake_case (a-z, 0-9, _), not {topic_id!r}")
    fields.where = f"topic '{topic_id}'"

    source = fields.nested("source")
    source.only(("name", "url"))
    url = source.text("url") or ""
    if not url.startswith("https://") or " " in url:
        raise source.error("url", f"must be an https:// address, not {url!r}")

    self_care = _read_steps(fields, "self_care", safety, min_items=3, max_items=8)
    while_you_wait = _read_steps(fields, "while_you_wait", safety, min_items=0, max_items=5)
    topic = Topic(
        id=topic_id,
        title=fields.text("title") or "",
        summary=fields.text("summary") or "",
        symptoms=fields.texts("symptoms", min_items=1),
        keywords=fields.texts("keywords", min_items=1),
        levels=_read_levels(fields),
        audience=_read_audience(fields.nested("audience", required=False), safety, topic=True),
        self_care=self_care,
        warning_signs=fields.texts("warning_signs", min_items=2, max_items=5),
        while_you_wait=while_you_wait,
        red_flags=_read_red_flags(fields),
        sick_day_rules=fields.flag("sick_day_rules"),
        source=Source(source.text("name") or "", url),
        file=path.name,
    )
    if topic.red_flags and not topic.while_you_wait:
        raise fields.error("red_flags", "needs while_you_wait advice to go with it")
    for key, text in [("title", topic.title), ("summary", topic.summary)] + [
        ("warning_signs", sign) for sign in topic.warning_signs
    ]:
        _check_placeholders(fields, key, text)
    return topic


def _read_levels(fields: Fields) -> frozenset[TriageLevel]:
    allowed = {level.value: level for level in SELF_CARE_LEVELS}
    levels = []
    for value in fields.texts("levels", min_items=1):
        if value not in allowed:
            hint = (
                "; put safety advice for emergencies in while_you_wait"
                if value in {level.value for level in TriageLevel}
                else ""
            )
            raise fields.error("levels", f"may only list {', '.join(allowed)}, not {value!r}{hint}")
        levels.append(allowed[value])
    return frozenset(levels)


def _read_red_flags(fields: Fields) -> tuple[str, ...]:
    codes = {rule.code for rule in RULES}
    flags = fields.texts("red_flags", required=False)
    for flag in flags:
        if flag not in codes:
            raise fields.error("red_flags", f"names an unknown red-flag code {flag!r}")
    return flags


def _read_audience(fields: Fields, safety: MedicationSafety, *, topic: bool) -> Audience:
    if topic:  # a step's fields are checked with the step's own
        fields.only(
            ("min_age", "max_age", "pregnancy", "avoid_if_conditions", "avoid_if_medicines")
        )
    min_age, max_age = fields.age_range()
    conditions = fields.texts("avoid_if_conditions", required=False)
    for key in conditions:
        if key not in safety.condition_keys:
            raise fields.error(
                "avoid_if_conditions",
                f"names {key!r}, which is not a condition in medication_safety.yml",
            )
    medicines = fields.texts("avoid_if_medicines", required=False)
    for key in medicines:
        if key not in safety.class_keys:
            raise fields.error(
                "avoid_if_medicines",
                f"names {key!r}, which is not a medicine class in medication_safety.yml",
            )
    return Audience(
        min_age=min_age,
        max_age=max_age,
        pregnancy=fields.choice("pregnancy", PREGNANCY_OPTIONS, default="any"),
        avoid_if_conditions=conditions,
        avoid_if_medicines=medicines,
    )


def _read_steps(
    fields: Fields, key: str, safety: MedicationSafety, *, min_items: int, max_items: int
) -> tuple[Step, ...]:
    entries = fields.items(key, required=min_items > 0)
    fields.check_count(key, len(entries), min_items, max_items)
    steps = []
    for index, entry in enumerate(entries):
        name = f"{key}[{index}]"
        if isinstance(entry, str):
            entry = {"text": entry}
        step = Fields(fields.path, fields.where, entry, prefix=f"{name}.")
        step.only(("text", "medicine", "min_age", "max_age", "pregnancy"))
        text = step.text("text") or ""
        _check_placeholders(fields, name, text)
        medicines = step.texts("medicine", required=False)
        for medicine in medicines:
            if not safety.classes_of(medicine):
                raise step.error(
                    "medicine",
                    f"names {medicine!r}, which medication_safety.yml does not know; add it to a "
                    "class there so the safety layer can check it",
                )
        steps.append(Step(text, medicines, _read_audience(step, safety, topic=False)))
    return tuple(steps)


def _check_placeholders(fields: Fields, key: str, text: str) -> None:
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDERS:
            raise fields.error(
                key, f"uses {{{name}}}; the only placeholder is {{emergency_number}}"
            )

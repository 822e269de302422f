"""The medication-safety knowledge base: `medication_safety.yml`, read and checked.

The file's header explains its format. `bot.triage.recommendations.safety` does the matching;
this module only turns the YAML into checked, typed rules, with errors that name the file, the
entry and the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from bot.triage.recommendations._content import ContentError, Fields, Source, read_yaml

__all__ = [
    "KNOWLEDGE_BASE_PATH",
    "SEVERITIES",
    "Caution",
    "Condition",
    "DrugClass",
    "KnowledgeBase",
    "normalise",
    "read_knowledge_base",
]

KNOWLEDGE_BASE_PATH = Path(__file__).with_name("medication_safety.yml")
SEVERITIES = ("avoid", "caution")
"""`avoid`: don't suggest the medicine. `caution`: suggest it with the message beside it."""


def normalise(text: str) -> str:
    """Lower case, straight apostrophes dropped, full stops dropped, hyphens and slashes as spaces."""
    text = text.lower().translate(_NORMALISE)
    return " ".join(text.split())


_NORMALISE = str.maketrans(
    {"\u2019": None, "\u2018": None, "\u02bc": None, "'": None, ".": None, "-": " ", "/": " "}
)


def names_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of `names` as whole words in `normalise`d text."""
    alternatives = sorted({normalise(name) for name in names}, key=len, reverse=True)
    joined = "|".join(re.escape(name) for name in alternatives)
    return re.compile(rf"(?<![a-z0-9])(?:{joined})(?![a-z0-9])")


@dataclass(frozen=True)
class DrugClass:
    """A group of medicines, matched by any of its names."""

    key: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Condition:
    """A condition, matched by any of the words it is recorded in."""

    key: str
    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Caution:
    """One rule from the `cautions` section (see the file's header for the fields)."""

    code: str
    severity: str
    medicine: frozenset[str]
    with_medicines: frozenset[str]
    also_with_medicines: frozenset[str]
    with_conditions: tuple[str, ...]
    when_pregnant: bool
    min_age: float | None
    max_age: float | None
    on_sick_days: bool
    always: bool
    superseded_by: tuple[str, ...]
    message: str
    source: Source


@dataclass(frozen=True)
class KnowledgeBase:
    """The checked content of one knowledge-base file."""

    classes: dict[str, DrugClass]
    conditions: dict[str, Condition]
    cautions: tuple[Caution, ...]


def read_knowledge_base(path: Path = KNOWLEDGE_BASE_PATH) -> KnowledgeBase:
    """Read and check one knowledge-base file.

    Raises:
        ContentError: naming the file, entry and field that is wrong.
    """
    data = read_yaml(path)
    top = Fields(path, "top level", data)
    top.only(("classes", "conditions", "cautions"))
    classes = _read_named(top, "classes", _read_class)
    conditions = _read_named(top, "conditions", _read_condition)
    cautions = tuple(
        _read_caution(path, index, entry, classes, conditions)
        for index, entry in enumerate(top.items("cautions"))
    )
    codes = [caution.code for caution in cautions]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ContentError(f"{path}: cautions: code '{duplicates[0]}' is used more than once.")
    for index, caution in enumerate(cautions):
        for code in caution.superseded_by:
            if code not in codes:
                raise Fields(path, f"caution '{caution.code}' (#{index + 1})", {}).error(
                    "superseded_by", f"names an unknown caution '{code}'"
                )
    return KnowledgeBase(classes, conditions, cautions)


# --- Reading the YAML -----------------------------------------------------------------------------

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


_Entry = TypeVar("_Entry")


def _read_named(
    top: Fields, section: str, read: Callable[[Path, str, object], _Entry]
) -> dict[str, _Entry]:
    value = top.data.get(section)
    if not isinstance(value, dict) or not value:
        raise top.error(section, "must be a non-empty mapping of key: entry")
    result = {}
    for key, entry in value.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise top.error(section, f"has a key {key!r} that is not snake_case")
        result[key] = read(top.path, key, entry)
    return result


def _read_class(path: Path, key: str, entry: object) -> DrugClass:
    fields = Fields(path, f"class '{key}'", entry)
    fields.only(("label", "aliases", "members", "brands"))
    names = (
        fields.texts("members", min_items=1)
        + fields.texts("brands", required=False)
        + fields.texts("aliases", required=False)
    )
    return DrugClass(key, fields.text("label") or key, names_pattern(names))


def _read_condition(path: Path, key: str, entry: object) -> Condition:
    fields = Fields(path, f"condition '{key}'", entry)
    fields.only(("label", "synonyms"))
    synonyms = fields.texts("synonyms", min_items=1)
    return Condition(key, fields.text("label") or key, names_pattern(synonyms))


_TRIGGERS = (
    "with_medicines",
    "with_conditions",
    "when_pregnant",
    "min_age",
    "max_age",
    "on_sick_days",
    "always",
)


def _read_caution(
    path: Path,
    index: int,
    entry: object,
    classes: dict[str, DrugClass],
    conditions: dict[str, Condition],
) -> Caution:
    code = entry.get("code") if isinstance(entry, dict) else None
    fields = Fields(path, f"caution '{code}' (#{index + 1})", entry)
    fields.only(
        (
            "code",
            "severity",
            "medicine",
            "also_with_medicines",
            "superseded_by",
            "message",
            "source",
            *_TRIGGERS,
        )
    )
    code = fields.text("code") or ""
    if not _KEY.match(code):
        raise fields.error("code", f"must be snake_case, not {code!r}")

    def known(key: str, names: tuple[str, ...], vocabulary: Collection[str], kind: str):
        for name in names:
            if name not in vocabulary:
                raise fields.error(key, f"names an unknown {kind} '{name}'")
        return names

    medicine = known("medicine", fields.texts("medicine", min_items=1), classes, "class")
    with_medicines = known(
        "with_medicines", fields.texts("with_medicines", required=False), classes, "class"
    )
    also = known(
        "also_with_medicines", fields.texts("also_with_medicines", required=False), classes, "class"
    )
    if also and not with_medicines:
        raise fields.error("also_with_medicines", "needs with_medicines as well")
    with_conditions = known(
        "with_conditions", fields.texts("with_conditions", required=False), conditions, "condition"
    )
    min_age, max_age = fields.age_range()
    when_pregnant, on_sick_days, always = (
        fields.flag("when_pregnant"),
        fields.flag("on_sick_days"),
        fields.flag("always"),
    )
    if not any((with_medicines, with_conditions, when_pregnant, on_sick_days, always)) and (
        min_age is None and max_age is None
    ):
        raise fields.error_for(f"needs at least one trigger ({', '.join(_TRIGGERS)})")
    source = fields.nested("source")
    source.only(("name", "url"))
    url = source.text("url") or ""
    if not url.startswith("https://"):
        raise source.error("url", f"must be an https:// address, not {url!r}")
    return Caution(
        code=code,
        severity=fields.choice("severity", SEVERITIES, default=""),
        medicine=frozenset(medicine),
        with_medicines=frozenset(with_medicines),
        also_with_medicines=frozenset(also),
        with_conditions=with_conditions,
        when_pregnant=when_pregnant,
        min_age=min_age,
        max_age=max_age,
        on_sick_days=on_sick_days,
        always=always,
        superseded_by=fields.texts("superseded_by", required=False),
        message=fields.text("message") or "",
        source=Source(source.text("name") or "", url),
    )

"""Reading hand-written YAML content with errors that name the file, the entry and the field,
and `Source`, the public page a piece of content cites.

The education library and the medication-safety knowledge base are edited by clinicians, not
programmers, so a mistake must say exactly where it is and what is expected instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]  # no stubs installed; only safe_load is used


@dataclass(frozen=True)
class Source:
    """A public page a piece of advice comes from."""

    name: str
    url: str


class ContentError(ValueError):
    """A YAML content file is missing, unreadable or has a field that is not as expected."""


def read_yaml(path: Path) -> Any:
    """The parsed content of one YAML file; a `ContentError` naming the file when it can't be read."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as error:
        raise ContentError(f"{path}: could not be read ({error.strerror}).") from error
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: is not valid YAML: {error}") from error


class Fields:
    """One mapping from a content file, read field by field.

    Args:
        path: the file the mapping came from.
        where: which entry it is, for messages ("topic 'sunburn'").
        data: the parsed mapping.
        prefix: dotted path of this mapping inside the entry ("audience."), for nested fields.
    """

    def __init__(self, path: Path, where: str, data: Any, prefix: str = "") -> None:
        self.path = path
        self.where = where
        self.prefix = prefix
        if not isinstance(data, dict):
            name = prefix.rstrip(".") or "the entry"
            raise self.error_for(f"{name} must be a mapping of field: value, not {_shown(data)}")
        self.data: dict[str, Any] = data

    def error(self, key: str, problem: str) -> ContentError:
        """An error about one field: `<file>: <entry>: field '<key>' <problem>`."""
        return self.error_for(f"field '{self.prefix}{key}' {problem}")

    def error_for(self, message: str) -> ContentError:
        return ContentError(f"{self.path}: {self.where}: {message}.")

    def only(self, allowed: Iterable[str]) -> None:
        """Refuse unknown fields, so a misspelt field is not silently ignored."""
        allowed = set(allowed)
        unknown = sorted(str(key) for key in self.data if key not in allowed)
        if unknown:
            raise self.error(
                unknown[0], f"is not a known field (known: {', '.join(sorted(allowed))})"
            )

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(key, "is required")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"must be non-empty text, not {_shown(value)}")
        return " ".join(value.split())

    def texts(
        self, key: str, *, required: bool = True, min_items: int = 0, max_items: int | None = None
    ) -> tuple[str, ...]:
        """A list of non-empty strings; a single string is read as a list of one."""
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(key, "is required")
            return ()
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise self.error(key, f"must be a list of text, not {_shown(value)}")
        result = []
        for index, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{key}[{index}]", f"must be non-empty text, not {_shown(item)}")
            result.append(" ".join(item.split()))
        self.check_count(key, len(result), min_items, max_items)
        return tuple(result)

    def items(self, key: str, *, required: bool = True) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            if required:
                raise self.error(key, "is required")
            return []
        if not isinstance(value, list):
            raise self.error(key, f"must be a list, not {_shown(value)}")
        return value

    def check_count(self, key: str, count: int, min_items: int, max_items: int | None) -> None:
        if count < min_items:
            raise self.error(key, f"needs at least {min_items} item(s), has {count}")
        if max_items is not None and count > max_items:
            raise self.error(key, f"may have at most {max_items} items, has {count}")

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise self.error(key, f"must be a number of years, 0 or more, not {_shown(value)}")
        return float(value)

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.error(key, f"must be true or false, not {_shown(value)}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: str) -> str:
        value = self.data.get(key, default)
        if value not in options:
            raise self.error(key, f"must be one of {', '.join(options)}, not {_shown(value)}")
        return value

    def nested(self, key: str, *, required: bool = True) -> Fields:
        value = self.data.get(key)
        if value is None and not required:
            value = {}
        elif value is None:
            raise self.error(key, "is required")
        return Fields(self.path, self.where, value, prefix=f"{self.prefix}{key}.")

    def age_range(self) -> tuple[float | None, float | None]:
        """`min_age` (inclusive) and `max_age` (exclusive), checked to make a non-empty range."""
        min_age, max_age = self.number("min_age"), self.number("max_age")
        if min_age is not None and max_age is not None and min_age >= max_age:
            raise self.error("max_age", f"must be more than min_age ({min_age:g}), not {max_age:g}")
        return min_age, max_age


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

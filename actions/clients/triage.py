"""The triage service, as the actions see it: one call for a level, one for care advice.

Anything short of a real answer from a healthy model — a timeout, a refused connection, a 5xx,
a 429, a body we cannot read, or an answer the service itself labels degraded — is
`TriageUnavailable`. The caller then gives the safe answer (contact the clinic; emergency
services for red-flag words) and never guesses.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from bot.settings import Settings

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 2000


class TriageUnavailable(Exception):
    """The service gave no trustworthy answer; `reason` is for the log and the nurse."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class PatientProfile:
    """What the service may know about the patient; every field may be unknown."""

    age: float | None = None
    sex: str | None = None
    pregnant: bool | None = None
    conditions: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "conditions": [c[:100] for c in self.conditions if c.strip()][:50],
            "medications": [m[:100] for m in self.medications if m.strip()][:50],
        }
        if self.age is not None:
            body["age"] = float(self.age)
        if self.sex in ("female", "male"):
            body["sex"] = self.sex
        if self.pregnant is not None:
            body["pregnant"] = self.pregnant
        return body


@dataclass(frozen=True)
class TriageResult:
    level: str
    confidence: float | None
    probabilities: dict[str, float] | None
    red_flags: list[dict[str, Any]]
    explanation: str
    model_version: str
    advice: dict[str, Any] = field(default_factory=dict)


class TriageClient:
    def __init__(self, base_url: str, timeout_seconds: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = httpx.Timeout(timeout_seconds)

    @classmethod
    def from_settings(cls, settings: Settings) -> TriageClient:
        return cls(settings.triage_url, settings.triage_timeout_seconds)

    async def assess(self, text: str, profile: PatientProfile) -> TriageResult:
        """Triage `text` and fetch the care advice for the level it gets.

        Advice is best effort: a result without it is still a real triage result (the action
        falls back to the pathway it knows), but a failed or degraded triage is not.
        """
        body = {"text": text[:MAX_TEXT_CHARS], **profile.as_json()}
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            answer = await self._post(client, "/v1/triage", body)
            if answer.get("degraded"):
                raise TriageUnavailable("the triage service is in degraded mode (no model)")
            try:
                result = TriageResult(
                    level=str(answer["level"]),
                    confidence=answer.get("confidence"),
                    probabilities=answer.get("probabilities"),
                    red_flags=list(answer.get("red_flags") or []),
                    explanation=str(answer.get("explanation") or ""),
                    model_version=str(answer.get("model_version") or "unknown"),
                )
            except (KeyError, TypeError) as error:
                raise TriageUnavailable(f"unreadable triage answer: {error!r}") from error
            try:
                advice = await self._post(
                    client, "/v1/recommendations", {**body, "level": result.level}
                )
            except TriageUnavailable as error:
                logger.warning("Care advice unavailable (%s); answering without it.", error.reason)
                advice = {}
        return replace(result, advice=advice)

    async def _post(
        self, client: httpx.AsyncClient, path: str, body: dict[str, Any]
    ) -> dict[str, Any]:
        try:
            response = await client.post(self.base_url + path, json=body)
        except httpx.TimeoutException as error:
            raise TriageUnavailable(f"{path} timed out") from error
        except httpx.HTTPError as error:
            raise TriageUnavailable(f"{path} unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise TriageUnavailable(f"{path} answered HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError as error:
            raise TriageUnavailable(f"{path} answered something that is not JSON") from error
        if not isinstance(answer, dict):
            raise TriageUnavailable(f"{path} answered JSON that is not an object")
        return answer

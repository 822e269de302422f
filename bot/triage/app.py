"""The triage service's HTTP layer (FastAPI). Thin: the model and rules live beside it.

Until a model has been trained (`make train-triage`) the service runs in a clearly labelled
degraded mode, in which no answer may be lower than `urgent`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI

from bot.settings import Settings

MODEL_SUBDIR = "triage"
DEGRADED_DETAIL = (
    "No trained triage model was found, so the service is in degraded mode: every answer is at "
    "least 'urgent'. Train one with `make train-triage`."
)


@dataclass(frozen=True)
class ModelStatus:
    mode: str  # "ready" or "degraded"
    model_version: str | None
    detail: str


def find_model(models_dir: Path) -> ModelStatus:
    version_file = models_dir / MODEL_SUBDIR / "VERSION"
    if not version_file.is_file():
        return ModelStatus(mode="degraded", model_version=None, detail=DEGRADED_DETAIL)
    version = version_file.read_text().strip()
    return ModelStatus(mode="ready", model_version=version, detail="Model loaded.")


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.model_status = find_model(settings.models_dir)
        yield

    app = FastAPI(title="CareLoop triage service", lifespan=lifespan)

    @app.get("/health")
    def health() -> dict[str, str | None]:
        status: ModelStatus = app.state.model_status
        return {
            "status": "ok",
            "mode": status.mode,
            "model_version": status.model_version,
            "detail": status.detail,
        }

    return app

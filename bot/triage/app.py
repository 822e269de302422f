"""The triage service's HTTP layer (FastAPI): thin, over service.py, batching.py and model.py.

The model is loaded and warmed in `lifespan`; requests are grouped by the micro-batcher. Until a
model has been trained (`make train-triage`) the service runs in a clearly labelled degraded
mode in which no answer is lower than `urgent`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from bot.settings import Settings
from bot.triage.batching import MicroBatcher, Overloaded
from bot.triage.levels import PatientContext
from bot.triage.metrics import TriageMetrics
from bot.triage.model import TriageInput
from bot.triage.rules import find_red_flags
from bot.triage.schemas import (
    BatchTriageRequest,
    BatchTriageResponse,
    RecommendationRequest,
    TriageRequest,
    TriageResponse,
)
from bot.triage.service import Assessment, Triager

logger = logging.getLogger(__name__)

DEGRADED_DETAIL = (
    "No trained triage model was found, so the service is in degraded mode: every answer is at "
    "least 'urgent'. Train one with `make train-triage`."
)
WARM_UP = TriageInput(text="I have had a mild cough for two days.", context=PatientContext())


Recommender = Callable[..., dict[str, Any]]


def create_app(
    settings: Settings, triager: Triager | None = None, recommender: Recommender | None = None
) -> FastAPI:
    """The service. Tests pass their own `triager` (a small model, or a degraded one) and may
    pass a `recommender`; by default both load from `settings.models_dir` and the library."""
    registry = CollectorRegistry()
    metrics = TriageMetrics(registry)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loaded = triager or Triager.from_models_dir(settings.models_dir)
        if loaded.degraded:
            logger.warning("Triage service in DEGRADED mode: %s", loaded.degraded_reason)
        else:
            loaded.assess([WARM_UP])
            device = loaded.model.device if loaded.model is not None else None
            logger.info("Triage model %s ready on %s.", loaded.model_version, device)
        batcher: MicroBatcher[TriageInput, Assessment] = MicroBatcher(
            loaded.assess,
            max_batch_size=settings.triage_max_batch_size,
            max_wait_s=settings.triage_max_wait_ms / 1000,
            max_queue=settings.triage_max_queue,
            on_batch=lambda stats: metrics.observe_batch(stats),
        )
        await batcher.start()
        app.state.triager, app.state.batcher = loaded, batcher
        app.state.recommender = recommender or _load_recommender(settings)
        try:
            yield
        finally:
            await batcher.stop()

    app = FastAPI(
        title="CareLoop triage service",
        summary="Symptom triage with a red-flag safety floor, and personalised care advice.",
        lifespan=lifespan,
    )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = [_problem(e) for e in error.errors()]
        metrics.rejected.labels(reason="invalid").inc()
        return JSONResponse(
            status_code=422,
            content={
                "error": "The request is not valid; fix the fields below.",
                "problems": problems,
            },
        )

    @app.exception_handler(Overloaded)
    async def overloaded(_: Request, error: Overloaded) -> JSONResponse:
        metrics.rejected.labels(reason="overloaded").inc()
        return JSONResponse(
            status_code=429,
            headers={"Retry-After": "1"},
            content={"error": f"The triage service is busy ({error}); retry in a second."},
        )

    @app.get("/health")
    def health() -> dict[str, Any]:
        loaded: Triager = app.state.triager
        return {
            "status": "ok",
            "mode": "degraded" if loaded.degraded else "ready",
            "model_version": loaded.model_version,
            "device": None if loaded.model is None else loaded.model.device,
            "detail": DEGRADED_DETAIL if loaded.degraded else "Model loaded.",
            "recommendations": app.state.recommender is not None,
        }

    @app.get("/metrics")
    def prometheus_metrics() -> Response:
        metrics.queue_depth.set(app.state.batcher.queue_depth)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    @app.post("/v1/triage", response_model=TriageResponse)
    async def triage(body: TriageRequest) -> TriageResponse:
        started = time.perf_counter()
        assessment = await app.state.batcher.submit(body.to_input())
        metrics.observe_assessments("triage", [assessment], time.perf_counter() - started)
        return TriageResponse.of(body.id, assessment)

    @app.post("/v1/triage/batch", response_model=BatchTriageResponse)
    async def triage_batch(body: BatchTriageRequest) -> BatchTriageResponse:
        started = time.perf_counter()
        assessments = await app.state.batcher.submit_many([item.to_input() for item in body.items])
        metrics.observe_assessments("batch", assessments, time.perf_counter() - started)
        return BatchTriageResponse(
            items=[
                TriageResponse.of(item.id, a)
                for item, a in zip(body.items, assessments, strict=True)
            ]
        )

    @app.post("/v1/recommendations")
    async def recommendations(body: RecommendationRequest) -> JSONResponse:
        recommender = app.state.recommender
        if recommender is None:
            return JSONResponse(
                status_code=503,
                content={"error": "Care advice is unavailable right now; see the service log."},
            )
        context = body.context()
        advice = recommender(
            body.text,
            context,
            body.level,
            find_red_flags(body.text, context),
            settings.emergency_number,
        )
        return JSONResponse(advice)

    return app


def _problem(error: dict[str, Any]) -> dict[str, str]:
    """A validation error as a person can act on it: which field, what is wrong."""
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "body"
    kind = error.get("type", "")
    if kind == "json_invalid":
        return {"field": "body", "message": "The body is not valid JSON."}
    if kind == "extra_forbidden":
        return {"field": location, "message": f"Unknown field '{location}': remove it."}
    if kind == "missing":
        return {"field": location, "message": f"'{location}' is required."}
    if kind == "string_too_short" and location.endswith("text"):
        return {"field": location, "message": "'text' is empty: describe the symptoms."}
    if kind == "string_too_long" and location.endswith("text"):
        return {
            "field": location,
            "message": "'text' is longer than 2,000 characters: shorten the description.",
        }
    return {"field": location, "message": f"'{location}': {error.get('msg', 'invalid value')}."}


def _load_recommender(settings: Settings) -> Any:
    """The care-advice engine (embeds the education library once), or None if it cannot load."""
    try:
        from bot.triage.recommendations import EducationIndex, recommend
    except ImportError:
        logger.exception("Care advice is unavailable: the recommendations package is missing.")
        return None
    try:
        index = EducationIndex.with_minilm()
    except Exception:
        logger.exception("Care advice is unavailable: the education library failed to load.")
        return None

    def advise(text, context, level, flags, emergency_number):  # type: ignore[no-untyped-def]
        from dataclasses import asdict

        return asdict(recommend(text, context, level, flags, index, emergency_number))

    return advise

"""Prometheus metrics for the triage service, on a registry per app (tests build several)."""

from __future__ import annotations

from collections.abc import Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from bot.triage.batching import BatchStats
from bot.triage.service import Assessment

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64)


class TriageMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.assessments = Counter(
            "careloop_triage_assessments",
            "Assessments by level.",
            ["level", "degraded"],
            registry=registry,
        )
        self.red_flags = Counter(
            "careloop_triage_red_flags", "Red flags found, by rule.", ["code"], registry=registry
        )
        self.latency = Histogram(
            "careloop_triage_request_seconds",
            "Request latency.",
            ["endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.rejected = Counter(
            "careloop_triage_rejected", "Requests refused.", ["reason"], registry=registry
        )
        self.batch_size = Histogram(
            "careloop_triage_batch_size",
            "Items per model call.",
            buckets=BATCH_BUCKETS,
            registry=registry,
        )
        self.batch_seconds = Histogram(
            "careloop_triage_batch_compute_seconds",
            "Model time per batch.",
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.queue_depth = Gauge(
            "careloop_triage_queue_depth", "Requests waiting for the model.", registry=registry
        )

    def observe_batch(self, stats: BatchStats) -> None:
        self.batch_size.observe(stats.size)
        self.batch_seconds.observe(stats.compute_s)

    def observe_assessments(
        self, endpoint: str, assessments: Sequence[Assessment], seconds: float
    ) -> None:
        self.latency.labels(endpoint=endpoint).observe(seconds)
        for assessment in assessments:
            self.assessments.labels(
                level=assessment.level.value, degraded=str(assessment.degraded).lower()
            ).inc()
            for flag in assessment.red_flags:
                self.red_flags.labels(code=flag.code).inc()

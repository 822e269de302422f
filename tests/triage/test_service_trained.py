"""The service with the trained model (`make train-triage`; `make test` trains it first)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.settings import PROJECT_ROOT, Settings
from bot.triage.app import create_app
from bot.triage.service import Triager

MODELS = PROJECT_ROOT / "models"
pytestmark = pytest.mark.skipif(
    not (MODELS / "triage" / "VERSION").is_file(),
    reason="no trained triage model: run `make train-triage`",
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    triager = Triager.from_models_dir(MODELS, device="cpu")
    app = create_app(Settings(_env_file=None), triager=triager, recommender=lambda *a: {})
    with TestClient(app) as test_client:
        yield test_client


def test_health_reports_the_loaded_model(client: TestClient) -> None:
    health = client.get("/health").json()
    version = (MODELS / "triage" / "VERSION").read_text().strip()
    assert (health["mode"], health["model_version"], health["device"]) == ("ready", version, "cpu")


def test_answers_carry_calibrated_probabilities_and_the_version(client: TestClient) -> None:
    body = client.post("/v1/triage", json={"text": "mild sore throat since yesterday", "age": 25})
    answer = body.json()
    assert answer["degraded"] is False and answer["model_version"]
    assert set(answer["probabilities"]) == {
        "emergency_ambulance",
        "emergency",
        "urgent",
        "routine",
        "self_care",
    }
    assert abs(sum(answer["probabilities"].values()) - 1) < 1e-4
    assert 0 < answer["confidence"] <= 1
    assert "not a diagnosis" in answer["explanation"]


def test_the_floor_overrides_the_model_and_says_why(client: TestClient) -> None:
    text = "bit of a cold, but my face is drooping on one side and my speech is slurred"
    answer = client.post("/v1/triage", json={"text": text, "age": 71}).json()
    assert answer["level"] == "emergency_ambulance"
    assert any(flag["code"].startswith("stroke") for flag in answer["red_flags"])
    assert "You mentioned" in answer["explanation"]


def test_a_batch_and_single_requests_agree(client: TestClient) -> None:
    texts = ["itchy eyes and sneezing in spring", "burning when I pee and a fever", "bad headache"]
    batch = client.post("/v1/triage/batch", json={"items": [{"text": t} for t in texts]}).json()
    singles = [client.post("/v1/triage", json={"text": t}).json() for t in texts]
    assert [b["level"] for b in batch["items"]] == [s["level"] for s in singles]
    for b, s in zip(batch["items"], singles, strict=True):
        for level, p in b["probabilities"].items():
            assert abs(p - s["probabilities"][level]) < 1e-4

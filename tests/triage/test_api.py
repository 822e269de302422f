"""The triage service's HTTP contract: every error path, degraded mode, batching, metrics.

These run the real app with a triager that has no model (degraded mode), so they need no
training; tests/triage/test_model_service.py covers the trained path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from bot.triage.app import create_app
from bot.triage.service import Triager

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def fake_advice(text, context, level, flags, emergency_number):
    return {"level": level.value, "flags": [f.code for f in flags], "call": emergency_number}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(_env_file=None, triage_max_queue=64)
    app = create_app(settings, triager=Triager(None, "no model"), recommender=fake_advice)
    with TestClient(app) as test_client:
        yield test_client


def test_health_says_degraded_and_why(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["mode"] == "degraded"
    assert "make train-triage" in health["detail"]


def test_degraded_answers_are_never_below_urgent_and_say_so(client: TestClient) -> None:
    body = client.post("/v1/triage", json={"text": "I have a mild runny nose", "id": "c1"}).json()
    assert body["level"] == "urgent" and body["degraded"] is True
    assert body["id"] == "c1" and body["model_version"] is None
    assert "not fully available" in body["explanation"] and "not a diagnosis" in body["explanation"]


def test_a_red_flag_raises_the_level_even_when_degraded(client: TestClient) -> None:
    text = "I have crushing chest pain going down my left arm"
    body = client.post("/v1/triage", json={"text": text, "age": 61}).json()
    assert body["level"] == "emergency_ambulance"
    flag = body["red_flags"][0]
    assert text[flag["start"] : flag["end"]] == flag["evidence"]


def test_negated_red_flag_does_not_raise(client: TestClient) -> None:
    body = client.post("/v1/triage", json={"text": "no chest pain, just a cough"}).json()
    assert body["red_flags"] == [] and body["level"] == "urgent"


@pytest.mark.parametrize(
    ("body", "field", "hint"),
    [
        ({"text": ""}, "text", "empty"),
        ({"text": "   "}, "text", "empty"),
        ({"text": "x" * 2001}, "text", "2,000"),
        ({}, "text", "required"),
        ({"text": 42}, "text", "string"),
        ({"text": "cough", "age": "34"}, "age", "number"),
        ({"text": "cough", "age": -1}, "age", "greater than"),
        ({"text": "cough", "pregnant": "yes"}, "pregnant", "boolean"),
        ({"text": "cough", "sex": "x"}, "sex", "female"),
        ({"text": "cough", "conditions": "asthma"}, "conditions", "list"),
        ({"text": "cough", "colour": "red"}, "colour", "Unknown field"),
    ],
)
def test_bad_input_gets_422_saying_what_to_fix(
    client: TestClient, body: dict, field: str, hint: str
) -> None:
    response = client.post("/v1/triage", json=body)
    assert response.status_code == 422
    problems = response.json()["problems"]
    assert any(p["field"] == field and hint.lower() in p["message"].lower() for p in problems), (
        problems
    )


def test_malformed_json_gets_422(client: TestClient) -> None:
    response = client.post(
        "/v1/triage", content=b'{"text": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["message"] == "The body is not valid JSON."


def test_text_of_exactly_2000_characters_is_accepted(client: TestClient) -> None:
    assert client.post("/v1/triage", json={"text": "a" * 2000}).status_code == 200


def test_batch_keeps_order_and_ids(client: TestClient) -> None:
    items = [
        {"id": f"case-{i}", "text": text}
        for i, text in enumerate(["sore throat", "I took an overdose of my pills", "itchy eyes"])
    ]
    body = client.post("/v1/triage/batch", json={"items": items}).json()
    assert [item["id"] for item in body["items"]] == ["case-0", "case-1", "case-2"]
    assert body["items"][1]["level"] == "emergency_ambulance"


@pytest.mark.parametrize("count", [0, 65])
def test_batch_size_limits(client: TestClient, count: int) -> None:
    items = [{"text": "cough"}] * count
    assert client.post("/v1/triage/batch", json={"items": items}).status_code == 422


def test_batch_with_one_bad_item_is_refused_whole(client: TestClient) -> None:
    response = client.post("/v1/triage/batch", json={"items": [{"text": "ok"}, {"text": ""}]})
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "items.1.text"


def test_overload_answers_429_with_retry_after() -> None:
    settings = Settings(_env_file=None, triage_max_batch_size=1, triage_max_queue=1)
    app = create_app(settings, triager=Triager(None, "no model"), recommender=fake_advice)
    with TestClient(app) as client:
        items = [{"text": "cough"}] * 2  # more than the queue can ever hold
        response = client.post("/v1/triage/batch", json={"items": items})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "1"


def test_recommendations_use_the_profile_and_red_flags(client: TestClient) -> None:
    body = {"text": "my face has dropped on one side", "level": "self_care", "age": 70}
    advice = client.post("/v1/recommendations", json=body).json()
    assert advice["level"] == "self_care" and advice["flags"]
    assert advice["call"] == "112"
    bad = client.post("/v1/recommendations", json={"text": "cough", "level": "soon"})
    assert bad.status_code == 422
    problem = bad.json()["problems"][0]
    assert problem["field"] == "level" and "self_care" in problem["message"]


def test_metrics_are_exposed_in_prometheus_format(client: TestClient) -> None:
    client.post("/v1/triage", json={"text": "headache"})
    text = client.get("/metrics").text
    assert 'careloop_triage_assessments_total{degraded="true",level="urgent"}' in text
    assert "careloop_triage_batch_size_bucket" in text
    assert "careloop_triage_rejected_total" in text
    json.dumps(text)  # plain text, no binary

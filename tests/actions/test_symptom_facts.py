"""What a description already says, and reading the answers to the symptom form's questions."""

from __future__ import annotations

import pytest

from actions import symptom_facts as facts


@pytest.mark.parametrize(
    "text",
    [
        "sore throat for 3 days",
        "since yesterday",
        "started this morning",
        "2 wks of cough",
        "cough 2/7",
        "headache came on suddenly",
        "for a couple of weeks",
        "last night",
    ],
)
def test_durations_are_recognised(text: str) -> None:
    assert facts.mentions_duration(text)


@pytest.mark.parametrize("text", ["sore throat", "my knee hurts", "rash on my arm"])
def test_no_duration_means_we_ask(text: str) -> None:
    assert not facts.mentions_duration(text)


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("mild", "mild"),
        ("it's severe", "severe"),
        ("not too bad", "mild"),
        ("7/10", "severe"),
        ("5 out of 10", "moderate"),
        ("2", "mild"),
        ("worst pain ever", "severe"),
        ("quite bad", "moderate"),
        ("banana", None),
        ("", None),
    ],
)
def test_severity_is_read_from_words_and_scores(text: str, severity: str | None) -> None:
    assert facts.read_severity(text) == severity


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes", "yes"),
        ("no", "no"),
        ("nope", "no"),
        ("not sure", "unsure"),
        ("38.5", "yes"),
        ("37.1 degrees", "no"),
        ("101F", "yes"),
        ("99 f", "no"),
        ("I haven't checked", "unsure"),
        ("purple", None),
    ],
)
def test_fever_answers_include_thermometer_readings(text: str, answer: str | None) -> None:
    assert facts.read_fever(text) == answer


@pytest.mark.parametrize(
    "text", ["I have a fever", "temp of 38.2", "hot and cold", "no temperature"]
)
def test_a_mentioned_fever_is_not_asked_again(text: str) -> None:
    assert facts.mentions_fever(text)


def test_pregnancy_mentions() -> None:
    assert facts.mentions_pregnancy("I'm 20 weeks pregnant")
    assert facts.mentions_pregnancy("28F, 32/40, headache")
    assert not facts.mentions_pregnancy("headache")


def test_durations_are_tidied_and_nonsense_refused() -> None:
    assert facts.read_duration("  about   a week ") == "about a week"
    assert facts.read_duration("I don't know") == "not sure"
    assert facts.read_duration("🙂🙂") is None
    assert facts.read_duration("x" * 300) is None


def test_the_triage_text_reads_like_the_patient_wrote_it() -> None:
    text = facts.triage_text("Sore throat", "3 days", "mild", "no", "yes")
    assert text == (
        "Sore throat. It has been going on for 3 days. It is mild. I don't have a fever. "
        "I am pregnant."
    )
    assert facts.triage_text("cough", "since Monday", None, "unsure", None) == (
        "cough. It has been going on since Monday."
    )

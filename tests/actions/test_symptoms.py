"""The symptom flow against the real triage service and database: each level's answer, what is
recorded, the red-flag interrupt, and the safe answer when the service cannot help."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import pytest
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.symptoms import (
    SYMPTOM_SLOTS,
    ActionAnswerRedFlag,
    ActionTriageSymptoms,
    ValidateSymptomForm,
)
from bot.db.engine import make_engine, make_session_factory
from bot.db.models import (
    Conversation,
    ConversationStatus,
    FollowUp,
    Handoff,
    HandoffReason,
    Patient,
    TriageAssessment,
)
from bot.settings import Settings
from bot.triage.levels import TriageLevel
from tests.actions.conftest import RunningTriage, make_tracker

FORM_SLOTS = {
    "symptom_description": "sore throat and a cough",
    "symptom_duration": "3 days",
    "symptom_severity": "mild",
    "symptom_fever": "no",
}


def run(action, tracker) -> tuple[list, CollectingDispatcher]:  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["response"] for m in dispatcher.messages if m.get("response")]


def texts(dispatcher: CollectingDispatcher) -> str:
    return "\n".join(m["text"] for m in dispatcher.messages if m.get("text"))


def rows(settings: Settings, model):  # type: ignore[no-untyped-def]
    with make_session_factory(make_engine(settings))() as session:
        return list(session.scalars(select(model)))


@pytest.mark.parametrize(
    ("level", "headline", "handoff", "follow_up"),
    [
        (TriageLevel.SELF_CARE, "utter_triage_self_care", None, True),
        (TriageLevel.ROUTINE, "utter_triage_routine", None, True),
        (TriageLevel.URGENT, "utter_triage_urgent", HandoffReason.URGENT_CALLBACK, True),
        (TriageLevel.EMERGENCY, "utter_triage_emergency", HandoffReason.EMERGENCY, True),
        (
            TriageLevel.EMERGENCY_AMBULANCE,
            "utter_triage_emergency_ambulance",
            HandoffReason.EMERGENCY,
            True,
        ),
    ],
)
def test_each_level_gets_its_answer_and_is_recorded(
    action_settings: Settings,
    triage_service: RunningTriage,
    level: TriageLevel,
    headline: str,
    handoff: HandoffReason | None,
    follow_up: bool,
) -> None:
    from bot.db.engine import session_scope
    from bot.db.repositories import PatientRepository

    with session_scope(make_session_factory(make_engine(action_settings))) as session:
        PatientRepository(session).record_name_for_conversation("patient-1", "rest", "Ana")
    triage_service.model.level = level

    events, dispatcher = run(ActionTriageSymptoms(), make_tracker(slots=FORM_SLOTS))

    assert events == [SlotSet(slot, None) for slot in SYMPTOM_SLOTS]
    said = responses(dispatcher)
    assert said[0] == headline
    assert "Why:" in texts(dispatcher) and "not a diagnosis" in texts(dispatcher)
    if level in (TriageLevel.EMERGENCY, TriageLevel.EMERGENCY_AMBULANCE):
        assert "utter_nurse_alerted" in said
        assert "While you wait:" in texts(dispatcher)
        assert "What you can do now" not in texts(dispatcher)
    if level == TriageLevel.URGENT:
        assert "utter_callback_queued" in said
    if level == TriageLevel.SELF_CARE:
        assert "Drink plenty of fluids." in texts(dispatcher)
        assert "Get help sooner if:" in texts(dispatcher)
    # The model saw the description with the form's answers, as the patient would say them.
    assert triage_service.model.seen[-1] == (
        "sore throat and a cough. It has been going on for 3 days. It is mild. "
        "I don't have a fever."
    )
    [assessment] = rows(action_settings, TriageAssessment)
    assert assessment.level == level.value and not assessment.degraded
    assert assessment.model_version == "scripted-test-model"
    assert assessment.patient_id is not None
    handoffs = rows(action_settings, Handoff)
    assert [h.reason for h in handoffs] == ([handoff] if handoff else [])
    assert len(rows(action_settings, FollowUp)) == (1 if follow_up else 0)


def test_no_follow_up_without_a_known_patient(action_settings: Settings) -> None:
    _, dispatcher = run(ActionTriageSymptoms(), make_tracker(slots=FORM_SLOTS))
    assert responses(dispatcher)[0] == "utter_triage_self_care"
    assert "utter_followup_scheduled" not in responses(dispatcher)
    assert rows(action_settings, FollowUp) == []
    assert len(rows(action_settings, TriageAssessment)) == 1


def test_the_safety_floor_overrides_a_self_care_model(
    action_settings: Settings, triage_service: RunningTriage
) -> None:
    triage_service.model.level = TriageLevel.SELF_CARE
    tracker = make_tracker("I have crushing chest pain and my left arm is numb", "red_flag")
    events, dispatcher = run(ActionAnswerRedFlag(), tracker)
    assert responses(dispatcher)[0] == "utter_triage_emergency_ambulance"
    assert '"crushing chest pain"' in texts(dispatcher)
    assert [h.reason for h in rows(action_settings, Handoff)] == [HandoffReason.EMERGENCY]
    [conversation] = rows(action_settings, Conversation)
    assert conversation.status == ConversationStatus.FLAGGED
    assert ActiveLoop(None) not in events  # no form was active


def test_a_red_flag_mid_form_leaves_the_form_and_keeps_the_earlier_description(
    action_settings: Settings, triage_service: RunningTriage
) -> None:
    tracker = make_tracker(
        "now my face is drooping",
        "red_flag",
        slots={"symptom_description": "bad headache", "requested_slot": "symptom_duration"},
        active_loop="symptom_form",
    )
    events, dispatcher = run(ActionAnswerRedFlag(), tracker)
    assert events[-2:] == [ActiveLoop(None), SlotSet("requested_slot", None)]
    assert responses(dispatcher)[0].startswith("utter_triage_emergency")
    assert triage_service.model.seen[-1] == "bad headache. now my face is drooping"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers: a hung triage service."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.mark.parametrize("failure", ["refused", "timeout"])
def test_service_trouble_gets_the_safe_answer_never_self_care(
    action_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    silent_port: int,
    failure: str,
) -> None:
    from bot.net import free_loopback_port
    from bot.settings import get_settings

    port = free_loopback_port() if failure == "refused" else silent_port
    monkeypatch.setenv("TRIAGE_PORT", str(port))
    monkeypatch.setenv("TRIAGE_TIMEOUT_SECONDS", "0.5")
    get_settings.cache_clear()

    _, dispatcher = run(ActionTriageSymptoms(), make_tracker(slots=FORM_SLOTS))

    assert responses(dispatcher) == ["utter_triage_unavailable", "utter_nurse_flagged"]
    assert dispatcher.messages[0]["clinic_contact"] == " on 020 7946 0000"
    assert [h.reason for h in rows(action_settings, Handoff)] == [HandoffReason.TRIAGE_UNAVAILABLE]
    [assessment] = rows(action_settings, TriageAssessment)
    assert assessment.degraded and assessment.level == "urgent"
    assert rows(action_settings, FollowUp) == []


def test_service_down_with_red_flag_words_says_call_the_emergency_number(
    action_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.net import free_loopback_port
    from bot.settings import get_settings

    monkeypatch.setenv("TRIAGE_PORT", str(free_loopback_port()))
    get_settings.cache_clear()
    tracker = make_tracker("my speech is slurred and my face has dropped", "red_flag")
    _, dispatcher = run(ActionAnswerRedFlag(), tracker)
    assert responses(dispatcher)[0] == "utter_triage_emergency_ambulance"
    assert dispatcher.messages[0]["emergency_number"] == "999"
    assert [h.reason for h in rows(action_settings, Handoff)] == [HandoffReason.EMERGENCY]


def test_a_degraded_service_is_not_trusted(
    action_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    from bot.net import free_loopback_port
    from bot.settings import Settings as AppSettings
    from bot.settings import get_settings
    from bot.triage.app import create_app
    from bot.triage.service import Triager

    port = free_loopback_port()
    app = create_app(
        AppSettings(_env_file=None), triager=Triager(None, "no model"), recommender=None
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            pass
        monkeypatch.setenv("TRIAGE_PORT", str(port))
        get_settings.cache_clear()
        _, dispatcher = run(ActionTriageSymptoms(), make_tracker(slots=FORM_SLOTS))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert responses(dispatcher)[0] == "utter_triage_unavailable"


def test_when_the_database_fails_the_patient_is_still_answered(
    action_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    import actions.common
    from bot.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'not-migrated.db'}")
    get_settings.cache_clear()
    actions.common.session_factory.cache_clear()
    _, dispatcher = run(ActionTriageSymptoms(), make_tracker(slots=FORM_SLOTS))
    said = responses(dispatcher)
    assert said[0] == "utter_triage_self_care"
    # Nothing was saved, so nothing is promised: no nurse, no check-in.
    assert "utter_followup_scheduled" not in said and "utter_nurse_alerted" not in said


def form_slots(  # type: ignore[no-untyped-def]
    tracker_slots: dict,
    text: str,
    intent: str | None,
    requested: str | None,
    *,
    starting: bool = False,
):
    slots = {**tracker_slots, "requested_slot": requested}
    tracker = make_tracker(
        text,
        intent,
        slots=slots,
        active_loop="symptom_form",
        loop_started_before_message=not starting,
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        ValidateSymptomForm().run(
            dispatcher,
            tracker,
            {"forms": {"symptom_form": {"required_slots": list(SYMPTOM_SLOTS)}}},
        )
    )
    return events, dispatcher


def test_the_form_asks_only_what_the_description_does_not_say(action_settings: Settings) -> None:
    events, _ = form_slots(
        {}, "bad sore throat since yesterday, no fever", "report_symptoms", None, starting=True
    )
    assert SlotSet("symptom_description", "bad sore throat since yesterday, no fever") in events
    assert events[-1] == SlotSet("requested_slot", None)  # nothing left to ask

    events, _ = form_slots({}, "my knee hurts", "report_symptoms", None, starting=True)
    assert events[-1] == SlotSet("requested_slot", "symptom_duration")


def test_pregnancy_is_asked_only_when_it_matters(action_settings: Settings) -> None:
    from bot.db.engine import session_scope
    from bot.db.repositories import PatientRepository

    described = {"symptom_description": "tummy pain for 2 days, mild, no fever"}
    events, _ = form_slots(described, "x", "inform_detail", None)
    assert events[-1] == SlotSet("requested_slot", None)  # sex unknown: not asked

    factory = make_session_factory(make_engine(action_settings))
    with session_scope(factory) as session:
        patient = PatientRepository(session).record_name_for_conversation(
            "patient-1", "rest", "Ana"
        )
        patient.sex = "female"
    events, _ = form_slots(described, "x", "inform_detail", None)
    assert events[-1] == SlotSet("requested_slot", "symptom_pregnant")

    with session_scope(factory) as session:
        session.scalars(select(Patient)).one().pregnant = False  # the profile knows
    events, _ = form_slots(described, "x", "inform_detail", None)
    assert events[-1] == SlotSet("requested_slot", None)


def test_unreadable_answers_are_re_asked_saying_why(action_settings: Settings) -> None:
    described = {"symptom_description": "my knee hurts", "symptom_duration": "2 days"}
    events, dispatcher = form_slots(described, "banana", "inform_detail", "symptom_severity")
    assert SlotSet("symptom_severity", None) in events
    assert dispatcher.messages[0]["response"] == "utter_invalid_symptom_severity"

    events, _ = form_slots(described, "7/10", "inform_detail", "symptom_severity")
    assert SlotSet("symptom_severity", "severe") in events


@pytest.mark.parametrize("intent", ["red_flag", "request_nurse", "stop", "help"])
def test_interruptions_fill_nothing_so_the_rules_take_over(
    action_settings: Settings, intent: str
) -> None:
    described = {"symptom_description": "my knee hurts"}
    events, dispatcher = form_slots(described, "severe", intent, "symptom_duration")
    assert [e for e in events if e["name"] != "requested_slot"] == []
    assert dispatcher.messages == []


@pytest.mark.parametrize("text", ["🙂🙂🙂", "   ", "!!!"])
def test_a_description_without_words_is_re_asked(action_settings: Settings, text: str) -> None:
    events, dispatcher = form_slots({}, text, None, "symptom_description")
    assert SlotSet("symptom_description", None) in events
    assert dispatcher.messages[0]["response"] == "utter_invalid_symptom_description"


def test_markup_and_long_descriptions_are_kept_as_text(
    action_settings: Settings, triage_service: RunningTriage
) -> None:
    description = "<script>alert(1)</script> '; DROP TABLE patients; -- my throat hurts " * 80
    slots = {**FORM_SLOTS, "symptom_description": description}
    _, dispatcher = run(ActionTriageSymptoms(), make_tracker(slots=slots))
    assert responses(dispatcher)[0] == "utter_triage_self_care"
    [assessment] = rows(action_settings, TriageAssessment)
    assert assessment.input_text.startswith("<script>alert(1)</script>")
    assert len(triage_service.model.seen[-1]) <= 2000


def test_a_red_flag_past_the_services_2000_characters_still_counts(
    action_settings: Settings, triage_service: RunningTriage
) -> None:
    text = "I have had a runny nose and a mild cough. " * 60 + "Now my lips are turning blue."
    assert len(text) > 2000
    _, dispatcher = run(ActionAnswerRedFlag(), make_tracker(text, "red_flag"))
    assert responses(dispatcher)[0] == "utter_triage_emergency_ambulance"
    [assessment] = rows(action_settings, TriageAssessment)
    assert assessment.level == "emergency_ambulance"
    assert any(flag["evidence"].startswith("lips") for flag in assessment.red_flags)


def test_outside_the_symptom_form_validation_changes_nothing(action_settings: Settings) -> None:
    # Rasa runs the slots' custom-mapping action after every message, e.g. while intake waits.
    tracker = make_tracker(
        "hello", "greet", slots={"requested_slot": "first_name"}, active_loop="intake_form"
    )
    dispatcher = CollectingDispatcher()
    domain = {"forms": {"symptom_form": {"required_slots": list(SYMPTOM_SLOTS)}}}
    assert asyncio.run(ValidateSymptomForm().run(dispatcher, tracker, domain)) == []
    assert dispatcher.messages == []


def test_the_describing_message_never_answers_the_next_question(action_settings: Settings) -> None:
    described = {"symptom_description": "I've got a sore throat and a cough"}
    events, _ = form_slots(
        described,
        "I've got a sore throat and a cough",
        "report_symptoms",
        "symptom_duration",
        starting=True,
    )
    assert [e for e in events if e["name"] == "symptom_duration"] == []
    assert events[-1] == SlotSet("requested_slot", "symptom_duration")


def test_worse_alone_starting_the_form_is_not_taken_as_the_description(
    action_settings: Settings,
) -> None:
    events, _ = form_slots({}, "worse", "feeling_worse", "symptom_description", starting=True)
    assert [e for e in events if e["name"] == "symptom_description"] == []
    assert events[-1] == SlotSet("requested_slot", "symptom_description")

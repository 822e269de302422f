"""Hand-off to a nurse, follow-up check-ins and data deletion requests, against a real database."""

from __future__ import annotations

import asyncio

from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.followup import (
    ActionFollowupBetter,
    ActionFollowupSame,
    ActionFollowupWorse,
    ActionStartFollowup,
)
from actions.handoff import ActionRequestNurse
from actions.privacy import ActionRequestDataDeletion
from actions.symptoms import ActionTriageSymptoms
from bot.db.engine import make_engine, make_session_factory, session_scope
from bot.db.models import (
    AuditEntry,
    Conversation,
    ConversationStatus,
    FollowUp,
    FollowUpStatus,
    Handoff,
    HandoffReason,
    Patient,
)
from bot.db.repositories import PatientRepository
from bot.settings import Settings
from tests.actions.conftest import make_tracker


def run(action, tracker):  # type: ignore[no-untyped-def]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, [m.get("response") for m in dispatcher.messages], dispatcher


def rows(settings: Settings, model):  # type: ignore[no-untyped-def]
    with make_session_factory(make_engine(settings))() as session:
        return list(session.scalars(select(model).order_by(model.id)))


def register(settings: Settings, name: str = "Ana") -> None:
    with session_scope(make_session_factory(make_engine(settings))) as session:
        PatientRepository(session).record_name_for_conversation("patient-1", "rest", name)


def test_asking_for_a_nurse_queues_one_item_and_says_what_happens_next(
    action_settings: Settings,
) -> None:
    events, said, dispatcher = run(
        ActionRequestNurse(), make_tracker("nurse please", "request_nurse")
    )
    assert events == [] and said == ["utter_handoff_requested"]
    assert dispatcher.messages[0]["hours"] == 4
    run(ActionRequestNurse(), make_tracker("a person please!", "request_nurse"))
    [handoff] = rows(action_settings, Handoff)
    assert handoff.reason == HandoffReason.PATIENT_REQUEST and handoff.priority == 30
    [conversation] = rows(action_settings, Conversation)
    assert conversation.status == ConversationStatus.FLAGGED


def test_asking_for_a_nurse_mid_form_leaves_the_form(action_settings: Settings) -> None:
    tracker = make_tracker("nurse", "request_nurse", active_loop="symptom_form")
    events, _, _ = run(ActionRequestNurse(), tracker)
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None)]


def test_a_database_failure_tells_the_patient_to_call(
    action_settings: Settings, monkeypatch, tmp_path
) -> None:
    import actions.common
    from bot.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'not-migrated.db'}")
    get_settings.cache_clear()
    actions.common.session_factory.cache_clear()
    _, said, dispatcher = run(ActionRequestNurse(), make_tracker("nurse", "request_nurse"))
    assert said == ["utter_handoff_failed"]
    assert dispatcher.messages[0]["clinic_contact"] == " on 020 7946 0000"


FORM = {
    "symptom_description": "sore throat",
    "symptom_duration": "2 days",
    "symptom_severity": "mild",
    "symptom_fever": "no",
}


def test_follow_up_better_closes_it(action_settings: Settings) -> None:
    register(action_settings)
    run(ActionTriageSymptoms(), make_tracker(slots=FORM))
    _, said, dispatcher = run(ActionStartFollowup(), make_tracker("", "EXTERNAL_followup"))
    assert said == ["utter_followup_question"]
    assert dispatcher.messages[0]["greeting"] == "Hi Ana, "
    assert rows(action_settings, FollowUp)[0].status == FollowUpStatus.SENT
    _, said, _ = run(ActionFollowupBetter(), make_tracker("much better", "feeling_better"))
    assert said == ["utter_followup_better"]
    [follow_up] = rows(action_settings, FollowUp)
    assert follow_up.status == FollowUpStatus.CLOSED_BETTER and follow_up.outcome == "better"
    assert rows(action_settings, Handoff) == []


def test_follow_up_same_books_another_check_in(action_settings: Settings) -> None:
    register(action_settings)
    run(ActionTriageSymptoms(), make_tracker(slots=FORM))
    run(ActionFollowupSame(), make_tracker("no change", "feeling_same"))
    first, second = rows(action_settings, FollowUp)
    assert first.status == FollowUpStatus.CANCELLED and second.status == FollowUpStatus.SCHEDULED
    assert second.due_at_utc > first.due_at_utc or second.due_at_utc is not None


def test_follow_up_worse_escalates_to_a_nurse(action_settings: Settings) -> None:
    register(action_settings)
    run(ActionTriageSymptoms(), make_tracker(slots=FORM))
    _, said, _ = run(ActionFollowupWorse(), make_tracker("worse", "feeling_worse"))
    assert said == ["utter_followup_worse"]
    [follow_up] = rows(action_settings, FollowUp)
    assert follow_up.status == FollowUpStatus.ESCALATED
    assert [h.reason for h in rows(action_settings, Handoff)] == [HandoffReason.FOLLOWUP_WORSE]


def test_no_follow_up_due_says_so(action_settings: Settings) -> None:
    _, said, _ = run(ActionStartFollowup(), make_tracker("my check-in", "EXTERNAL_followup"))
    assert said == ["utter_no_followup"]
    # "Better" with nothing open is still a kind answer, and writes no follow-up.
    _, said, _ = run(ActionFollowupBetter(), make_tracker("better", "feeling_better"))
    assert said == ["utter_followup_better"] and rows(action_settings, FollowUp) == []


def test_a_deletion_request_is_recorded_for_staff(action_settings: Settings) -> None:
    register(action_settings)
    _, said, _ = run(ActionRequestDataDeletion(), make_tracker("delete my data", "delete_my_data"))
    assert said == ["utter_deletion_recorded"]
    [patient] = rows(action_settings, Patient)
    assert patient.deletion_requested_at is not None
    [entry] = rows(action_settings, AuditEntry)
    assert entry.action == "patient.deletion_requested" and entry.patient_id == patient.id

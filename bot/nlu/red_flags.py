"""Red flags interrupt anything: the NLU step that turns an emergency message into `red_flag`.

Whatever the classifier thought a message was (a name typed into the intake form, a reply to a
reminder, "thanks"), a message in which the safety floor (`bot.triage.rules`) finds a red flag
of emergency level or above is re-labelled with the intent `red_flag`, confidence 1. The
dialogue answers that intent with an immediate triage, so an emergency is never answered as
anything less. The flags found travel with the message (`red_flags`) for the action and the
nurse, who see the evidence.

This runs inside Rasa (its own Python 3.10 environment): it imports only Rasa and the
dependency-free rule layer, never the application environment.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.triage.levels import PatientContext, TriageLevel
from bot.triage.rules import find_red_flags

RED_FLAG_INTENT = "red_flag"
RED_FLAGS_KEY = "red_flags"
INTERRUPTING_LEVELS = frozenset({TriageLevel.EMERGENCY_AMBULANCE, TriageLevel.EMERGENCY})


def emergency_flags(text: str) -> list[dict[str, Any]]:
    """The emergency-level red flags in `text`, as plain data (code, label, level, evidence)."""
    return [
        {
            "code": flag.code,
            "label": flag.label,
            "level": flag.level.value,
            "evidence": flag.evidence,
            "start": flag.start,
            "end": flag.end,
        }
        for flag in find_red_flags(text, PatientContext())
        if flag.level in INTERRUPTING_LEVELS
    ]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class RedFlagInterrupt(GraphComponent):
    """Overrides the predicted intent with `red_flag` when the safety floor fires.

    Put it last in the pipeline (after FallbackClassifier), so that nothing relabels the
    message afterwards.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagInterrupt:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip():
                continue
            flags = emergency_flags(text)
            if not flags:
                continue
            ranking = [
                entry
                for entry in message.get(INTENT_RANKING_KEY) or []
                if entry.get(INTENT_NAME_KEY) != RED_FLAG_INTENT
            ]
            top = {INTENT_NAME_KEY: RED_FLAG_INTENT, "confidence": 1.0}
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
            message.set(RED_FLAGS_KEY, flags, add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data

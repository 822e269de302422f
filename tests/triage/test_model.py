"""The triage model's input format, loading, prediction, decision rule and calibration.

No trained model is needed: a tiny randomly initialised BERT, saved with the real tokenizer,
stands in for the base encoder, and `bot.triage.train` runs its whole code path on it.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from transformers import AutoTokenizer, BertConfig, BertModel

from bot.settings import PROJECT_ROOT
from bot.triage.cached_encoder import CachedEncoder
from bot.triage.calibration import choose_thresholds, fit_temperature
from bot.triage.levels import LEVELS_BY_SEVERITY, PatientContext, TriageLevel
from bot.triage.model import (
    LABELS,
    DecisionThresholds,
    MeanPoolingClassifier,
    ModelNotTrainedError,
    TriageInput,
    TriageModel,
    base_encoder_path,
    decide,
    format_input,
    write_triage_config,
)
from bot.triage.train import TrainingSetup, drop_tokens, droppable_tokens, main, train

FULL = PatientContext(
    age_years=34,
    sex="female",
    pregnant=True,
    conditions=("asthma", "Type 1 diabetes"),
    medications=("warfarin 3mg",),
)


def tiny_config(tokenizer) -> BertConfig:
    return BertConfig(
        vocab_size=tokenizer.vocab_size,
        hidden_size=32,
        num_hidden_layers=6,
        num_attention_heads=2,
        intermediate_size=64,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )


@pytest.fixture(scope="module")
def tokenizer():
    return AutoTokenizer.from_pretrained(base_encoder_path())


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory, tokenizer) -> Path:
    """A loadable model directory: random tiny weights, the real tokenizer, our config files."""
    torch.manual_seed(0)
    directory = tmp_path_factory.mktemp("tiny-triage")
    MeanPoolingClassifier(tiny_config(tokenizer)).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    write_triage_config(
        directory,
        version="triage-test-0001",
        max_length=64,
        temperature=1.5,
        thresholds=DecisionThresholds(emergency=0.3, urgent=0.5),
    )
    return directory


# --- format_input -------------------------------------------------------------------------------


def test_format_input_puts_every_known_profile_fact_before_the_message() -> None:
    text = format_input("  I feel wheezy  ", FULL)
    assert text == (
        "age 34 | female | pregnant | conditions: asthma, Type 1 diabetes | "
        "medications: warfarin 3mg [SEP] I feel wheezy"
    )


def test_format_input_leaves_unknown_facts_out() -> None:
    assert format_input("rash", PatientContext()) == "rash"
    assert format_input("rash", PatientContext(sex="male")) == "male [SEP] rash"
    assert format_input("rash", PatientContext(pregnant=False)) == "not pregnant [SEP] rash"
    partial = format_input("rash", PatientContext(age_years=70, medications=("apixaban",)))
    assert partial == "age 70 | medications: apixaban [SEP] rash"
    for unknown in ("female", "male", "pregnant", "conditions", "None", "()"):
        assert unknown not in partial


def test_format_input_gives_babies_ages_in_weeks_then_months() -> None:
    assert format_input("hot", PatientContext(age_years=6 / 52)).startswith("age 6 weeks [SEP]")
    assert format_input("hot", PatientContext(age_years=0.5)).startswith("age 6 months [SEP]")
    assert format_input("hot", PatientContext(age_years=4.9)).startswith("age 4 [SEP]")


# --- loading and predicting ---------------------------------------------------------------------


def test_a_saved_model_loads_and_predicts_probabilities_in_input_order(tiny_model_dir) -> None:
    model = TriageModel.load(tiny_model_dir, device="cpu")
    assert (model.version, model.device, model.max_length) == ("triage-test-0001", "cpu", 64)
    items = [
        TriageInput("crushing chest pain and sweating", FULL),
        TriageInput("runny nose for two days", PatientContext()),
        TriageInput("my 6 week old has a temperature of 38.4 " * 20, PatientContext(age_years=0.1)),
    ]
    outputs = model.predict(items)
    assert len(outputs) == len(items)
    for item, output in zip(items, outputs, strict=True):
        assert list(output.probabilities) == list(LABELS)
        assert sum(output.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
        assert isinstance(output.level, TriageLevel)
        assert 0.0 < output.confidence <= 1.0 + 1e-6
        alone = model.predict([item])[0]  # the same answer alone: the batch kept its order
        assert alone.level == output.level
        for label in LABELS:
            assert alone.probabilities[label] == pytest.approx(
                output.probabilities[label], abs=1e-5
            )
    assert model.predict([]) == []


def test_missing_or_broken_model_directories_say_how_to_train_one(tmp_path, tiny_model_dir) -> None:
    with pytest.raises(ModelNotTrainedError, match="make train-triage"):
        TriageModel.load(tmp_path)
    with pytest.raises(ModelNotTrainedError, match="make train-triage"):
        TriageModel.load(tmp_path / "never-created")
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model_dir, broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelNotTrainedError, match="cannot be read"):
        TriageModel.load(broken, device="cpu")
    config = json.loads((tiny_model_dir / "triage_config.json").read_text())
    (broken / "triage_config.json").write_text(json.dumps(config | {"temperature": -1}))
    with pytest.raises(ModelNotTrainedError, match="invalid"):
        TriageModel.load(broken, device="cpu")
    assert issubclass(ModelNotTrainedError, RuntimeError)


# --- the decision rule --------------------------------------------------------------------------


def test_the_safety_margins_raise_but_never_lower() -> None:
    rng = random.Random(7)
    grid = (0.05, 0.2, 0.35, 0.5, 0.8, 1.0)
    for _ in range(300):
        weights = [rng.random() ** 3 for _ in LABELS]
        probabilities = [w / sum(weights) for w in weights]
        argmax = LEVELS_BY_SEVERITY[probabilities.index(max(probabilities))]
        for emergency, urgent in itertools.product(grid, grid):
            level, confidence = decide(probabilities, DecisionThresholds(emergency, urgent))
            assert level.severity >= argmax.severity
            assert 0 < confidence <= 1 + 1e-9


def test_the_emergency_margin_picks_the_likelier_emergency_and_reports_the_group() -> None:
    probabilities = [0.20, 0.15, 0.05, 0.60, 0.00]  # argmax routine; 35% on an emergency
    assert decide(probabilities, DecisionThresholds(0.3, 1.0)) == (
        TriageLevel.EMERGENCY_AMBULANCE,
        pytest.approx(0.35),
    )
    assert decide(probabilities, DecisionThresholds(0.4, 0.38)) == (
        TriageLevel.URGENT,
        pytest.approx(0.40),
    )
    assert decide(probabilities, DecisionThresholds(0.4, 0.45)) == (
        TriageLevel.ROUTINE,
        pytest.approx(0.60),
    )
    with pytest.raises(ValueError):
        DecisionThresholds(0.0, 0.5)


def test_thresholds_chosen_on_validation_respect_the_over_triage_cap() -> None:
    torch.manual_seed(3)
    labels = torch.randint(0, len(LABELS), (200,))
    logits = torch.randn(200, len(LABELS)) + 2.5 * F.one_hot(labels, len(LABELS))
    probabilities = torch.softmax(logits, dim=1).numpy()
    thresholds, search = choose_thresholds(probabilities, labels.numpy(), 0.03)
    chosen = search["chosen"]
    assert chosen["over_triage_rate"] <= search["argmax"]["over_triage_rate"] + 0.03 + 1e-9
    assert chosen["emergency_recall"] >= search["argmax"]["emergency_recall"]
    assert chosen["thresholds"] == {"emergency": thresholds.emergency, "urgent": thresholds.urgent}


# --- calibration --------------------------------------------------------------------------------


def test_the_temperature_fit_lowers_the_nll_of_an_overconfident_model() -> None:
    generator = torch.Generator().manual_seed(0)
    labels = torch.randint(0, 5, (400,), generator=generator)
    guesses = torch.where(
        torch.rand(400, generator=generator) < 0.7,
        labels,
        torch.randint(0, 5, (400,), generator=generator),
    )
    logits = 12.0 * F.one_hot(guesses, 5).float()  # certain, but right only ~75% of the time
    temperature = fit_temperature(logits, labels)
    assert temperature > 1.5
    assert F.cross_entropy(logits / temperature, labels) < F.cross_entropy(logits, labels) - 0.5


# --- training -----------------------------------------------------------------------------------


def test_the_cached_forward_pass_matches_the_model(tokenizer) -> None:
    torch.manual_seed(1)
    model = MeanPoolingClassifier(tiny_config(tokenizer))
    encoder = CachedEncoder(model, frozen_layers=4)
    texts = ["short", "a much longer message about a cough that will not go away at all"]
    encoder.check_against_model(tokenizer, texts, max_length=64)  # raises when they differ
    trained = ("bert.encoder.layer.4.", "bert.encoder.layer.5.", "classifier.")
    for name, parameter in model.named_parameters():
        assert parameter.requires_grad == name.startswith(trained), name


def test_training_writes_a_complete_model_directory(tmp_path, tokenizer) -> None:
    base = tmp_path / "tiny-base"
    torch.manual_seed(2)
    BertModel(tiny_config(tokenizer)).save_pretrained(base)
    tokenizer.save_pretrained(base)
    out = tmp_path / "models" / "triage"
    setup = TrainingSetup(epochs=1, max_length=64)
    train(PROJECT_ROOT / "data" / "triage", out, setup, base_encoder=base, limit=40, device="cpu")

    for name in ("model.safetensors", "config.json", "tokenizer.json", "triage_config.json"):
        assert (out / name).is_file(), name
    for name in ("VERSION", "MODEL_CARD.md", "metrics.json"):
        assert (out / name).is_file(), name
    config = json.loads((out / "triage_config.json").read_text())
    assert config["labels"] == list(LABELS) and config["seed"] == 13
    assert set(config["data_sha256"]) == {"train", "validation", "test", "vignette_validation"}
    assert set(
        metrics_layers := json.loads((out / "metrics.json").read_text())["validation"]["layers"]
    ) == {
        "validation",
        "vignette_validation",
    }
    assert set(metrics_layers["validation"]) == {"argmax", "model", "model_with_floor"}
    assert (out / "VERSION").read_text().startswith("triage-minilm-")
    card = (out / "MODEL_CARD.md").read_text()
    assert "## Evaluation" in card and "### Semigran 2015 vignettes" in card
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["test"]["model"]["n"] == 40
    assert "### Validation, layer by layer" in card
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no leftovers
    assert TriageModel.load(out, device="cpu").predict([TriageInput("cough", FULL)])


def test_training_is_reproducible_byte_for_byte(tmp_path, tokenizer) -> None:
    base = tmp_path / "tiny-base"
    torch.manual_seed(2)
    BertModel(tiny_config(tokenizer)).save_pretrained(base)
    tokenizer.save_pretrained(base)
    setup = TrainingSetup(epochs=2, max_length=64)
    weights = []
    for run in ("first", "second"):
        out = tmp_path / run / "triage"
        train(
            PROJECT_ROOT / "data" / "triage", out, setup, base_encoder=base, limit=24, device="cpu"
        )
        weights.append((out / "model.safetensors").read_bytes())
    assert weights[0] == weights[1]


# --- token dropout ------------------------------------------------------------------------------


def test_token_dropout_never_hides_a_negation_a_number_or_a_special_token(tokenizer) -> None:
    text = "No chest pain and she doesn't have a fever: 39.6 C, SpO2 97%. Denies vomiting"
    (droppable,) = droppable_tokens(tokenizer, [text], max_length=64)
    tokens = tokenizer.convert_ids_to_tokens(tokenizer(text)["input_ids"])
    assert len(droppable) == len(tokens)
    kept = {
        token for token, may_drop in zip(tokens, droppable.tolist(), strict=True) if not may_drop
    }
    assert {"[CLS]", "[SEP]", "no", "doesn", "t", "39", "6", "97", "denies"} <= kept
    hideable = {
        token for token, may_drop in zip(tokens, droppable.tolist(), strict=True) if may_drop
    }
    assert {"chest", "pain", "fever", "vomiting"} <= hideable


def test_token_dropout_removes_only_droppable_rows_and_keeps_the_order() -> None:
    state = torch.arange(12, dtype=torch.float32).reshape(6, 2)
    droppable = torch.tensor([False, True, True, False, True, False])
    generator = torch.Generator().manual_seed(0)
    assert torch.equal(drop_tokens(state, droppable, 0.0, generator), state)
    assert torch.equal(drop_tokens(state, droppable, 1.0, generator), state[[0, 3, 5]])
    for _ in range(20):
        rows = drop_tokens(state, droppable, 0.5, generator)[:, 0].tolist()
        assert rows == sorted(rows) and {0.0, 6.0, 10.0} <= set(rows)


def test_token_dropout_masks_line_up_with_the_cached_states(tokenizer) -> None:
    torch.manual_seed(3)
    encoder = CachedEncoder(MeanPoolingClassifier(tiny_config(tokenizer)), frozen_layers=0)
    texts = ["short", "my chest feels tight and I can't catch my breath, no fever though"]
    states = encoder.encode(tokenizer, texts, max_length=64, desc="test")
    masks = droppable_tokens(tokenizer, texts, max_length=64)
    assert [state.shape[0] for state in states] == [mask.shape[0] for mask in masks]


@pytest.mark.parametrize("rate", ["-0.1", "1", "1.5"])
def test_the_training_command_refuses_a_token_dropout_rate_outside_0_to_1(rate, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--token-dropout", rate])
    assert exit_info.value.code == 2
    assert "--token-dropout must be at least 0 and below 1" in capsys.readouterr().err

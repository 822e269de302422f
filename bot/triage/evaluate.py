"""`python -m bot.triage.evaluate [--model models/triage] [--semigran PATH]`: measure the trained
triage model alone and with the red-flag floor on top, exactly as the service combines them.

(a) `data/triage/test.jsonl`, five levels; (b) the Semigran 2015 vignettes, scored in three
classes as their README says (emergency / non-emergent / self care). The vignettes carry no
profile, so they are triaged with an empty `PatientContext`. Nothing here prints or stores a
vignette's text, diagnosis or per-case result: the set is for measuring, never for tuning.

Then it rewrites the "Evaluation" section of the model card and the "evaluation" key of
`metrics.json` in the model directory. The metric helpers are shared with `bot.triage.train`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from bot.settings import PROJECT_ROOT
from bot.triage.benchmark_log import render_semigran_log
from bot.triage.levels import PatientContext, TriageLevel
from bot.triage.model import LABELS, TriageInput, TriageModel
from bot.triage.rules import apply_floor, find_red_flags

DEFAULT_MODEL_DIR = PROJECT_ROOT / "models" / "triage"
DEFAULT_TEST_SPLIT = PROJECT_ROOT / "data" / "triage" / "test.jsonl"
DEFAULT_VIGNETTES = PROJECT_ROOT / "data" / "triage" / "vignette_validation.jsonl"
DEFAULT_SEMIGRAN = (
    PROJECT_ROOT.parent / "shared" / "benchmarks" / "semigran2015" / "vignettes.jsonl"
)
SEMIGRAN_CLASSES = ("emergency", "non_emergent", "self_care")
"""Semigran's triage classes, most severe first."""
PUBLISHED_SEMIGRAN = (
    "Published on the same 45 vignettes (benchmark README): 23 symptom checkers (Semigran 2015) "
    "57% correct, 80% of emergencies, 55% of non-emergent and 33% of self-care cases; "
    "91 lay people (Schmieding 2021) 60.9% correct, 67.5% of emergencies; general-purpose LLMs "
    "(medask-benchmarks) 68-80% correct, 80-93% of emergencies, 31-71% of self-care cases."
)
TARGETS = {
    "test_emergencies_all_caught": "every emergency in the test split caught",
    "semigran_emergencies_at_least_14": "Semigran emergencies >= 14/15",
    "semigran_accuracy_at_least_0.75": "Semigran 3-class accuracy >= 0.75",
    "semigran_self_care_at_least_0.60": "Semigran self-care accuracy >= 0.60",
}
EVALUATION_START = "<!-- evaluation:start -->"
EVALUATION_END = "<!-- evaluation:end -->"
PREDICT_BATCH = 64


@dataclass(frozen=True)
class LabelledMessage:
    """One record of a triage split: the message, the patient's profile and the true level."""

    id: str
    text: str
    context: PatientContext
    level: TriageLevel


def read_split(path: Path) -> list[LabelledMessage]:
    """Read a JSONL split of `data/triage` (fields as in its README)."""
    messages = []
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                context = PatientContext(
                    age_years=record.get("age"),
                    sex=record.get("sex"),
                    pregnant=record.get("pregnant"),
                    conditions=tuple(record.get("conditions") or ()),
                    medications=tuple(record.get("medications") or ()),
                )
                level = TriageLevel(record["level"])
                messages.append(LabelledMessage(record["id"], record["text"], context, level))
    return messages


# --- Metrics -----------------------------------------------------------------------------------


def ordinal_metrics(truth: Sequence[int], predicted: Sequence[int], labels: Sequence[str]) -> dict:
    """Accuracy, per-class precision/recall/F1, under-/over-triage and the confusion matrix.

    Class indexes follow `labels`, most severe first, so a predicted index above the true one is
    under-triage (less urgent than the truth) and below it over-triage.
    """
    true = np.asarray(truth, dtype=int)
    pred = np.asarray(predicted, dtype=int)
    n = len(labels)
    confusion = np.zeros((n, n), dtype=int)
    np.add.at(confusion, (true, pred), 1)
    per_class = {}
    for i, label in enumerate(labels):
        hits, support, claimed = (
            int(confusion[i, i]),
            int(confusion[i].sum()),
            int(confusion[:, i].sum()),
        )
        precision = hits / claimed if claimed else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "correct": hits,
            "support": support,
        }
    total = max(len(true), 1)
    return {
        "n": len(true),
        "accuracy": float((true == pred).sum() / total),
        "per_level": per_class,
        "under_triage_rate": float((pred > true).sum() / total),
        "over_triage_rate": float((pred < true).sum() / total),
        "confusion_matrix": confusion.tolist(),
    }


def triage_metrics(truth: Sequence[TriageLevel], predicted: Sequence[TriageLevel]) -> dict:
    """`ordinal_metrics` on the five levels, plus emergencies caught: a true emergency or
    emergency-ambulance case answered `emergency` or above."""
    metrics = ordinal_metrics(
        [LABELS.index(level.value) for level in truth],
        [LABELS.index(level.value) for level in predicted],
        LABELS,
    )
    emergencies = [
        answer.severity >= TriageLevel.EMERGENCY.severity
        for true, answer in zip(truth, predicted, strict=True)
        if true.severity >= TriageLevel.EMERGENCY.severity
    ]
    metrics["emergencies_caught"] = _count(sum(emergencies), len(emergencies))
    return metrics


def semigran_class(level: TriageLevel) -> str:
    """Map a CareLoop level to Semigran's three classes (benchmark README)."""
    if level.severity >= TriageLevel.EMERGENCY.severity:
        return "emergency"
    if level.severity >= TriageLevel.ROUTINE.severity:
        return "non_emergent"
    return "self_care"


def semigran_metrics(truth: Sequence[str], predicted: Sequence[TriageLevel]) -> dict:
    """`ordinal_metrics` on Semigran's three classes, with the figures the paper reports."""
    metrics = ordinal_metrics(
        [SEMIGRAN_CLASSES.index(label) for label in truth],
        [SEMIGRAN_CLASSES.index(semigran_class(level)) for level in predicted],
        SEMIGRAN_CLASSES,
    )
    per_class = metrics["per_level"]
    metrics["emergencies_caught"] = _count(
        per_class["emergency"]["correct"], per_class["emergency"]["support"]
    )
    metrics["self_care_accuracy"] = per_class["self_care"]["recall"]
    metrics["non_emergent_accuracy"] = per_class["non_emergent"]["recall"]
    return metrics


def _count(caught: int, total: int) -> dict:
    return {"caught": int(caught), "total": int(total), "rate": caught / total if total else 0.0}


# --- Evaluation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answers:
    """The three answers the pipeline can give for each message, in input order."""

    argmax: list[TriageLevel]
    model: list[TriageLevel]
    model_with_floor: list[TriageLevel]


def answer(model: TriageModel, inputs: Sequence[TriageInput]) -> Answers:
    """Triage `inputs` as the service does: model (with its margins), then the red-flag floor."""
    argmax, levels, floored = [], [], []
    for start in range(0, len(inputs), PREDICT_BATCH):
        chunk = inputs[start : start + PREDICT_BATCH]
        for item, output in zip(chunk, model.predict(chunk), strict=True):
            best = max(LABELS, key=lambda label: output.probabilities[label])
            argmax.append(TriageLevel(best))
            levels.append(output.level)
            flags = find_red_flags(item.text, item.context)
            floored.append(apply_floor(output.level, flags))
    return Answers(argmax, levels, floored)


def evaluate_test_split(model: TriageModel, path: Path) -> dict:
    messages = read_split(path)
    answers = answer(model, [TriageInput(m.text, m.context) for m in messages])
    truth = [m.level for m in messages]
    return {
        "path": _display_path(path),
        "argmax": triage_metrics(truth, answers.argmax),
        "model": triage_metrics(truth, answers.model),
        "model_with_floor": triage_metrics(truth, answers.model_with_floor),
    }


def evaluate_semigran(model: TriageModel, path: Path) -> dict:
    with Path(path).open(encoding="utf-8") as lines:
        cases = [json.loads(line) for line in lines if line.strip()]
    answers = answer(model, [TriageInput(case["text"], PatientContext()) for case in cases])
    truth = [case["expected"] for case in cases]
    return {
        "path": _display_path(path),
        "argmax": semigran_metrics(truth, answers.argmax),
        "model": semigran_metrics(truth, answers.model),
        "model_with_floor": semigran_metrics(truth, answers.model_with_floor),
    }


def targets_met(evaluation: dict) -> dict[str, bool | None]:
    """The targets the triage model is held to, judged on the full pipeline (with the floor)."""
    test = evaluation["test"]["model_with_floor"]["emergencies_caught"]
    met: dict[str, bool | None] = {"test_emergencies_all_caught": test["caught"] == test["total"]}
    semigran = evaluation.get("semigran2015")
    scored = semigran["model_with_floor"] if semigran else None
    met["semigran_emergencies_at_least_14"] = (
        scored["emergencies_caught"]["caught"] >= 14 if scored else None
    )
    met["semigran_accuracy_at_least_0.75"] = scored["accuracy"] >= 0.75 if scored else None
    met["semigran_self_care_at_least_0.60"] = (
        scored["self_care_accuracy"] >= 0.60 if scored else None
    )
    return met


# --- Reporting ---------------------------------------------------------------------------------

PIPELINES = (("argmax", "argmax"), ("model", "model"), ("model_with_floor", "model + floor"))


def render_evaluation(evaluation: dict) -> str:
    """The Evaluation section as Markdown (printed, and written into the model card)."""
    intro = (
        f"Written by `python -m bot.triage.evaluate` on {evaluation['created']}, for model "
        f"`{evaluation['model_version']}`. Three answers per message: the plain argmax of the "
        "calibrated probabilities; the model as served (argmax raised by the safety margins); "
        "and the model with the red-flag floor on top (`find_red_flags` + `apply_floor`), which "
        "is what a patient gets."
    )
    out = ["## Evaluation", "", intro, "", f"### Test split ({evaluation['test']['path']})", ""]
    out += _five_level_section(evaluation["test"])
    vignettes = evaluation.get("vignette_validation")
    if vignettes is not None:
        out += ["", f"### Clinician-style vignettes ({vignettes['path']})", ""]
        out += [
            (
                "Our own 200 vignettes of 20 conditions the training split never has (see "
                "data/triage/README.md). They took part in choosing the epoch, the temperature and "
                "the margins, so they are validation figures, not an unbiased test."
            ),
            "",
        ]
        out += _five_level_section(vignettes)
    out += ["", "### Semigran 2015 vignettes", ""]
    semigran = evaluation.get("semigran2015")
    if semigran is None:
        out += [f"Not run: {evaluation.get('semigran_skipped', 'vignettes not found')}."]
    else:
        scoring = (
            f"{semigran['model']['n']} vignettes ({semigran['path']}), no patient profile "
            "(empty context), scored in three classes: emergency_ambulance and emergency → "
            "emergency; urgent and routine → non-emergent; self_care → self care."
        )
        out += [scoring, ""]
        out += _table(
            semigran,
            [
                ("3-class accuracy", lambda m: f"{m['accuracy']:.3f}"),
                ("emergencies caught", lambda m: _fraction(m["emergencies_caught"])),
                ("non-emergent accuracy", lambda m: f"{m['non_emergent_accuracy']:.3f}"),
                ("self-care accuracy", lambda m: f"{m['self_care_accuracy']:.3f}"),
                ("under-triage rate", lambda m: f"{m['under_triage_rate']:.3f}"),
                ("over-triage rate", lambda m: f"{m['over_triage_rate']:.3f}"),
            ],
        )
        for key, name in PIPELINES[1:]:
            out += ["", f"Confusion matrix, {name} (rows: truth, columns: answer):", ""]
            out += confusion_table(semigran[key]["confusion_matrix"], SEMIGRAN_CLASSES)
        out += ["", PUBLISHED_SEMIGRAN]
    out += [
        "",
        (
            "Every Semigran measurement made while developing the model (model + floor), not only "
            "the best; each candidate was chosen on our validation splits before it was measured:"
        ),
        "",
        *render_semigran_log(),
    ]
    out += ["", "### Targets (model + floor)", ""]
    for key, met in evaluation["targets_met"].items():
        verdict = "not measured" if met is None else ("met" if met else "NOT met")
        out.append(f"- {TARGETS[key]}: **{verdict}**")
    return "\n".join(out) + "\n"


def _five_level_section(results: dict) -> list[str]:
    out = _table(
        results,
        [
            ("accuracy", lambda m: f"{m['accuracy']:.3f}"),
            *((f"recall `{label}`", _recall(label)) for label in LABELS),
            ("emergencies caught", lambda m: _fraction(m["emergencies_caught"])),
            ("under-triage rate", lambda m: f"{m['under_triage_rate']:.3f}"),
            ("over-triage rate", lambda m: f"{m['over_triage_rate']:.3f}"),
        ],
    )
    for key, name in PIPELINES[1:]:
        out += ["", f"Confusion matrix, {name} (rows: truth, columns: answer):", ""]
        out += confusion_table(results[key]["confusion_matrix"], LABELS)
    return out


def _table(results: dict, rows: list[tuple[str, Callable[[dict], str]]]) -> list[str]:
    lines = [
        "| | " + " | ".join(name for _, name in PIPELINES) + " |",
        "|---|" + "---:|" * len(PIPELINES),
    ]
    for title, cell in rows:
        lines.append(
            f"| {title} | " + " | ".join(cell(results[key]) for key, _ in PIPELINES) + " |"
        )
    return lines


def confusion_table(matrix: list[list[int]], labels: Sequence[str]) -> list[str]:
    """A confusion matrix as a Markdown table, rows the truth and columns the answer."""
    lines = ["| truth \\ answer | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    for label, row in zip(labels, matrix, strict=True):
        lines.append(f"| {label} | " + " | ".join(str(count) for count in row) + " |")
    return lines


def _recall(label: str) -> Callable[[dict], str]:
    return lambda metrics: f"{metrics['per_level'][label]['recall']:.3f}"


def _fraction(count: dict) -> str:
    return f"{count['caught']}/{count['total']} ({count['rate']:.1%})"


def _display_path(path: Path) -> str:
    path = Path(path).resolve()
    for root in (PROJECT_ROOT, PROJECT_ROOT.parent):
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return str(path)


def replace_evaluation_section(card: str, section: str) -> str:
    """The model card with its Evaluation section (between the markers) replaced."""
    block = f"{EVALUATION_START}\n{section}{EVALUATION_END}"
    start, end = card.find(EVALUATION_START), card.find(EVALUATION_END)
    if start == -1 or end < start:
        return card.rstrip("\n") + "\n\n" + block + "\n"
    return card[:start] + block + card[end + len(EVALUATION_END) :]


def write_atomically(path: Path, text: str) -> None:
    """Write a file so readers see the old or the new content, never half of it."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR)
    parser.add_argument("--test", type=Path, default=DEFAULT_TEST_SPLIT)
    parser.add_argument("--vignettes", type=Path, default=DEFAULT_VIGNETTES)
    parser.add_argument("--semigran", type=Path, default=DEFAULT_SEMIGRAN)
    args = parser.parse_args(argv)

    model = TriageModel.load(args.model)
    print(f"Model {model.version} on {model.device}; evaluating {_display_path(args.test)}")
    evaluation: dict[str, Any] = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "model_version": model.version,
        "test": evaluate_test_split(model, args.test),
    }
    if args.vignettes.is_file():
        evaluation["vignette_validation"] = evaluate_test_split(model, args.vignettes)
    if args.semigran.is_file():
        evaluation["semigran2015"] = evaluate_semigran(model, args.semigran)
    else:
        evaluation["semigran_skipped"] = f"{args.semigran} not found"
        print(f"Semigran vignettes not found at {args.semigran}: skipping that benchmark.")
    evaluation["targets_met"] = targets_met(evaluation)

    section = render_evaluation(evaluation)
    print()
    print(section)
    card_path = args.model / "MODEL_CARD.md"
    card = card_path.read_text(encoding="utf-8") if card_path.is_file() else ""
    write_atomically(card_path, replace_evaluation_section(card, section))
    metrics_path = args.model / "metrics.json"
    metrics = json.loads(metrics_path.read_text(encoding="utf-8")) if metrics_path.is_file() else {}
    metrics["evaluation"] = evaluation
    write_atomically(metrics_path, json.dumps(metrics, indent=2) + "\n")
    print(
        f"Wrote the Evaluation section of {card_path} and the 'evaluation' key of {metrics_path}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

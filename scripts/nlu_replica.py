"""A quick scikit-learn replica of `make nlu-report`, for choosing the NLU pipeline's settings.

Rasa's cross-validation takes minutes per setting; this takes seconds. It reads the NLU data,
embeds every example once with all-MiniLM-L6-v2 ([CLS] token and mean pooling), and runs a
stratified 3-fold cross-validation of the classifier config.yml uses (logistic regression,
balanced class weights, C=1, over word counts, character 1-4-gram counts and the sentence
embedding at a given weight) for each pooling and weight. It is a replica, not the measurement:
the macro F1 it prints guides the choice, `make nlu-report` measures the real pipeline.

    .venv/bin/python scripts/nlu_replica.py [--weights 1 3 6 10 15]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import numpy as np
import torch
import yaml
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from transformers import AutoModel, AutoTokenizer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from bot.triage.model import base_encoder_path

ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def nlu_examples(folder: Path) -> tuple[list[str], list[str]]:
    """Every intent example under `folder`, entity annotations stripped, with its intent."""
    texts, intents = [], []
    for path in sorted(folder.glob("*.yml")):
        for item in yaml.safe_load(path.read_text()).get("nlu", []):
            if "intent" not in item:
                continue
            for line in item["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    texts.append(ANNOTATION.sub(r"\1", line[2:]))
                    intents.append(item["intent"])
    return texts, intents


def sentence_embeddings(texts: list[str]) -> dict[str, np.ndarray]:
    """Unit-length [CLS] and mean-pooled embeddings, one row per text."""
    path = base_encoder_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    cls, mean = [], []
    with torch.inference_mode():
        for start in range(0, len(texts), 64):
            batch = tokenizer(texts[start : start + 64], padding=True, return_tensors="pt")
            states = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).float()
            cls.append(states[:, 0])
            mean.append((states * mask).sum(1) / mask.sum(1))
    return {
        name: torch.nn.functional.normalize(torch.cat(rows), dim=-1).numpy()
        for name, rows in (("cls", cls), ("mean", mean))
    }


def cross_validated_macro_f1(
    texts: list[str], intents: np.ndarray, embeddings: np.ndarray, weight: float
) -> float:
    predicted = np.empty_like(intents)
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    for train, test in folds.split(texts, intents):
        counts = [
            CountVectorizer(token_pattern=r"(?u)\b\w+\b"),
            CountVectorizer(analyzer="char_wb", ngram_range=(1, 4)),
        ]
        train_texts = [texts[i] for i in train]
        test_texts = [texts[i] for i in test]
        x_train = hstack(
            [c.fit_transform(train_texts) for c in counts]
            + [csr_matrix(embeddings[train] * weight)]
        )
        x_test = hstack(
            [c.transform(test_texts) for c in counts] + [csr_matrix(embeddings[test] * weight)]
        )
        classifier = LogisticRegression(max_iter=1000, class_weight="balanced")
        predicted[test] = classifier.fit(x_train, intents[train]).predict(x_test)
    return float(f1_score(intents, predicted, average="macro"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nlu", type=Path, default=ROOT / "data" / "nlu")
    parser.add_argument("--weights", type=float, nargs="+", default=[1, 3, 6, 10, 15])
    args = parser.parse_args(argv)
    texts, intents = nlu_examples(args.nlu)
    embeddings = sentence_embeddings(texts)
    print(f"{len(texts)} examples, {len(set(intents))} intents; macro F1, 3-fold:")
    print(f"{'weight':>6} {'[CLS]':>7} {'mean':>7}")
    for weight in args.weights:
        scores = [
            cross_validated_macro_f1(texts, np.array(intents), embeddings[pool], weight)
            for pool in ("cls", "mean")
        ]
        print(f"{weight:>6g} {scores[0]:>7.3f} {scores[1]:>7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

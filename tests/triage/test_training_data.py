"""The committed triage data is what `data/triage/generate.py` writes, and it keeps its promises:
reproducible, balanced, and the held-out vignette conditions never in train."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "data" / "triage"
SPLITS = ("train", "validation", "test", "vignette_validation")


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("triage-data")
    subprocess.run(
        [sys.executable, "generate.py", "--out", str(out), "--seed", "13"],
        cwd=DATA,
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.parametrize("split", SPLITS)
def test_the_committed_split_is_what_the_generator_writes(generated: Path, split: str) -> None:
    assert (generated / f"{split}.jsonl").read_bytes() == (DATA / f"{split}.jsonl").read_bytes()


def test_held_out_vignette_conditions_never_reach_train() -> None:
    held_out = {r["scenario"] for r in read(DATA / "vignette_validation.jsonl")}
    trained = {r["scenario"] for r in read(DATA / "train.jsonl")}
    assert len(held_out) == 20
    assert not held_out & trained


def test_no_text_is_in_two_splits() -> None:
    texts = {split: {r["text"] for r in read(DATA / f"{split}.jsonl")} for split in SPLITS}
    for a in SPLITS:
        for b in SPLITS:
            if a < b:
                assert not texts[a] & texts[b], (a, b)


@pytest.mark.parametrize("split", SPLITS)
def test_every_level_is_a_fifth_of_each_split(split: str) -> None:
    levels = Counter(r["level"] for r in read(DATA / f"{split}.jsonl"))
    assert len(levels) == 5
    assert len(set(levels.values())) == 1

#!/usr/bin/env python3
"""Generate CareLoop's synthetic triage data set from the hand-written scenario table.

    python data/triage/generate.py --out data/triage --seed 13

writes train.jsonl, validation.jsonl and test.jsonl. The same seed always gives byte-identical
files: every random choice comes from one `random.Random(seed)` (or a string-seeded child of it),
and nothing iterates over a set or reads the clock, the network or the environment.

Leakage control: scenarios sharing a `family` share their phrasing templates, and each family's
templates are dealt to exactly one split, so test and validation texts come from sentence
templates the training split never saw. Texts are also de-duplicated across all three splits.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.dont_write_bytecode = True  # keep data/triage free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scenarios import LEVELS, MORE_VIGNETTES, ROUND5_VIGNETTES, SCENARIOS, VIGNETTES
from templating import ScenarioError, add_typos, dedupe_key, render, sample_patient
from vignettes import compose

SPLITS = ("train", "validation", "test")
DEFAULT_SIZES = {"train": 5500, "validation": 800, "test": 1100}
# Clinician-style vignettes (vignettes.py): added to train, and a held-out validation set in
# that register, built only from scenarios marked heldout (conditions train never sees).
VIGNETTE_SIZES = {"train": 1000, "vignette_validation": 200}
# Later rounds' vignettes of more conditions, train only, about 10 per scenario: (generator
# name, table, train size). Each batch is drawn after the one before from its own generator, so
# every split drawn earlier stays byte for byte as it was. Round 3: 58 conditions; round 5: 80.
TRAIN_ONLY_VIGNETTES = (
    ("vignettes-more", MORE_VIGNETTES, 600),
    ("vignettes-round5", ROUND5_VIGNETTES, 800),
)
VIGNETTE_FIELDS = ("complaint", "onset", "history", "negatives", "exam", "why")
TYPO_RATE = 0.10
MIN_TEXTS_PER_FAMILY = 5
MIN_SCENARIOS_PER_LEVEL = 20
MIN_LEVEL_SHARE = 0.12
ATTEMPTS_PER_RECORD = 80
KINDS = ("adult", "child", "infant", "relative", "pregnant", "carer", "staff")
# Each kind of writer must name the patient in every phrasing (with one of these slots), so
# text and context agree.
REQUIRED_TOKEN = {
    "child": ("{child}",),
    "infant": ("{baby}",),
    "relative": ("{rel_intro}",),
    "pregnant": ("{preg}",),
    "carer": ("{someone}", "{subj}"),
    "staff": ("{pt}",),
}
# A carer or clinic staff writing about a pregnant woman must say how far along she is.
REQUIRED_GEST_TOKEN = {"carer": "{gw}", "staff": "{gest}"}
ID_PREFIX = {
    "emergency_ambulance": "amb_",
    "emergency": "em_",
    "urgent": "urg_",
    "routine": "rou_",
    "self_care": "sc_",
}

# --------------------------------------------------------------------------- scenario checks


def check_table(scenarios: list[dict]) -> None:
    """Refuse a table that would produce inconsistent or unbalanced data."""
    seen: set[str] = set()
    per_level: Counter = Counter()
    family_texts: dict[str, list[str]] = {}
    for sc in scenarios:
        sid = sc.get("id", "<no id>")
        if sid in seen:
            raise ScenarioError(f"duplicate scenario id {sid!r}")
        seen.add(sid)
        if sc.get("level") not in LEVELS:
            raise ScenarioError(f"{sid}: level {sc.get('level')!r} is not one of {LEVELS}")
        if sc.get("who") not in KINDS:
            raise ScenarioError(f"{sid}: who {sc.get('who')!r} is not one of {KINDS}")
        if not sid.startswith(ID_PREFIX[sc["level"]]):
            raise ScenarioError(f"{sid}: a {sc['level']} id starts with {ID_PREFIX[sc['level']]}")
        per_level[sc["level"]] += 1
        required = REQUIRED_TOKEN.get(sc["who"])
        gest_token = REQUIRED_GEST_TOKEN.get(sc["who"]) if "gest" in sc else None
        for text in sc["texts"]:
            if required and not any(token in text for token in required):
                raise ScenarioError(
                    f"{sid}: phrasing does not name the patient with {' or '.join(required)}: {text!r}"
                )
            if gest_token and gest_token not in text:
                raise ScenarioError(
                    f"{sid}: phrasing does not give the gestation {gest_token}: {text!r}"
                )
        if (sc["who"] == "pregnant" or "gest" in sc) and sc.get("sex", "female") != "female":
            raise ScenarioError(f"{sid}: a pregnant patient must be female")
        if "gest" in sc and sc["who"] not in ("pregnant", *REQUIRED_GEST_TOKEN):
            raise ScenarioError(f"{sid}: only pregnant, carer or staff scenarios can set gest")
        fam = family_texts.setdefault(sc.get("family", sid), [])
        fam.extend(t for t in sc["texts"] if t not in fam)
    for fam, texts in family_texts.items():
        if len(texts) < MIN_TEXTS_PER_FAMILY:
            raise ScenarioError(
                f"family {fam!r} has {len(texts)} phrasings; it needs {MIN_TEXTS_PER_FAMILY}"
            )
    for level in LEVELS:
        if per_level[level] < MIN_SCENARIOS_PER_LEVEL:
            raise ScenarioError(
                f"level {level} has {per_level[level]} scenarios; it needs {MIN_SCENARIOS_PER_LEVEL}"
            )


def assign_phrasings(scenarios: list[dict], seed: int) -> dict[str, dict[str, list[str]]]:
    """Deal each family's phrasings to one split each; return scenario id -> split -> phrasings."""
    family_texts: dict[str, list[str]] = {}
    for sc in scenarios:
        fam = family_texts.setdefault(sc.get("family", sc["id"]), [])
        fam.extend(t for t in sc["texts"] if t not in fam)
    split_of: dict[str, str] = {}
    for fam, texts in family_texts.items():
        order = list(texts)
        random.Random(f"{seed}:phrasing:{fam}").shuffle(order)
        n_test = max(1, round(len(order) * 0.2))
        for i, text in enumerate(order):
            split_of[text] = "test" if i < n_test else "validation" if i == n_test else "train"
    return {
        sc["id"]: {s: [t for t in sc["texts"] if split_of[t] == s] for s in SPLITS}
        for sc in scenarios
    }


# --------------------------------------------------------------------------- generation


def generate(seed: int, sizes: dict[str, int]) -> dict[str, list[dict]]:
    check_table(SCENARIOS)
    phrasings = assign_phrasings(SCENARIOS, seed)
    rng = random.Random(seed)
    seen: set[str] = set()
    splits: dict[str, list[dict]] = {}
    for split in (
        "test",
        "validation",
        "train",
    ):  # held-out splits first: they have fewer phrasings
        records: list[dict] = []
        per_level = sizes[split] // len(LEVELS)
        for li, level in enumerate(LEVELS):
            target = per_level + (1 if li < sizes[split] - per_level * len(LEVELS) else 0)
            pool = [sc for sc in SCENARIOS if sc["level"] == level and phrasings[sc["id"]][split]]
            rng.shuffle(pool)
            exhausted: set[str] = set()
            made, turn = 0, 0
            while made < target and len(exhausted) < len(pool):
                sc = pool[turn % len(pool)]
                turn += 1
                if sc["id"] in exhausted:
                    continue
                record = make_record(sc, phrasings[sc["id"]][split], rng, seen)
                if record is None:
                    exhausted.add(sc["id"])
                    continue
                records.append(record)
                made += 1
            if made < target:
                raise ScenarioError(
                    f"{split}/{level}: only {made} distinct texts of {target}; add phrasings or slots"
                )
        rng.shuffle(records)
        splits[split] = records
    # The vignettes draw from their own generator, so the templated test and validation splits
    # are the same as before they were added.
    later = [sc for _, table, _ in TRAIN_ONLY_VIGNETTES for sc in table]
    check_vignettes([*VIGNETTES, *later], {sc["id"] for sc in SCENARIOS})
    extra = generate_vignettes(VIGNETTES, random.Random(f"{seed}:vignettes"), VIGNETTE_SIZES, seen)
    splits["train"] += extra.pop("train")
    for name, table, size in TRAIN_ONLY_VIGNETTES:
        rng_batch = random.Random(f"{seed}:{name}")
        splits["train"] += generate_vignettes(table, rng_batch, {"train": size}, seen)["train"]
    random.Random(f"{seed}:train-order").shuffle(splits["train"])
    splits.update(extra)
    for split, records in splits.items():
        for i, rec in enumerate(records, 1):
            rec["id"] = f"{split}-{i:05d}"
        splits[split] = [order_fields(r) for r in records]
    return splits


def make_record(sc: dict, templates: list[str], rng: random.Random, seen: set[str]) -> dict | None:
    for _ in range(ATTEMPTS_PER_RECORD):
        patient, words = sample_patient(sc, rng)
        text = render(rng.choice(templates), sc, words, patient, rng)
        if rng.random() < TYPO_RATE:
            text = add_typos(text, rng)
        key = dedupe_key(text)
        if key in seen:
            continue
        seen.add(key)
        return {"text": text, **patient, "level": sc["level"], "scenario": sc["id"]}
    return None


def check_vignettes(vignettes: list[dict], taken: set[str]) -> None:
    """Refuse a vignette table with clashing ids, a bad level or a missing field."""
    for sc in vignettes:
        sid = sc.get("id", "<no id>")
        if sid in taken:
            raise ScenarioError(f"duplicate scenario id {sid!r}")
        taken.add(sid)
        if sc.get("level") not in LEVELS or not sid.startswith(ID_PREFIX[sc["level"]]):
            raise ScenarioError(f"{sid}: bad level or id prefix")
        missing = [f for f in VIGNETTE_FIELDS if not sc.get(f)]
        if missing:
            raise ScenarioError(f"{sid}: vignette scenario lacks {missing}")
    for level in LEVELS:
        for heldout in (False, True):
            if not any(sc["level"] == level and bool(sc.get("heldout")) == heldout for sc in vignettes):
                raise ScenarioError(f"{level}: needs both training and held-out vignette scenarios")


def generate_vignettes(
    table: list[dict], rng: random.Random, sizes: dict[str, int], seen: set[str]
) -> dict[str, list[dict]]:
    """Vignette records from `table` for each split in `sizes` (train: its training scenarios;
    any other split: its held-out ones), balanced over levels, round-robin over each level's
    scenarios; de-duplicated against everything in `seen`."""
    out: dict[str, list[dict]] = {}
    for split, size in sizes.items():
        heldout = split != "train"
        records: list[dict] = []
        for li, level in enumerate(LEVELS):
            target = size // len(LEVELS) + (1 if li < size % len(LEVELS) else 0)
            pool = [sc for sc in table if sc["level"] == level and bool(sc.get("heldout")) == heldout]
            made, turn, misses = 0, 0, 0
            while made < target:
                sc = pool[turn % len(pool)]
                turn += 1
                text, patient = compose(sc, rng)
                key = dedupe_key(text)
                if key in seen:
                    misses += 1
                    if misses > ATTEMPTS_PER_RECORD * target:
                        raise ScenarioError(f"{split}/{level}: too few distinct vignettes")
                    continue
                seen.add(key)
                records.append({"text": text, **patient, "level": level, "scenario": sc["id"]})
                made += 1
        out[split] = records
    return out


def order_fields(rec: dict) -> dict:
    keys = (
        "id",
        "text",
        "age",
        "sex",
        "pregnant",
        "conditions",
        "medications",
        "level",
        "scenario",
    )
    return {k: rec[k] for k in keys}


def write(splits: dict[str, list[dict]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for split, records in splits.items():
        with open(out / f"{split}.jsonl", "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records)


def summary(splits: dict[str, list[dict]]) -> str:
    names = list(splits)
    lines = ["| level | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    counts = {s: Counter(r["level"] for r in splits[s]) for s in names}
    for level in LEVELS:
        lines.append(f"| {level} | " + " | ".join(str(counts[s][level]) for s in names) + " |")
    lines.append("| total | " + " | ".join(str(len(splits[s])) for s in names) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent, help="output folder"
    )
    parser.add_argument("--seed", type=int, default=13)
    for split, n in DEFAULT_SIZES.items():
        parser.add_argument(f"--{split}-size", type=int, default=n, dest=f"{split}_size")
    args = parser.parse_args(argv)
    sizes = {s: getattr(args, f"{s}_size") for s in SPLITS}
    try:
        splits = generate(args.seed, sizes)
    except ScenarioError as err:
        print(f"generate.py: {err}", file=sys.stderr)
        return 1
    for split, records in splits.items():
        counts = Counter(r["level"] for r in records)
        low = [lv for lv in LEVELS if counts[lv] < MIN_LEVEL_SHARE * len(records)]
        if low:
            print(
                f"generate.py: {split} has under {MIN_LEVEL_SHARE:.0%} records for {low}",
                file=sys.stderr,
            )
            return 1
    write(splits, args.out)
    n_sc = Counter(sc["level"] for sc in SCENARIOS)
    print(f"{len(SCENARIOS)} scenarios (" + ", ".join(f"{lv} {n_sc[lv]}" for lv in LEVELS) + ")")
    print(summary(splits))
    return 0


if __name__ == "__main__":
    sys.exit(main())

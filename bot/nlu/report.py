"""`make nlu-report`: per-intent F1 from Rasa's NLU cross-validation, and the macro F1 target.

Reads the `intent_report.json` that `rasa test nlu --cross-validation` writes, prints a table
(intents worst first) and, last, one JSON line; exits 1 when macro F1 is under the target.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

TARGET_MACRO_F1 = 0.90
SUMMARY_ROWS = ("accuracy", "macro avg", "weighted avg", "micro avg")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="intent_report.json from rasa test nlu")
    parser.add_argument("--target", type=float, default=TARGET_MACRO_F1)
    args = parser.parse_args(argv)
    try:
        report = json.loads(args.report.read_text())
    except (OSError, ValueError) as error:
        print(f"Cannot read {args.report}: {error}", file=sys.stderr)
        return 2
    intents = {
        name: row
        for name, row in report.items()
        if name not in SUMMARY_ROWS and isinstance(row, dict)
    }
    print(f"{'intent':<22} {'F1':>6} {'precision':>9} {'recall':>7} {'examples':>8}")
    for name, row in sorted(intents.items(), key=lambda item: item[1]["f1-score"]):
        print(
            f"{name:<22} {row['f1-score']:>6.3f} {row['precision']:>9.3f} {row['recall']:>7.3f} "
            f"{row['support']:>8}"
        )
    macro = report["macro avg"]["f1-score"]
    met = macro >= args.target
    print(f"\nmacro F1 {macro:.3f} (target {args.target:.2f}: {'met' if met else 'NOT met'})")
    print(
        json.dumps(
            {
                "macro_f1": round(macro, 4),
                "target": args.target,
                "met": met,
                "f1": {name: round(row["f1-score"], 4) for name, row in intents.items()},
            }
        )
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""`make triage-predict IN=cases.jsonl OUT=predictions.jsonl` — a stable contract for tooling.

Reads one JSON object a line (`id`, `text`, optional `age`, `sex`, `pregnant`, `conditions`,
`medications`) and writes one line per input, in the same order, with at least `id`, `level`,
`confidence` and `red_flags`. Runs the same model and red-flag floor as the service. Trains
nothing; exits with status 2 and a clear message when no model has been trained, and with
status 1 naming the line when an input line is invalid (nothing is written then).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from bot.settings import get_settings
from bot.triage.schemas import TriageRequest, TriageResponse
from bot.triage.service import Triager

BATCH = 64


class InputError(ValueError):
    pass


def read_cases(path: Path) -> list[TriageRequest]:
    cases = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                if not isinstance(raw, dict):
                    raise InputError(f"line {number}: expected a JSON object")
                # Tooling sends numbers as ids too; the contract echoes them as given.
                if isinstance(raw.get("id"), int):
                    raw["id"] = str(raw["id"])
                cases.append(TriageRequest.model_validate(raw))
            except json.JSONDecodeError as error:
                raise InputError(f"line {number}: not valid JSON ({error.msg})") from error
            except ValidationError as error:
                fields = "; ".join(
                    f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in error.errors()
                )
                raise InputError(f"line {number}: {fields}") from error
    return cases


def predictions(triager: Triager, cases: list[TriageRequest]) -> Iterator[dict[str, object]]:
    for start in range(0, len(cases), BATCH):
        chunk = cases[start : start + BATCH]
        for case, assessment in zip(
            chunk, triager.assess([c.to_input() for c in chunk]), strict=True
        ):
            yield TriageResponse.of(case.id, assessment).model_dump(mode="json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="triage-predict", description=__doc__.splitlines()[0])
    parser.add_argument("--in", dest="source", required=True, type=Path)
    parser.add_argument("--out", dest="target", required=True, type=Path)
    args = parser.parse_args(argv)

    # The input is checked before the model loads: a bad file fails in a second, not ten.
    try:
        cases = read_cases(args.source)
    except FileNotFoundError:
        print(f"triage-predict: no such input file: {args.source}", file=sys.stderr)
        return 1
    except InputError as error:
        print(f"triage-predict: {args.source}: {error}", file=sys.stderr)
        return 1
    triager = Triager.from_models_dir(get_settings().models_dir)
    if triager.degraded:
        print(f"triage-predict: {triager.degraded_reason}", file=sys.stderr)
        return 2
    temporary = args.target.with_name(args.target.name + ".partial")
    with temporary.open("w", encoding="utf-8") as out:
        for prediction in predictions(triager, cases):
            out.write(json.dumps(prediction, ensure_ascii=False) + "\n")
    temporary.replace(args.target)
    print(f"triage-predict: {len(cases)} predictions written to {args.target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

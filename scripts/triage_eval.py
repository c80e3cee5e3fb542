#!/usr/bin/env python
"""Evaluate the red-flag triage engine on labelled JSON-lines files.

    python scripts/triage_eval.py [--rules-only | --cross-set] [--errors] [FILE.jsonl ...]
    (default: bot/triage/examples/triage_dev.jsonl)

The engine is the rules plus the statistical backstop trained on bot/triage/examples/. A file that
is itself one of those examples would be scored by a model that learned it: --cross-set trains,
for each such file, a backstop on the other example files only (the honest figure for wordings
the model never saw). --rules-only scores the YAML rules alone.

Prints a confusion matrix (gold rows x predicted columns), the missed emergencies, the recall of
urgent-or-emergency messages flagged at least urgent and the share of routine messages escalated.
Exits 1 when a target is missed: no missed emergency, recall >= 99 %, routine escalated <= 5 %.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.triage import LEVELS, Engine, load_rules  # noqa: E402
from bot.triage.backstop import read_examples, train  # noqa: E402

EXAMPLES = ROOT / "bot" / "triage" / "examples"
DEFAULT = EXAMPLES / "triage_dev.jsonl"
RANK = {level: i for i, level in enumerate(LEVELS)}
MIN_RECALL = 0.99
MAX_ROUTINE_ESCALATED = 0.05


def load(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    row = json.loads(line)
                    row["_where"] = f"{path.name}:{number}"
                    row["_file"] = path.resolve()
                    rows.append(row)
    return rows


def engines_for(rows: list[dict], mode: str) -> dict[Path, Engine]:
    """The engine that scores each file (see the module docstring)."""
    rules = load_rules()
    default = Engine(rules, backstop=None) if mode == "rules-only" else Engine(rules)
    out: dict[Path, Engine] = {}
    examples = sorted(p.resolve() for p in EXAMPLES.glob("*.jsonl"))
    for path in sorted({row["_file"] for row in rows}):
        if mode == "cross-set" and path in examples:
            others = read_examples([p for p in examples if p != path])
            out[path] = Engine(rules, backstop=train(others))
        else:
            out[path] = default
    return out


def evaluate(rows: list[dict], show_errors: bool, mode: str = "engine") -> dict:
    matrix = {g: {p: 0 for p in LEVELS} for g in LEVELS}
    missed_emergencies = []
    errors = []
    engines = engines_for(rows, mode)
    for row in rows:
        gold = row["level"]
        result = engines[row["_file"]].assess(row["text"])
        matrix[gold][result.level] += 1
        if gold == "emergency" and result.level != "emergency":
            missed_emergencies.append((row, result))
        if gold != result.level:
            errors.append((row, result))
    flagged_gold = sum(matrix[g][p] for g in ("urgent", "emergency") for p in LEVELS)
    raised = ("urgent", "emergency")
    flagged_hit = sum(matrix[g][p] for g in raised for p in raised)
    routine_total = sum(matrix["routine"].values())
    routine_up = matrix["routine"]["urgent"] + matrix["routine"]["emergency"]
    recall = flagged_hit / flagged_gold if flagged_gold else 1.0
    escalated = routine_up / routine_total if routine_total else 0.0
    print(f"{len(rows)} messages\n")
    print("gold \\ predicted " + "".join(f"{p:>11}" for p in LEVELS))
    for g in LEVELS:
        print(f"{g:<17}" + "".join(f"{matrix[g][p]:>11}" for p in LEVELS))
    print()
    print(f"missed emergencies: {len(missed_emergencies)}")
    for row, result in missed_emergencies:
        print(f"  {row['_where']}: predicted {result.level}: {row['text'][:120]}")
    print(f"urgent-or-emergency flagged >= urgent: {recall:.1%} ({flagged_hit}/{flagged_gold})")
    print(f"routine escalated: {escalated:.1%} ({routine_up}/{routine_total})")
    if show_errors:
        print("\nall disagreements:")
        for row, result in errors:
            print(
                f"  {row['_where']}: gold {row['level']} predicted {result.level} "
                f"[{result.reason}] {row['text'][:140]}"
            )
    ok = not missed_emergencies and recall >= MIN_RECALL and escalated <= MAX_ROUTINE_ESCALATED
    print("\ntargets met" if ok else "\nTARGETS MISSED")
    return {
        "ok": ok,
        "recall": recall,
        "routine_escalated": escalated,
        "missed_emergencies": len(missed_emergencies),
        "matrix": matrix,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--rules-only", action="store_true", help="the YAML rules without the backstop"
    )
    how.add_argument(
        "--cross-set",
        action="store_true",
        help="score each example file by a backstop not trained on it",
    )
    args = parser.parse_args(argv)
    mode = "rules-only" if args.rules_only else "cross-set" if args.cross_set else "engine"
    result = evaluate(load(args.files), args.errors, mode)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""Measure the intent classifier: 5-fold cross-validation on the training data and accuracy on
the held-out set (tests/data/nlu_heldout.yml, never trained on). Prints the figures the README
reports.

    .venv/bin/python scripts/nlu_eval.py [--skip-cv]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).parent / "rasa")


def report(path: Path) -> dict:
    return json.loads(path.read_text())


def summarise(name: str, rep: dict) -> None:
    per_intent = {k: v for k, v in rep.items() if isinstance(v, dict) and "f1-score" in v
                  and k not in ("macro avg", "weighted avg", "micro avg")}
    weakest = sorted(per_intent.items(), key=lambda kv: kv[1]["f1-score"])[:5]
    print(f"{name}: accuracy {rep.get('accuracy', float('nan')):.3f}, "
          f"macro-F1 {rep['macro avg']['f1-score']:.3f}, "
          f"weighted-F1 {rep['weighted avg']['f1-score']:.3f}")
    print("  weakest: " + ", ".join(f"{k} {v['f1-score']:.2f}" for k, v in weakest))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-cv", action="store_true")
    args = parser.parse_args()
    out = ROOT / "results"
    subprocess.run(  # noqa: S603
        [RASA, "test", "nlu", "--nlu", "tests/data/nlu_heldout.yml", "--model",
         "models/current.tar.gz", "--out", str(out / "heldout"), "--quiet"],
        cwd=ROOT, check=True,
    )
    summarise("held-out set", report(out / "heldout" / "intent_report.json"))
    if not args.skip_cv:
        subprocess.run(  # noqa: S603
            [RASA, "test", "nlu", "--nlu", "data/nlu", "--config", "config.yml",
             "--cross-validation", "--folds", "5", "--out", str(out / "cv"), "--quiet"],
            cwd=ROOT, check=True,
        )
        summarise("5-fold cross-validation", report(out / "cv" / "intent_report.json"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

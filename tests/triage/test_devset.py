"""The whole development set meets the product targets."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bot.triage import assess

DEV = Path(__file__).resolve().parents[2] / "bot" / "triage" / "examples" / "triage_dev.jsonl"
RANK = {"routine": 0, "urgent": 1, "emergency": 2}


def test_dev_set_targets() -> None:
    rows = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) >= 400
    levels = Counter(r["level"] for r in rows)
    assert levels["emergency"] / len(rows) >= 0.25 and levels["routine"] / len(rows) >= 0.35
    predicted = [(r, assess(r["text"]).level) for r in rows]
    missed = [r["text"] for r, p in predicted if r["level"] == "emergency" and p != "emergency"]
    assert missed == []
    flagged = [(r, p) for r, p in predicted if r["level"] != "routine"]
    recall = sum(RANK[p] >= 1 for _r, p in flagged) / len(flagged)
    assert recall >= 0.99
    routine = [p for r, p in predicted if r["level"] == "routine"]
    assert sum(p != "routine" for p in routine) / len(routine) <= 0.05

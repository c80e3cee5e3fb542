"""Evaluate the whole assistant's decision on labelled messages: the trained model's intent and
the level the assistant acts on (red-flag engine + intent floor, ``bot.safety.decide``).

    .venv/bin/python scripts/system_eval.py [FILE.jsonl ...]   (default: tests/data/heldout.jsonl)
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEVELS = ("routine", "urgent", "emergency")


def main(paths: list[str]) -> int:
    from rasa.core.agent import Agent

    from bot.safety import decide

    agent = Agent.load(str(ROOT / "models" / "current.tar.gz"))
    ok = True
    for path in paths or [str(ROOT / "tests" / "data" / "heldout.jsonl")]:
        rows = [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]

        async def parse_all(rows: list[dict] = rows) -> list[dict]:
            return [await agent.parse_message(r["text"]) for r in rows]

        parsed = asyncio.run(parse_all())
        engine_conf: Counter[tuple[str, str]] = Counter()
        system_conf: Counter[tuple[str, str]] = Counter()
        intent_ok = 0
        missed = []
        for row, p in zip(rows, parsed, strict=True):
            intent_ok += p["intent"]["name"] == row["intent"]
            engine_conf[(row["level"], p["triage"]["level"])] += 1
            level = decide(p).level
            system_conf[(row["level"], level)] += 1
            if row["level"] == "emergency" and level != "emergency":
                missed.append(row["text"])
        print(f"\n== {path}: {len(rows)} messages; intent accuracy {intent_ok / len(rows):.3f}")
        for name, conf in (("red-flag engine alone", engine_conf), ("assistant", system_conf)):
            red = sum(v for (g, _), v in conf.items() if g != "routine")
            flagged = sum(v for (g, p), v in conf.items() if g != "routine" and p != "routine")
            routine = sum(v for (g, _), v in conf.items() if g == "routine")
            over = sum(v for (g, p), v in conf.items() if g == "routine" and p != "routine")
            miss = sum(v for (g, p), v in conf.items() if g == "emergency" and p != "emergency")
            print(f"  {name}: missed emergencies {miss}; red flags flagged "
                  f"{flagged}/{red} ({flagged / max(red, 1):.1%}); routine escalated "
                  f"{over}/{routine} ({over / max(routine, 1):.1%})")
            print("    gold\\pred " + " ".join(f"{lv:>9}" for lv in LEVELS))
            for g in LEVELS:
                print(f"    {g:>9} " + " ".join(f"{conf[(g, p)]:>9}" for p in LEVELS))
        for text in missed:
            print(f"  missed emergency: {text[:100]}")
        ok = ok and not missed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Per-message cost of the project's own NLU components inside Rasa's pipeline.

Prints the added latency per turn of the red-flag extractor (target: under 2 ms), the number
entity extractor and a whole NLU parse, measured in-process over the development-set messages.

    .venv/bin/python scripts/bench_nlu_components.py
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.number_extractor import NumberEntityExtractor
    from bot.nlu.red_flag_extractor import RedFlagExtractor

    dev = ROOT / "bot" / "triage" / "examples" / "triage_dev.jsonl"
    texts = [json.loads(line)["text"] for line in dev.read_text().splitlines() if line]
    red_flags = RedFlagExtractor()
    numbers = NumberEntityExtractor()
    red_flags.process([Message(data={"text": "warm up"})])

    def per_message(component: object) -> list[float]:
        times = []
        for text in texts:
            message = Message(data={"text": text})
            start = time.perf_counter()
            component.process([message])  # type: ignore[attr-defined]
            times.append((time.perf_counter() - start) * 1000)
        return times

    agent = Agent.load(str(ROOT / "models" / "current.tar.gz"))

    async def parse_times() -> list[float]:
        times = []
        for text in texts:
            start = time.perf_counter()
            await agent.parse_message(text)
            times.append((time.perf_counter() - start) * 1000)
        return times

    asyncio.run(parse_times())  # warm-up
    rows = [("red-flag extractor", per_message(red_flags)),
            ("number entity extractor", per_message(numbers)),
            ("whole NLU parse", asyncio.run(parse_times()))]
    print(f"{len(texts)} messages")
    for name, times in rows:
        times.sort()
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
        print(f"{name:<24} mean {statistics.mean(times):6.2f} ms   p50 {p50:6.2f} ms"
              f"   p95 {p95:6.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

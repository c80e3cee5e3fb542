#!/usr/bin/env python
"""Messages per second for ``bot.triage.assess`` alone, on one core, over the dev set messages.

python scripts/bench_triage.py [--calls 20000] [FILE.jsonl]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.triage import assess  # noqa: E402

DEFAULT = ROOT / "bot" / "triage" / "examples" / "triage_dev.jsonl"
TARGET = 5000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="benchmark bot.triage.assess")
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args(argv)
    with open(args.file, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    for text in texts:  # warm up: build the engine, fill caches
        assess(text)
    calls = max(args.calls, len(texts))
    start, cpu_start = time.perf_counter(), time.process_time()
    for i in range(calls):
        assess(texts[i % len(texts)])
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    rate = calls / elapsed
    mean_chars = sum(map(len, texts)) / len(texts)
    print(
        f"{calls} calls over {len(texts)} messages (mean {mean_chars:.0f} chars): "
        f"{rate:,.0f} messages/s, {1e6 / rate:.0f} µs/message (target >= {TARGET:,}/s)"
    )
    # on a shared, busy machine wall time includes waiting for a core; CPU time does not
    print(f"CPU time: {calls / cpu:,.0f} messages/s, {1e6 * cpu / calls:.0f} µs/message")
    return 0


if __name__ == "__main__":
    sys.exit(main())

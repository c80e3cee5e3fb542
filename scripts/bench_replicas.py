#!/usr/bin/env python
"""REST turn latency and throughput on the scale-out layout: 1 and then 2 Rasa server replicas
on PostgreSQL (tracker store, app database) and Redis (lock store), one action server, behind
the round-robin proxy of tests/scaleout (everything on loopback, deploy/endpoints.production.yml).

    .venv/bin/python scripts/bench_replicas.py [--replicas 1 2] [--concurrency 1 8 32]

Saves docs/benchmarks-replicas.json and re-renders docs/benchmarks.md with its section.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import Bench, FakeTwilio, Level, render  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--turns", type=int, default=240)
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    from tests.scaleout.cluster import cluster

    rows: list[tuple[int, Level, float]] = []
    for n in args.replicas:
        with cluster(replicas=n) as c:
            bench = Bench(c.proxy_url, FakeTwilio(), c.database_url, [])
            bench.run("rest", 4, 40)  # warm-up
            for conc in args.concurrency:
                level = bench.run("rest", conc, max(args.turns, 4 * conc))
                load = os.getloadavg()[0]
                rows.append((n, level, load))
                print(f"  {n} replica(s) x{conc:<3} {level.turns} turns {level.errors} errors "
                      f"p50 {level.p50:.1f} p95 {level.p95:.1f} p99 {level.p99:.1f} ms "
                      f"{level.tps:.1f} turns/s (load {load:.1f})", flush=True)
    out = Path(args.out)
    saved = out.with_name("benchmarks-replicas.json")
    saved.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "rows": [{"replicas": n, "load": load, **vars(lv)} for n, lv, load in rows],
    }, indent=1))
    results = out.with_name("benchmarks.json")
    if results.exists():
        print(render(out, results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

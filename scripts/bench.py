"""Benchmark the running assistant: start-up time, resident memory, REST turn latency.

Starts the real Rasa server and action server (the same ``Stack`` as ``make run``) on free
loopback ports with a temporary tracker store, then sends patient messages through the REST
channel, sequentially and from several concurrent conversations. Prints the figures and writes
them to docs/benchmarks.md.

    .venv/bin/python scripts/bench.py [--turns 400] [--concurrency 1 8 32]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.supervisor import Stack, StackConfig, free_port  # noqa: E402

MESSAGES = [
    "is it normal to be sore where they went in",
    "my legs feel numb since yesterday",
    "when can i drive",
    "there is a little swelling by the cut",
    "how long until i feel normal",
    "pain is a 3 today",
    "thanks!",
    "what did they actually do in the procedure",
    "when is my follow up",
    "can i take tylenol",
]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB (from /proc)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_turns(url: str, conversations: int, turns: int) -> tuple[list[float], int, float]:
    """Send ``turns`` messages spread over ``conversations`` concurrent senders."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_sender = max(1, turns // conversations)

    def worker(index: int) -> None:
        nonlocal errors
        session = requests.Session()
        sender = f"bench-{conversations}-{index}-{secrets.token_hex(3)}"
        for i in range(per_sender):
            text = MESSAGES[(index + i) % len(MESSAGES)]
            start = time.perf_counter()
            try:
                resp = session.post(url, json={"sender": sender, "message": text}, timeout=30)
                ok = resp.status_code == 200 and bool(resp.json())
            except requests.RequestException:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if ok:
                    latencies.append(elapsed)
                else:
                    errors += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(conversations)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--model", default=str(ROOT / "models" / "current.tar.gz"))
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="bench-"))
    token = secrets.token_urlsafe(16)
    env = {"DATABASE_URL": f"sqlite:///{var_dir / 'app.db'}", "RASA_TOKEN": token,
           "RECOVERY_BOT_ENV_FILE": str(var_dir / "none.env")}
    os.environ.update(env)
    from bot.supervisor import _prepare_app_database

    _prepare_app_database()
    cfg = StackConfig(rasa_port=free_port(), action_port=free_port(), var_dir=var_dir,
                      rasa_token=token, model=Path(args.model), extra_env=env,
                      with_dashboard=False, with_scheduler=False, log_dir=var_dir / "logs")
    stack = Stack(cfg)
    started = time.perf_counter()
    stack.start(timeout=300)
    startup = time.perf_counter() - started
    url = f"http://127.0.0.1:{cfg.rasa_port}/webhooks/rest/webhook"
    rasa_proc = next(s for s in stack.services if s.name == "rasa server").process
    assert rasa_proc is not None
    results: list[dict[str, float]] = []
    try:
        run_turns(url, 4, 40)  # warm-up: first-turn caches, tracker tables
        for conc in args.concurrency:
            lat, errors, wall = run_turns(url, conc, args.turns)
            results.append({
                "concurrency": conc, "turns": len(lat), "errors": errors,
                "p50": statistics.median(lat), "p95": percentile(lat, 95),
                "p99": percentile(lat, 99), "tps": len(lat) / wall,
            })
        memory = rss_mb(rasa_proc.pid)
    finally:
        stack.stop()

    lines = [
        "## Turn latency through the REST channel",
        "",
        "Action server and SQL tracker store in the loop.",
        "",
        f"Rasa server start-up (process start to healthy, action server in parallel): "
        f"**{startup:.1f} s**; Rasa server resident memory after the run: **{memory:.0f} MB**.",
        "",
        "| concurrent conversations | turns | errors | p50 ms | p95 ms | p99 ms | turns/s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['concurrency']:.0f} | {r['turns']:.0f} | {r['errors']:.0f} | {r['p50']:.1f} |"
            f" {r['p95']:.1f} | {r['p99']:.1f} | {r['tps']:.1f} |"
        )
    report = "\n".join(lines) + "\n"
    print(report)
    print(json.dumps({"startup_s": startup, "rss_mb": memory, "results": results}))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    header = f"# Benchmarks\n\nMeasured on this machine ({os.cpu_count()} cores), `make bench`.\n\n"
    out.write_text(header + report)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Benchmark the nurse queue: page load with 1,000 open escalations, and red flag → API latency.

Runs against a throwaway SQLite database by default (``--database-url`` for another one, which
must be empty or disposable), serves the real dashboard with waitress on a free loopback port
and measures over HTTP, as a nurse's browser or an integration would.

    .venv/bin/python scripts/bench_queue.py [--open 1000] [--samples 20] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(pct / 100 * (len(ordered) - 1))), len(ordered) - 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--open", type=int, default=1000, help="open escalations in the queue")
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="run against a throwaway PostgreSQL cluster (tests/pg.py)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.postgres and not args.database_url:
        from tests.pg import create_database, postgres_server

        with postgres_server() as server:
            args.database_url = create_database(server)
            return run(args)
    return run(args)


def run(args: argparse.Namespace) -> int:

    workdir = tempfile.mkdtemp(prefix="bench-queue-")
    url = args.database_url or f"sqlite:///{workdir}/bench.db"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("RECOVERY_BOT_ENV_FILE", str(Path(workdir) / "no.env"))
    logging_quiet()

    import requests
    from waitress.server import create_server

    from bot.dashboard import create_app
    from bot.escalations import EscalationRequest, raise_escalation
    from bot.store import audit, db
    from bot.store import nurses as nurse_store
    from bot.store import patients as patient_store
    from bot.store import tokens as token_store

    db.upgrade(url)
    engine = db.get_engine(url)
    system = audit.Actor.system("bench")
    password = "bench password 1"  # noqa: S105 - throwaway benchmark account
    with db.transaction(engine, write=True) as s:
        nurse_store.add(
            s,
            system,
            email="bench@example.org",
            name="Bench",
            password=password,
            must_change_password=False,  # signs in straight to the queue it measures
        )
        _, token = token_store.create(s, system, "bench")
        patient_ids = [
            patient_store.enroll(
                s,
                system,
                name=f"Patient {i:04d}",
                phone=f"+1555300{i:04d}",
                procedure_date="2025-01-01",
            ).id
            for i in range(200)
        ]

    severities = ("routine", "urgent", "emergency")
    excerpt = "my back hurts and I have a fever of 101 since last night"
    findings = [{"id": "fever", "level": "urgent", "label": "Fever", "start": 31, "end": 45}]
    t0 = time.perf_counter()
    for i in range(args.open):
        sender = str(patient_ids[i]) if i < len(patient_ids) else f"unknown-{i}"
        raise_escalation(
            EscalationRequest(
                severities[i % 3], sender, "sms", "Fever 101 F", excerpt=excerpt, findings=findings
            )
        )
    fill_seconds = time.perf_counter() - t0

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "RASA_URL": "http://127.0.0.1:9"})
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        nurse = requests.Session()
        login = nurse.get(f"{base}/login", timeout=10)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
        assert csrf, "no CSRF token on the login page"
        nurse.post(
            f"{base}/login",
            data={"email": "bench@example.org", "password": password, "csrf_token": csrf.group(1)},
            timeout=10,
        )

        page_times, json_times = [], []
        for _ in range(args.samples):
            t = time.perf_counter()
            page = nurse.get(f"{base}/", timeout=30)
            page_times.append(time.perf_counter() - t)
            assert page.status_code == 200 and page.text.count("data-id=") == args.open
            t = time.perf_counter()
            assert nurse.get(f"{base}/queue.json", timeout=30).json()["count"] == args.open
            json_times.append(time.perf_counter() - t)

        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        latencies = []
        for i in range(args.samples):
            t = time.perf_counter()
            result = raise_escalation(
                EscalationRequest(
                    "emergency", f"latency-{i}", "sms", "Leg weakness", excerpt="legs weak"
                )
            )
            while True:
                rows = api.get(f"{base}/api/escalations?status=open&limit=50", timeout=10).json()
                if any(r["id"] == result.escalation_id for r in rows):
                    break
            latencies.append(time.perf_counter() - t)
    finally:
        server.close()

    report = {
        "backend": engine.dialect.name,
        "open_escalations": args.open,
        "fill_seconds": round(fill_seconds, 2),
        "record_per_second": round(args.open / fill_seconds, 1),
        "queue_page_median_s": round(statistics.median(page_times), 3),
        "queue_page_p95_s": round(_percentile(page_times, 95), 3),
        "queue_json_median_s": round(statistics.median(json_times), 3),
        "raise_to_api_median_s": round(statistics.median(latencies), 3),
        "raise_to_api_max_s": round(max(latencies), 3),
        "dashboard_poll_interval_s": app.config["QUEUE_POLL_SECONDS"],
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"backend: {report['backend']}, {args.open} open escalations "
            f"(stored in {report['fill_seconds']} s, {report['record_per_second']}/s)"
        )
        print(
            f"queue page load: median {report['queue_page_median_s']} s, "
            f"p95 {report['queue_page_p95_s']} s; queue.json median "
            f"{report['queue_json_median_s']} s"
        )
        print(
            f"raise_escalation -> visible in /api/escalations: median "
            f"{report['raise_to_api_median_s']} s, max {report['raise_to_api_max_s']} s "
            f"(the open queue page polls every {report['dashboard_poll_interval_s']} s)"
        )
    return 0


def logging_quiet() -> None:
    import logging

    logging.basicConfig(level=logging.WARNING)
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


if __name__ == "__main__":
    sys.exit(main())

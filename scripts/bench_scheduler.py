"""Benchmark: the scheduler's sweep with 10,000 enrolled patients.

Builds a fresh, migrated app database (SQLite by default; ``--postgres`` for a throwaway
PostgreSQL cluster via tests/pg.py), enrolls N patients with procedure dates spread over the last
30 days, then times with a manual clock and an in-process trigger (no HTTP, so the figure is the
scheduler's own database work):

- the first sweep, which builds every patient's schedule (N x 5 check-ins);
- a steady-state sweep with nothing due;
- a sweep at 10:00 New York time, when that day's check-ins fall due and are claimed and sent;
- the escalation follow-through sweep.

    .venv/bin/python scripts/bench_scheduler.py [--patients 10000] [--postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")


class CountingTrigger:
    def __init__(self) -> None:
        self.count = 0

    def trigger(
        self, conversation_id: str, intent: str, entities: dict[str, Any], output_channel: str
    ) -> None:
        self.count += 1

    def delivered(self, conversation_id: str, checkin_id: int) -> bool | None:
        return False


@contextlib.contextmanager
def database(postgres: bool) -> Iterator[str]:
    if not postgres:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    from tests.pg import create_database, drop_database, postgres_server

    with postgres_server() as server:
        url = create_database(server)
        try:
            yield url
        finally:
            from bot.store import db

            db.dispose_all()
            drop_database(server, url)


def enroll_many(url: str, n: int, today: dt.date) -> None:
    from sqlalchemy import insert

    from bot.store import db
    from bot.store.models import Patient

    now = db.utcnow()
    rows = [
        {
            "name": f"Patient {i}",
            "phone": f"+1617{2000000 + i:07d}",
            "procedure_date": today - dt.timedelta(days=i % 30),
            "clinician": "",
            "preferred_channel": "sms" if i % 3 else "webchat",
            "timezone": ("America/New_York", "America/Chicago", "America/Los_Angeles")[i % 3],
            "opted_out": i % 50 == 0,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(n)
    ]
    with db.transaction(db.get_engine(url), write=True) as s:
        s.execute(insert(Patient), rows)


def timed(label: str, fn: Any) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"  {label:<52} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    from bot.scheduler.checkins import sweep_checkins
    from bot.scheduler.clock import ManualClock
    from bot.scheduler.delivery import OnCallNotifier
    from bot.scheduler.followthrough import sweep_escalations
    from bot.scheduler.plan import load_plan
    from bot.store import db

    plan = load_plan()
    today = dt.date(2026, 3, 16)
    with database(args.postgres) as url:
        db.upgrade(url)
        engine = db.get_engine(url)
        enroll_many(url, args.patients, today)
        backend = engine.dialect.name
        print(f"scheduler sweep, {args.patients:,} enrolled patients, {backend}")
        trigger = CountingTrigger()
        clock = ManualClock(dt.datetime(2026, 3, 16, 12))  # 08:00 in New York: nothing due

        def first() -> Any:
            total = 0
            while True:  # the sweep builds up to 2,000 schedules per pass
                result = sweep_checkins(engine, plan, clock, trigger, "bench")
                total += result.scheduled
                if result.scheduled == 0:
                    return total

        scheduled = timed("first sweeps (build every schedule)", first)
        timed(
            "steady-state sweep, nothing due",
            lambda: sweep_checkins(engine, plan, clock, trigger, "bench"),
        )
        clock.set(dt.datetime(2026, 3, 16, 14, 1))  # 10:01 New York
        result = timed(
            "sweep at 10:01 New York (check-ins fall due)",
            lambda: sweep_checkins(engine, plan, clock, trigger, "bench"),
        )
        timed(
            "steady-state sweep right after",
            lambda: sweep_checkins(engine, plan, clock, trigger, "bench"),
        )
        timed(
            "escalation follow-through sweep",
            lambda: sweep_escalations(
                engine, plan, clock, OnCallNotifier(send_sms=lambda to, body: None), "bench"
            ),
        )
        with db.transaction(engine) as s:
            from sqlalchemy import func, select

            from bot.store.checkins import Checkin

            rows = s.execute(select(func.count()).select_from(Checkin)).scalar_one()
        print(
            f"  ({scheduled:,} schedules, {rows:,} check-in rows; sent {len(result.sent)} "
            f"at 10:01, skipped {result.skipped} opted out; {trigger.count} triggers total)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The scheduler process (``recovery-bot scheduler``, started by ``make run``).

APScheduler 3 drives two interval jobs in one process: the check-in sweep (every
``SCHEDULER_SWEEP_SECONDS``) and the escalation follow-through (every ``SCHEDULER_ALERT_SECONDS``,
so an emergency reaches the on-call clinician within seconds). Its job store is in memory on
purpose: the schedule itself lives in the app database, so a restart loses nothing, and no job
store is ever shared between scheduler processes. ``max_instances=1`` keeps a slow sweep from
overlapping itself; the database claims keep overlapping processes safe anyway.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from bot.scheduler.checkins import SweepResult, sweep_checkins, worker_id
from bot.scheduler.clock import Clock, SystemClock
from bot.scheduler.delivery import OnCallNotifier, RasaTrigger, Trigger
from bot.scheduler.followthrough import AlertResult, sweep_escalations
from bot.scheduler.plan import Plan, load_plan

logger = logging.getLogger(__name__)


@dataclass
class Scheduler:
    """Everything one sweep needs; ``run_*`` are what the APScheduler jobs call."""

    engine: Engine
    plan: Plan
    trigger: Trigger
    notifier: OnCallNotifier
    clock: Clock
    worker: str
    sla_minutes: int = 30
    dashboard_url: str = ""

    def run_checkins(self) -> SweepResult:
        return sweep_checkins(self.engine, self.plan, self.clock, self.trigger, self.worker)

    def run_alerts(self) -> AlertResult:
        return sweep_escalations(
            self.engine,
            self.plan,
            self.clock,
            self.notifier,
            self.worker,
            sla_minutes=self.sla_minutes,
            dashboard_url=self.dashboard_url,
        )


def from_settings(clock: Clock | None = None) -> Scheduler:
    """A scheduler wired from ``bot.config`` settings (refuses an out-of-date schema)."""
    from bot.config import get_settings
    from bot.store import db

    settings = get_settings()
    engine = db.get_engine(settings.database_url)
    db.check_schema(engine)
    return Scheduler(
        engine=engine,
        plan=load_plan(),  # ContentError with the file and entry if the plan is broken
        trigger=RasaTrigger(settings.rasa_url, settings.rasa_token),
        notifier=OnCallNotifier(settings.on_call_number, settings.on_call_webhook_url),
        clock=clock or SystemClock(),
        worker=worker_id(),
        sla_minutes=settings.urgent_sla_minutes,
        dashboard_url=settings.dashboard_url or f"http://{settings.host}:{settings.dashboard_port}",
    )


def _guarded(name: str, job: Any) -> Any:
    def run() -> None:
        try:
            job()
        except Exception:  # keep the process alive; the next run retries from the database
            logger.exception("%s failed; it runs again at the next interval", name)

    run.__name__ = name
    return run


def build_apscheduler(
    sched: Scheduler, sweep_seconds: int, alert_seconds: int, background: bool = False
) -> Any:
    """The APScheduler instance with both jobs (first runs immediately)."""
    import datetime as dt

    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    cls = BackgroundScheduler if background else BlockingScheduler
    aps = cls(
        executors={"default": ThreadPoolExecutor(2)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone="UTC",
    )
    start = dt.datetime.now(dt.timezone.utc)
    aps.add_job(
        _guarded("alerts", sched.run_alerts),
        "interval",
        seconds=alert_seconds,
        id="alerts",
        next_run_time=start,
    )
    aps.add_job(
        _guarded("checkins", sched.run_checkins),
        "interval",
        seconds=sweep_seconds,
        id="checkins",
        next_run_time=start,
    )
    return aps


def main() -> int:
    """Run until SIGTERM / Ctrl-C."""
    from bot.config import get_settings

    settings = get_settings()
    sched = from_settings()
    aps = build_apscheduler(
        sched, settings.scheduler_sweep_seconds, settings.scheduler_alert_seconds
    )
    if not sched.notifier.channels:
        logger.warning("no ON_CALL_NUMBER or ON_CALL_WEBHOOK_URL: on-call alerts are off")
    stopping = threading.Event()

    def _stop(_signum: int, _frame: Any) -> None:
        if not stopping.is_set():
            stopping.set()
            aps.shutdown(wait=False)

    signal.signal(signal.SIGTERM, _stop)
    logger.info(
        "scheduler %s: check-ins every %d s, alerts every %d s, plan %s",
        sched.worker,
        settings.scheduler_sweep_seconds,
        settings.scheduler_alert_seconds,
        sched.plan.version,
    )
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        aps.start()
    return 0

"""The check-in sweep: schedule new patients, send what is due, close what can no longer be sent.

Every step is a short transaction and every state change is conditional on the state it came
from, so two sweeps running at once (or a sweep and a crashed one's leftovers) never send a
check-in twice:

1. rebuild the schedules of new or edited patients (``schedule.sync_all``);
2. recover stale claims: a ``sending`` row whose sweep died mid-send is ``sent`` if Rasa's
   tracker holds its trigger, otherwise back to ``due`` (or ``missed`` if its window closed);
3. ``due`` rows whose window closed become ``missed``; ``sent`` rows with no answer after the
   plan's ``answer_hours`` become ``unanswered``;
4. each ``due`` row inside its window is claimed (``due → sending``), sent through Rasa's
   ``trigger_intent``, then marked ``sent`` (or released for a retry, or ``failed``).
   Opted-out patients' rows become ``skipped`` instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.scheduler import schedule
from bot.scheduler.clock import Clock
from bot.scheduler.delivery import DeliveryError, Trigger
from bot.scheduler.plan import Plan, zone
from bot.store import audit
from bot.store import checkins as store
from bot.store.checkins import Checkin
from bot.store.db import transaction
from bot.store.models import Patient

logger = logging.getLogger(__name__)

STALE_CLAIM_AFTER = dt.timedelta(minutes=5)  # longer than one trigger_intent may take
MAX_ATTEMPTS = 3
BATCH = 500
SYNC_CHUNK = 200  # patients whose schedules are rebuilt per transaction
SYNC_CHUNKS = 10  # per sweep
SCHEDULER = audit.Actor.system("scheduler")

INTENTS = {"checkin": "EXTERNAL_checkin", "followup": "EXTERNAL_followup_reminder"}


def worker_id() -> str:
    """Who holds a claim: host, process and a per-process counter-free id."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


@dataclass
class SweepResult:
    scheduled: int = 0
    sent: list[int] = field(default_factory=list)
    missed: int = 0
    unanswered: int = 0
    skipped: int = 0
    failed: int = 0
    retried: int = 0
    recovered: int = 0


@dataclass(frozen=True)
class DueItem:
    checkin_id: int
    patient_id: int
    kind: str
    day: int
    local_date: dt.date
    window_end_at: dt.datetime
    attempts: int
    opted_out: bool
    channel: str
    timezone: str
    followup_date: dt.date | None


def sweep_checkins(
    engine: Engine,
    plan: Plan,
    clock: Clock,
    trigger: Trigger,
    worker: str | None = None,
    batch: int = BATCH,
) -> SweepResult:
    """One pass over the schedule (see the module docstring); safe to run concurrently."""
    with keep_sqlite_open(engine):
        return _sweep(engine, plan, clock, trigger, worker or worker_id(), batch)


@contextlib.contextmanager
def keep_sqlite_open(engine: Engine) -> Iterator[None]:
    """Hold one idle connection for the duration of a sweep on SQLite.

    SQLAlchemy 1.4 gives file-based SQLite a NullPool: every short transaction opens the file
    again, and closing the last connection checkpoints the WAL (an fsync). An idle connection
    held open (no transaction, so it blocks nobody) makes each claim and update cheap.
    """
    if engine.dialect.name != "sqlite":
        yield
        return
    with engine.connect():
        yield


def _sweep(
    engine: Engine, plan: Plan, clock: Clock, trigger: Trigger, worker: str, batch: int
) -> SweepResult:
    result = SweepResult()
    now = clock.now()
    # Small transactions, so a bulk enrolment never holds SQLite's write lock for long.
    for _chunk in range(SYNC_CHUNKS):
        with transaction(engine, write=True) as s:
            synced = schedule.sync_all(s, plan, now, limit=SYNC_CHUNK)
        result.scheduled += synced
        if synced < SYNC_CHUNK:
            break
    result.recovered = _recover_stale(engine, clock, trigger)
    now = clock.now()
    with transaction(engine, write=True) as s:
        result.missed = _bulk_status(s, "due", "missed", Checkin.window_end_at <= now, now)
        cutoff = now - dt.timedelta(hours=plan.answer_hours)
        result.unanswered = _bulk_status(s, "sent", "unanswered", Checkin.sent_at <= cutoff, now)
    for item in _due(engine, now, batch):
        _send_one(engine, plan, clock, trigger, worker, item, result)
    if result.sent or result.missed or result.failed or result.recovered:
        logger.info(
            "check-in sweep: sent=%d missed=%d skipped=%d failed=%d recovered=%d",
            len(result.sent),
            result.missed,
            result.skipped,
            result.failed,
            result.recovered,
        )
    return result


def _bulk_status(s: Session, old: str, new: str, condition: Any, now: dt.datetime) -> int:
    res = s.execute(
        update(Checkin)
        .where(Checkin.status == old, condition)
        .values(status=new, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount or 0)


def _due(engine: Engine, now: dt.datetime, batch: int) -> list[DueItem]:
    with transaction(engine) as s:
        rows = s.execute(
            select(
                Checkin.id,
                Checkin.patient_id,
                Checkin.kind,
                Checkin.day,
                Checkin.local_date,
                Checkin.window_end_at,
                Checkin.attempts,
                Patient.opted_out,
                Patient.preferred_channel,
                Patient.timezone,
                Patient.followup_date,
            )
            .join(Patient, Patient.id == Checkin.patient_id)
            .where(Checkin.status == "due", Checkin.due_at <= now, Checkin.window_end_at > now)
            .order_by(Checkin.due_at, Checkin.id)
            .limit(batch)
        ).all()
    return [DueItem(*row) for row in rows]


def _send_one(
    engine: Engine,
    plan: Plan,
    clock: Clock,
    trigger: Trigger,
    worker: str,
    item: DueItem,
    result: SweepResult,
) -> None:
    now = clock.now()
    if item.opted_out:
        with transaction(engine, write=True) as s:
            done = s.execute(
                update(Checkin)
                .where(Checkin.id == item.checkin_id, Checkin.status == "due")
                .values(status="skipped", detail="patient opted out", updated_at=now)
                .execution_options(synchronize_session=False)
            ).rowcount
        result.skipped += int(done or 0)
        return
    local_now = _local(now, item.timezone)
    if plan.is_quiet(local_now.time()):
        return  # the window says yes but quiet hours say no: wait for a later sweep
    with transaction(engine, write=True) as s:
        if not store.claim(s, item.checkin_id, worker, now):
            return  # another sweep has it (or it changed since we listed it)
    entities: dict[str, object] = {"checkin_id": item.checkin_id, "checkin_day": item.day}
    if item.kind == "followup" and item.followup_date is not None:
        entities["followup_date"] = item.followup_date.isoformat()
    try:
        trigger.trigger(str(item.patient_id), INTENTS[item.kind], entities, item.channel)
    except DeliveryError as exc:
        _after_failure(engine, clock, worker, item, str(exc), result)
        return
    with transaction(engine, write=True) as s:
        if store.finish(s, item.checkin_id, worker, "sent", clock.now()):
            audit.write(
                s,
                SCHEDULER,
                f"{item.kind}.sent",
                "checkin",
                item.checkin_id,
                {"patient_id": item.patient_id, "day": item.day, "channel": item.channel},
            )
            result.sent.append(item.checkin_id)
        else:
            logger.warning("check-in %s: claim lost while sending", item.checkin_id)


def _local(now: dt.datetime, tz_name: str) -> dt.datetime:
    return now.replace(tzinfo=dt.timezone.utc).astimezone(zone(tz_name))


def _after_failure(
    engine: Engine, clock: Clock, worker: str, item: DueItem, error: str, result: SweepResult
) -> None:
    now = clock.now()
    attempts = item.attempts + 1
    retry = attempts < MAX_ATTEMPTS and item.window_end_at > now
    logger.warning(
        "check-in %s (patient %s) not delivered, attempt %d: %s",
        item.checkin_id,
        item.patient_id,
        attempts,
        error,
    )
    with transaction(engine, write=True) as s:
        if retry:
            s.execute(
                update(Checkin)
                .where(
                    Checkin.id == item.checkin_id,
                    Checkin.status == "sending",
                    Checkin.claimed_by == worker,
                )
                .values(status="due", detail=error[:200], updated_at=now)
                .execution_options(synchronize_session=False)
            )
            result.retried += 1
        elif store.finish(s, item.checkin_id, worker, "failed", now, error):
            audit.write(
                s,
                SCHEDULER,
                f"{item.kind}.failed",
                "checkin",
                item.checkin_id,
                {"patient_id": item.patient_id, "attempts": attempts},
            )
            result.failed += 1


def _recover_stale(engine: Engine, clock: Clock, trigger: Trigger) -> int:
    """Claims left by a sweep that died mid-send: ask Rasa whether the trigger arrived."""
    now = clock.now()
    with transaction(engine) as s:
        stale = [
            (c.id, c.patient_id, c.claimed_by, c.claimed_at, c.window_end_at, c.kind)
            for c in store.stale_claims(s, now - STALE_CLAIM_AFTER)
        ]
    recovered = 0
    for checkin_id, patient_id, claimed_by, claimed_at, window_end, kind in stale:
        delivered = trigger.delivered(str(patient_id), checkin_id)
        if delivered is None:
            continue  # Rasa can't say right now: leave the claim for the next sweep
        if delivered:
            new, values = "sent", {"sent_at": claimed_at}
        elif window_end > now:
            new, values = "due", {}
        else:
            new, values = "missed", {}
        with transaction(engine, write=True) as s:
            changed = s.execute(
                update(Checkin)
                .where(
                    Checkin.id == checkin_id,
                    Checkin.status == "sending",
                    Checkin.claimed_by == claimed_by,
                    Checkin.claimed_at == claimed_at,
                )
                .values(
                    status=new,
                    updated_at=now,
                    detail="recovered after an interrupted send",
                    **values,
                )
                .execution_options(synchronize_session=False)
            ).rowcount
            if changed:
                audit.write(
                    s,
                    SCHEDULER,
                    f"{kind}.recovered",
                    "checkin",
                    checkin_id,
                    {"patient_id": patient_id, "status": new},
                )
                recovered += 1
    return recovered

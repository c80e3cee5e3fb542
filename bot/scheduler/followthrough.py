"""Escalation follow-through: no emergency or urgent escalation waits unseen.

- An open **emergency** escalation alerts the on-call clinician at once (SMS and/or webhook).
- An **urgent** one still unclaimed ``urgent_sla_minutes`` after it became urgent is marked
  overdue (a ``queue`` notification the dashboard shows) and the on-call clinician is re-alerted.

Each alert is one ``notifications`` row whose unique key is the claim, so it is sent once even
with two sweeps at once. A failed send is retried on later sweeps (up to ``MAX_ATTEMPTS``) while
the escalation is still open; a claim left by a crashed sweep is retried after
``STALE_AFTER`` (an alert may then arrive twice: for an emergency, twice beats never).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import Engine

from bot.scheduler.clock import Clock
from bot.scheduler.delivery import DeliveryError, OnCallNotifier
from bot.scheduler.plan import Plan
from bot.store import audit
from bot.store import checkins as store
from bot.store.checkins import Notification
from bot.store.db import transaction
from bot.store.models import Escalation, EscalationMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
STALE_AFTER = dt.timedelta(minutes=2)
SCHEDULER = audit.Actor.system("scheduler")


@dataclass
class AlertResult:
    sent: list[str] = field(default_factory=list)  # notification keys
    failed: list[str] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)  # escalations newly marked overdue


@dataclass(frozen=True)
class Alert:
    key: str
    kind: str  # emergency | overdue
    channel: str
    escalation_id: int
    patient_id: int | None
    minutes: int


def overdue_key(escalation_id: int) -> str:
    return f"escalation:{escalation_id}:overdue"


def sweep_escalations(
    engine: Engine,
    plan: Plan,
    clock: Clock,
    notifier: OnCallNotifier,
    worker: str,
    sla_minutes: int = 30,
    dashboard_url: str = "",
) -> AlertResult:
    """Alert for new emergencies and overdue urgent escalations; retry failed alerts."""
    result = AlertResult()
    now = clock.now()
    alerts: list[Alert] = []
    with transaction(engine) as s:
        emergencies = s.execute(
            select(Escalation.id, Escalation.patient_id).where(
                Escalation.status == "open", Escalation.severity == "emergency"
            )
        ).all()
        urgent_since = (
            select(func.min(EscalationMessage.created_at))
            .where(
                EscalationMessage.escalation_id == Escalation.id,
                EscalationMessage.severity.in_(("urgent", "emergency")),
            )
            .scalar_subquery()
        )
        overdue = s.execute(
            select(Escalation.id, Escalation.patient_id, Escalation.created_at, urgent_since)
            .where(Escalation.status == "open", Escalation.severity == "urgent")
            .where(Escalation.created_at <= now - dt.timedelta(minutes=sla_minutes))
        ).all()
        ids = [row[0] for row in emergencies] + [row[0] for row in overdue]
        known = (
            set(
                s.execute(select(Notification.key).where(Notification.escalation_id.in_(ids)))
                .scalars()
                .all()
            )
            if ids
            else set()
        )
    for esc_id, patient_id in emergencies:
        for channel in notifier.channels:
            key = f"escalation:{esc_id}:emergency:{channel}"
            if key not in known:
                alerts.append(Alert(key, "emergency", channel, esc_id, patient_id, 0))
    for esc_id, patient_id, created_at, since in overdue:
        became_urgent = since or created_at
        minutes = int((now - became_urgent).total_seconds() // 60)
        if minutes < sla_minutes:
            continue  # it was routine until recently: the clock starts when it became urgent
        if overdue_key(esc_id) not in known:
            alerts.append(
                Alert(overdue_key(esc_id), "overdue", "queue", esc_id, patient_id, minutes)
            )
        for channel in notifier.channels:
            key = f"escalation:{esc_id}:overdue:{channel}"
            if key not in known:
                alerts.append(Alert(key, "overdue", channel, esc_id, patient_id, minutes))

    for alert in alerts:
        with transaction(engine, write=True) as s:
            note = store.claim_notification(
                s,
                alert.key,
                kind=alert.kind,
                channel=alert.channel,
                worker=worker,
                now=now,
                escalation_id=alert.escalation_id,
                patient_id=alert.patient_id,
            )
            if note is None:
                continue  # another sweep claimed it
            if alert.channel == "queue":
                note.status, note.sent_at = "sent", now
                audit.write(
                    s,
                    SCHEDULER,
                    "escalation.overdue",
                    "escalation",
                    alert.escalation_id,
                    {"minutes": alert.minutes},
                )
                result.overdue.append(alert.escalation_id)
                continue
            note_id = note.id
        _deliver(engine, plan, clock, notifier, alert, note_id, dashboard_url, result)

    _retry_failed(engine, plan, clock, notifier, worker, dashboard_url, result)
    return result


def _text(plan: Plan, alert: Alert, dashboard_url: str) -> str:
    link = f"{dashboard_url.rstrip('/')}/escalations/{alert.escalation_id}" if dashboard_url else ""
    key = "oncall_emergency" if alert.kind == "emergency" else "oncall_overdue"
    return plan.text(
        key,
        escalation_id=alert.escalation_id,
        patient_id=alert.patient_id if alert.patient_id is not None else "unknown",
        minutes=alert.minutes,
        dashboard_url=link,
    ).strip()


def _deliver(
    engine: Engine,
    plan: Plan,
    clock: Clock,
    notifier: OnCallNotifier,
    alert: Alert,
    note_id: int,
    dashboard_url: str,
    result: AlertResult,
) -> None:
    payload = {
        "event": f"escalation.{alert.kind}",
        "escalation_id": alert.escalation_id,
        "patient_id": alert.patient_id,
        "severity": "emergency" if alert.kind == "emergency" else "urgent",
        "minutes_waiting": alert.minutes,
    }
    error = ""
    try:
        notifier.send(alert.channel, _text(plan, alert, dashboard_url), payload)
    except DeliveryError as exc:
        error = str(exc)
    now = clock.now()
    with transaction(engine, write=True) as s:
        s.execute(
            update(Notification)
            .where(Notification.id == note_id, Notification.status == "sending")
            .values(
                status="failed" if error else "sent",
                sent_at=None if error else now,
                detail=error[:200],
            )
            .execution_options(synchronize_session=False)
        )
        audit.write(
            s,
            SCHEDULER,
            "oncall.alert_failed" if error else "oncall.alert",
            "escalation",
            alert.escalation_id,
            {"kind": alert.kind, "channel": alert.channel},
        )
    if error:
        logger.warning(
            "on-call %s alert for escalation %s failed: %s",
            alert.channel,
            alert.escalation_id,
            error,
        )
        result.failed.append(alert.key)
    else:
        logger.info(
            "on-call %s alert sent for escalation %s (%s)",
            alert.channel,
            alert.escalation_id,
            alert.kind,
        )
        result.sent.append(alert.key)


def _retry_failed(
    engine: Engine,
    plan: Plan,
    clock: Clock,
    notifier: OnCallNotifier,
    worker: str,
    dashboard_url: str,
    result: AlertResult,
) -> None:
    now = clock.now()
    with transaction(engine) as s:
        rows = s.execute(
            select(Notification, Escalation.created_at)
            .join(Escalation, Escalation.id == Notification.escalation_id)
            .where(Escalation.status == "open", Notification.attempts < MAX_ATTEMPTS)
            .where(Notification.channel.in_(notifier.channels or ("-",)))
            .where(
                or_(
                    Notification.status == "failed",
                    (Notification.status == "sending")
                    & (Notification.claimed_at < now - STALE_AFTER),
                )
            )
        ).all()
    for note, created_at in rows:
        if note.key in result.failed:
            continue  # failed in this very sweep: try again next time
        with transaction(engine, write=True) as s:
            taken = s.execute(
                update(Notification)
                .where(
                    Notification.id == note.id,
                    Notification.status == note.status,
                    Notification.attempts == note.attempts,
                )
                .values(
                    status="sending", attempts=note.attempts + 1, claimed_by=worker, claimed_at=now
                )
                .execution_options(synchronize_session=False)
            ).rowcount
        if not taken:
            continue
        minutes = int((now - created_at).total_seconds() // 60)
        alert = Alert(
            note.key, note.kind, note.channel, note.escalation_id, note.patient_id, minutes
        )
        _deliver(engine, plan, clock, notifier, alert, note.id, dashboard_url, result)

"""Escalations: the queue nurses work. ``record`` is the one write path from the action server.

A sender has at most one open (``open`` or ``claimed``) escalation; later red-flag messages are
appended to it as ``EscalationMessage`` rows and can only raise its severity. Race-safety comes
from the database: a partial unique index on open escalations per sender, ``SELECT … FOR UPDATE``
on PostgreSQL and ``BEGIN IMMEDIATE`` on SQLite, and a retry when a concurrent insert wins.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, lazyload, selectinload

from bot.phone import InvalidPhone, normalize_phone
from bot.store import audit
from bot.store.db import get_engine, transaction, utcnow
from bot.store.models import (
    OPEN_STATUSES,
    OUTCOMES,
    SEVERITIES,
    Escalation,
    EscalationMessage,
    EscalationNote,
    Nurse,
)
from bot.store.patients import for_sender

if TYPE_CHECKING:
    from bot.escalations import EscalationRequest, EscalationResult

logger = logging.getLogger(__name__)

MAX_EXCERPT = 2000
MAX_REASON = 500
MAX_NOTE = 4000
RECORD_ATTEMPTS = 6
ACTION_SERVER = audit.Actor.system("action-server")

SEVERITY_ORDER = case(
    {name: rank for rank, name in enumerate(SEVERITIES)}, value=Escalation.severity, else_=-1
)


class EscalationError(ValueError):
    """A nurse action that cannot apply (already claimed, resolved, bad outcome); safe to show."""


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity)


def _clean_findings(findings: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    # Round-trip through JSON so the stored value is plain data whatever the caller passed.
    data = json.loads(json.dumps(list(findings or []), default=str))
    return [f for f in data if isinstance(f, dict)]


def _clean_callback(number: str | None) -> str | None:
    if not number:
        return None
    try:
        return normalize_phone(number)
    except InvalidPhone:
        return number.strip()[:32] or None


# --- the write path from the action server ----------------------------------------------------


def record(request: EscalationRequest, url: str | None = None) -> EscalationResult:
    """Open an escalation for ``request.sender_id`` or merge into the sender's open one."""
    engine = get_engine(url)
    for attempt in range(1, RECORD_ATTEMPTS + 1):
        try:
            with transaction(engine, write=True) as session:
                return _record(session, request)
        except IntegrityError:
            # Another worker opened this sender's escalation between our SELECT and INSERT:
            # the partial unique index refused ours, so retry and merge into theirs.
            if attempt == RECORD_ATTEMPTS:
                raise
            logger.debug("escalation insert raced for sender %s; retrying", request.sender_id)
    raise AssertionError("unreachable")


def _record(session: Session, request: EscalationRequest) -> EscalationResult:
    from bot.escalations import EscalationResult

    now = utcnow()
    excerpt = (request.excerpt or "")[:MAX_EXCERPT]
    findings = _clean_findings(request.findings)
    reason = (request.reason or "")[:MAX_REASON]
    existing = session.execute(
        select(Escalation)
        .options(lazyload("*"))
        .where(Escalation.sender_id == request.sender_id)
        .where(Escalation.status.in_(OPEN_STATUSES))
        .with_for_update()
    ).scalar_one_or_none()

    if existing is None:
        patient = for_sender(session, request.sender_id)
        esc = Escalation(
            severity=request.severity,
            status="open",
            kind=request.kind,
            reason=reason,
            excerpt=excerpt,
            findings=findings,
            sender_id=request.sender_id,
            channel=request.channel or "",
            patient_id=patient.id if patient else None,
            callback_number=_clean_callback(request.callback_number),
            callback_window=(request.callback_window or None),
            message_count=1,
            created_at=now,
            updated_at=now,
        )
        session.add(esc)
        session.flush()  # the partial unique index fires here when another worker won
        created, raised = True, False
    else:
        esc = existing
        created = False
        raised = _rank(request.severity) > _rank(esc.severity)
        if raised:
            # The queue shows the most severe message's reason and highlighted excerpt.
            esc.severity, esc.reason, esc.excerpt, esc.findings = (
                request.severity,
                reason,
                excerpt,
                findings,
            )
        if request.callback_number:
            esc.callback_number = _clean_callback(request.callback_number)
        if request.callback_window:
            esc.callback_window = request.callback_window
        esc.message_count = (esc.message_count or 1) + 1
        esc.updated_at = now

    session.add(
        EscalationMessage(
            escalation_id=esc.id,
            severity=request.severity,
            kind=request.kind,
            reason=reason,
            excerpt=excerpt,
            findings=findings,
            created_at=now,
        )
    )
    audit.write(
        session,
        ACTION_SERVER,
        "escalation.open" if created else "escalation.merge",
        "escalation",
        esc.id,
        {
            "severity": request.severity,
            "kind": request.kind,
            "raised": raised,
            "patient_id": esc.patient_id,
            "channel": esc.channel,
        },
    )
    return EscalationResult(escalation_id=esc.id, created=created, severity=esc.severity)


# --- nurse actions -----------------------------------------------------------------------------


def claim(session: Session, actor: audit.Actor, escalation_id: int, nurse_id: int) -> None:
    """open → claimed by ``nurse_id``; refuses if someone else got there first."""
    now = utcnow()
    result = session.execute(
        update(Escalation)
        .where(Escalation.id == escalation_id, Escalation.status == "open")
        .values(status="claimed", claimed_by=nurse_id, claimed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        esc = session.get(Escalation, escalation_id)
        if esc is None:
            raise EscalationError("No such escalation.")
        if esc.status == "claimed":
            who = esc.claimer.name if esc.claimer else "another nurse"
            raise EscalationError(f"Already claimed by {who}.")
        raise EscalationError("This escalation is already resolved.")
    audit.write(session, actor, "escalation.claim", "escalation", escalation_id)


def resolve(
    session: Session,
    actor: audit.Actor,
    escalation_id: int,
    nurse_id: int,
    outcome: str,
    note: str = "",
) -> None:
    """open/claimed → resolved with an outcome (and an optional note)."""
    if outcome not in OUTCOMES:
        raise EscalationError(f"Outcome must be one of: {', '.join(OUTCOMES.values())}.")
    now = utcnow()
    result = session.execute(
        update(Escalation)
        .where(Escalation.id == escalation_id, Escalation.status.in_(OPEN_STATUSES))
        .values(
            status="resolved",
            outcome=outcome,
            resolved_by=nurse_id,
            resolved_at=now,
            claimed_by=func.coalesce(Escalation.claimed_by, nurse_id),
            claimed_at=func.coalesce(Escalation.claimed_at, now),
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        if session.get(Escalation, escalation_id) is None:
            raise EscalationError("No such escalation.")
        raise EscalationError("This escalation is already resolved.")
    audit.write(
        session, actor, "escalation.resolve", "escalation", escalation_id, {"outcome": outcome}
    )
    if note.strip():
        add_note(session, actor, escalation_id, nurse_id, note)


def add_note(
    session: Session, actor: audit.Actor, escalation_id: int, nurse_id: int, text: str
) -> EscalationNote:
    text = (text or "").strip()
    if not text:
        raise EscalationError("The note is empty.")
    if session.get(Escalation, escalation_id) is None:
        raise EscalationError("No such escalation.")
    note = EscalationNote(escalation_id=escalation_id, author_id=nurse_id, text=text[:MAX_NOTE])
    session.add(note)
    session.flush()
    audit.write(
        session, actor, "escalation.note", "escalation", escalation_id, {"note_id": note.id}
    )
    return note


# --- reads -------------------------------------------------------------------------------------


def get(session: Session, escalation_id: int) -> Escalation | None:
    return session.execute(
        select(Escalation)
        .options(selectinload(Escalation.messages), selectinload(Escalation.notes))
        .where(Escalation.id == escalation_id)
    ).scalar_one_or_none()


def open_queue(session: Session) -> list[Escalation]:
    """Open and claimed escalations, emergency first, then oldest first."""
    return list(
        session.execute(
            select(Escalation)
            .where(Escalation.status.in_(OPEN_STATUSES))
            .order_by(SEVERITY_ORDER.desc(), Escalation.created_at, Escalation.id)
        ).scalars()
    )


def open_for_sender(session: Session, sender_id: str) -> Escalation | None:
    return session.execute(
        select(Escalation).where(
            Escalation.sender_id == sender_id, Escalation.status.in_(OPEN_STATUSES)
        )
    ).scalar_one_or_none()


def list_by_status(
    session: Session, statuses: tuple[str, ...] | None = None, limit: int = 500
) -> list[Escalation]:
    query = select(Escalation).order_by(Escalation.id.desc()).limit(limit)
    if statuses:
        query = query.where(Escalation.status.in_(statuses))
    return list(session.execute(query).scalars())


@dataclass
class HistoryFilter:
    severity: str = ""
    outcome: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    patient_id: int | None = None
    page: int = 1
    per_page: int = 50


def resolved_history(session: Session, f: HistoryFilter) -> tuple[list[Escalation], int]:
    """Resolved escalations, newest resolution first, filtered; returns (page, total)."""
    conds: list[Any] = [Escalation.status == "resolved"]
    if f.severity in SEVERITIES:
        conds.append(Escalation.severity == f.severity)
    if f.outcome in OUTCOMES:
        conds.append(Escalation.outcome == f.outcome)
    if f.date_from:
        conds.append(Escalation.resolved_at >= dt.datetime.combine(f.date_from, dt.time.min))
    if f.date_to:
        conds.append(
            Escalation.resolved_at
            < dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time.min)
        )
    if f.patient_id:
        conds.append(Escalation.patient_id == f.patient_id)
    total = session.execute(select(func.count()).select_from(Escalation).where(*conds)).scalar_one()
    rows = session.execute(
        select(Escalation)
        .where(*conds)
        .order_by(Escalation.resolved_at.desc(), Escalation.id.desc())
        .limit(f.per_page)
        .offset(max(f.page - 1, 0) * f.per_page)
    ).scalars()
    return list(rows), int(total)


def nurse_names(session: Session) -> dict[int, str]:
    return {n.id: n.name for n in session.execute(select(Nurse)).scalars()}


def to_json(esc: Escalation) -> dict[str, Any]:
    """The API shape of one escalation (timestamps ISO 8601 UTC with a Z)."""

    def iso(value: dt.datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") + "Z" if value else None

    return {
        "id": esc.id,
        "severity": esc.severity,
        "status": esc.status,
        "outcome": esc.outcome,
        "kind": esc.kind,
        "reason": esc.reason,
        "excerpt": esc.excerpt,
        "findings": esc.findings or [],
        "sender_id": esc.sender_id,
        "channel": esc.channel,
        "patient_id": esc.patient_id,
        "callback_number": esc.callback_number,
        "callback_window": esc.callback_window,
        "message_count": esc.message_count,
        "claimed_by": esc.claimed_by,
        "claimed_at": iso(esc.claimed_at),
        "resolved_by": esc.resolved_by,
        "resolved_at": iso(esc.resolved_at),
        "created_at": iso(esc.created_at),
        "updated_at": iso(esc.updated_at),
    }

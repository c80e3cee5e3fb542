"""Tables and queries for scheduled check-ins, their answers, and sent-once notifications.

The database is the source of truth for the schedule: the scheduler process only sweeps it.
A check-in moves ``due → sending → sent → answered`` (or ``unanswered`` when the patient never
replied); ``due`` rows whose window closed while the scheduler was down become ``missed``;
opted-out patients' rows become ``skipped``. ``sending`` is the claim: one conditional UPDATE
(``WHERE status = 'due'``) decides which sweep sends, and a stale claim (the process died
mid-send) is recovered by the next sweep.

Timestamps are naive UTC like the rest of the app database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.db import utcnow
from bot.store.models import Base

CHECKIN_KINDS = ("checkin", "followup")
CHECKIN_STATUSES = (
    "due",  # waiting for its window
    "sending",  # claimed by a sweep (claimed_by, claimed_at)
    "sent",  # delivered to Rasa's trigger_intent, waiting for the patient
    "answered",  # the patient answered at least one question
    "unanswered",  # sent, no answer within the plan's answer window
    "missed",  # its window closed before it could be sent (scheduler down)
    "skipped",  # not sent on purpose (opted out, enrolled after the window)
    "failed",  # could not be delivered within its window
    "cancelled",  # replaced (procedure or follow-up date changed)
)
OPEN_CHECKIN_STATUSES = ("due", "sending")
NOTIFICATION_STATUSES = ("sending", "sent", "failed")


class Checkin(Base):
    """One scheduled message to one patient: a plan day's check-in or a follow-up reminder."""

    __tablename__ = "checkins"

    id = Column(Integer, primary_key=True)
    patient_id = Column(
        Integer, ForeignKey("patients.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind = Column(String(16), nullable=False, default="checkin")
    # Unique per patient: "day-3", or "followup-2026-12-01" (a new follow-up date, a new key).
    key = Column(String(48), nullable=False)
    day = Column(Integer, nullable=False)  # days after the procedure this message is for
    local_date = Column(Date, nullable=False)  # the patient's calendar date of the window
    due_at = Column(DateTime, nullable=False)  # window opens (UTC)
    window_end_at = Column(DateTime, nullable=False)  # window closes (UTC)
    status = Column(String(16), nullable=False, default="due")
    claimed_by = Column(String(64))
    claimed_at = Column(DateTime)
    attempts = Column(Integer, nullable=False, default=0)
    sent_at = Column(DateTime)
    answered_at = Column(DateTime)
    detail = Column(String(200), nullable=False, default="")  # why skipped / failed (no PHI)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("patient_id", "key", name="uq_checkins_patient_key"),
        CheckConstraint("kind IN ('checkin', 'followup')", name="ck_checkins_kind"),
        CheckConstraint(
            "status IN ('due', 'sending', 'sent', 'answered', 'unanswered', 'missed', "
            "'skipped', 'failed', 'cancelled')",
            name="ck_checkins_status",
        ),
        Index("ix_checkins_status_due", "status", "due_at"),
    )


class CheckinAnswer(Base):
    """What the patient said on one check-in day (one row per patient per day)."""

    __tablename__ = "checkin_answers"

    id = Column(Integer, primary_key=True)
    patient_id = Column(Integer, ForeignKey("patients.id", ondelete="CASCADE"), nullable=False)
    checkin_id = Column(Integer, ForeignKey("checkins.id", ondelete="SET NULL"))
    day = Column(Integer, nullable=False)
    pain_score = Column(Integer)
    numbness = Column(String(16))  # yes | no | unclear
    swelling = Column(String(16))
    fever = Column(String(16))
    incision = Column(String(16))
    # The patient's own words per question ({"pain": "...", ...}), shown to nurses only.
    free_text = Column(Text, nullable=False, default="")
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("patient_id", "day", name="uq_checkin_answers_patient_day"),
        CheckConstraint(
            "pain_score IS NULL OR (pain_score >= 0 AND pain_score <= 10)",
            name="ck_checkin_answers_pain",
        ),
    )


class PlanSync(Base):
    """The patient facts a patient's schedule was last built from; a difference means rebuild."""

    __tablename__ = "checkin_plan_sync"

    patient_id = Column(Integer, ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True)
    procedure_date = Column(Date, nullable=False)
    followup_date = Column(Date)
    timezone = Column(String(64), nullable=False)
    plan_version = Column(String(64), nullable=False)
    synced_at = Column(DateTime, nullable=False, default=utcnow)


class Notification(Base):
    """One outbound alert, sent once: the unique ``key`` is the claim.

    e.g. ``escalation:12:emergency:sms``, ``escalation:12:overdue:webhook``,
    ``trend:5:pain_rise:3``.
    """

    __tablename__ = "notifications"

    id = Column(Integer, primary_key=True)
    key = Column(String(128), nullable=False, unique=True)
    kind = Column(String(32), nullable=False)  # emergency | overdue | trend
    channel = Column(String(16), nullable=False, default="")  # sms | webhook | escalation
    escalation_id = Column(Integer, ForeignKey("escalations.id", ondelete="CASCADE"))
    patient_id = Column(Integer, ForeignKey("patients.id", ondelete="CASCADE"))
    status = Column(String(16), nullable=False, default="sending")
    attempts = Column(Integer, nullable=False, default=1)
    claimed_by = Column(String(64))
    claimed_at = Column(DateTime)
    sent_at = Column(DateTime)
    detail = Column(String(200), nullable=False, default="")
    created_at = Column(DateTime, nullable=False, default=utcnow)

    __table_args__ = (
        CheckConstraint("status IN ('sending', 'sent', 'failed')", name="ck_notifications_status"),
        Index("ix_notifications_escalation", "escalation_id"),
    )


# --- check-in claims ---------------------------------------------------------------------------


def claim(session: Session, checkin_id: int, worker: str, now: dt.datetime) -> bool:
    """``due → sending`` for ``worker``; False if another sweep (or a status change) got there."""
    result = session.execute(
        update(Checkin)
        .where(Checkin.id == checkin_id, Checkin.status == "due")
        .values(
            status="sending",
            claimed_by=worker,
            claimed_at=now,
            attempts=Checkin.attempts + 1,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


def finish(
    session: Session,
    checkin_id: int,
    worker: str,
    status: str,
    now: dt.datetime,
    detail: str = "",
) -> bool:
    """``sending → status`` only if ``worker`` still holds the claim."""
    values: dict[str, Any] = {"status": status, "updated_at": now, "detail": detail[:200]}
    if status == "sent":
        values["sent_at"] = now
    result = session.execute(
        update(Checkin)
        .where(Checkin.id == checkin_id, Checkin.status == "sending", Checkin.claimed_by == worker)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)


def stale_claims(session: Session, older_than: dt.datetime) -> list[Checkin]:
    return list(
        session.execute(
            select(Checkin).where(Checkin.status == "sending", Checkin.claimed_at < older_than)
        ).scalars()
    )


# --- answers -----------------------------------------------------------------------------------


def answer_for_day(session: Session, patient_id: int, day: int) -> CheckinAnswer | None:
    return session.execute(
        select(CheckinAnswer).where(
            CheckinAnswer.patient_id == patient_id, CheckinAnswer.day == day
        )
    ).scalar_one_or_none()


def answers_for(session: Session, patient_id: int) -> list[CheckinAnswer]:
    """A patient's answers, earliest day first."""
    return list(
        session.execute(
            select(CheckinAnswer)
            .where(CheckinAnswer.patient_id == patient_id)
            .order_by(CheckinAnswer.day)
        ).scalars()
    )


def checkins_for(session: Session, patient_id: int) -> list[Checkin]:
    """A patient's scheduled messages, in the order they are (or were) due."""
    return list(
        session.execute(
            select(Checkin)
            .where(Checkin.patient_id == patient_id)
            .order_by(Checkin.due_at, Checkin.id)
        ).scalars()
    )


# --- sent-once notifications -------------------------------------------------------------------


def claim_notification(
    session: Session,
    key: str,
    *,
    kind: str,
    channel: str,
    worker: str,
    now: dt.datetime,
    escalation_id: int | None = None,
    patient_id: int | None = None,
) -> Notification | None:
    """Insert the notification row (the claim); None if ``key`` was already claimed or sent."""
    note = Notification(
        key=key,
        kind=kind,
        channel=channel,
        escalation_id=escalation_id,
        patient_id=patient_id,
        status="sending",
        claimed_by=worker,
        claimed_at=now,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(note)
    except IntegrityError:
        return None
    return note


def notification_keys(session: Session, prefix: str) -> set[str]:
    return set(
        session.execute(select(Notification.key).where(Notification.key.startswith(prefix)))
        .scalars()
        .all()
    )

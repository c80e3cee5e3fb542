"""Patient channels' tables and queries: inbound SMS (idempotency, durable turn queue, MMS
references) and opt-outs of numbers that are not enrolled patients.

Enrolled patients' opt-out lives on ``patients.opted_out``; ``sms_opt_outs`` holds the numbers of
everyone else (a stranger who texted STOP). ``is_opted_out`` answers for both.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy import update as sa_update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.db import utcnow
from bot.store.models import Base, Patient

INBOUND_STATUSES = ("pending", "processing", "done", "failed", "keyword")
MAX_BODY = 4000  # Twilio concatenates at most 1600 characters; anything longer is not Twilio.
MAX_ATTEMPTS = 3  # a turn that crashed the process this many times is parked as failed


class SmsInbound(Base):
    """One message Twilio delivered to the webhook; ``message_sid`` makes replays harmless."""

    __tablename__ = "sms_inbound"

    id = Column(Integer, primary_key=True)
    message_sid = Column(String(64), nullable=False, unique=True)
    conversation_id = Column(String(64), nullable=False)
    patient_id = Column(Integer, ForeignKey("patients.id", ondelete="SET NULL"))
    from_phone = Column(String(32), nullable=False)
    body = Column(Text, nullable=False, default="")
    media = Column(JSON, nullable=False, default=list)  # [{"url": ..., "content_type": ...}]
    status = Column(String(16), nullable=False, default="pending")
    attempts = Column(Integer, nullable=False, default=0)
    reply_sids = Column(JSON, nullable=False, default=list)
    error = Column(String(200))
    received_at = Column(DateTime, nullable=False, default=utcnow)
    processed_at = Column(DateTime)

    __table_args__ = (
        Index("ix_sms_inbound_conversation_status", "conversation_id", "status", "id"),
        Index("ix_sms_inbound_status", "status"),
    )


class SmsOptOut(Base):
    """A number that is not an enrolled patient and texted STOP (row present = opted out)."""

    __tablename__ = "sms_opt_outs"

    phone = Column(String(32), primary_key=True)  # E.164
    keyword = Column(String(16), nullable=False, default="STOP")
    opted_out_at = Column(DateTime, nullable=False, default=utcnow)


# --- inbound messages ---------------------------------------------------------------------------


def insert_inbound(
    session: Session,
    *,
    message_sid: str,
    conversation_id: str,
    patient_id: int | None,
    from_phone: str,
    body: str,
    media: list[dict[str, Any]],
    status: str = "pending",
) -> int | None:
    """Insert the message and return its row id, or None when ``message_sid`` is already stored.

    The unique key decides (inside a SAVEPOINT), so two concurrent deliveries of one message
    cannot both win; there is no check-then-write window.
    """
    row = SmsInbound(
        message_sid=message_sid,
        conversation_id=conversation_id,
        patient_id=patient_id,
        from_phone=from_phone,
        body=(body or "")[:MAX_BODY],
        media=list(media),
        status=status,
        received_at=utcnow(),
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return None
    return int(row.id)


def claim(session: Session, inbound_id: int) -> SmsInbound | None:
    """Move a pending row to processing (counting the attempt); None if someone else has it."""
    result = session.execute(
        sa_update(SmsInbound)
        .where(SmsInbound.id == inbound_id, SmsInbound.status == "pending")
        .values(status="processing", attempts=SmsInbound.attempts + 1)
    )
    if result.rowcount != 1:
        return None
    return session.get(SmsInbound, inbound_id)


def finish(
    session: Session,
    inbound_id: int,
    *,
    status: str = "done",
    reply_sids: list[str] | None = None,
    error: str | None = None,
) -> None:
    session.execute(
        sa_update(SmsInbound)
        .where(SmsInbound.id == inbound_id)
        .values(
            status=status,
            reply_sids=list(reply_sids or []),
            error=(error or None) and error[:200],
            processed_at=utcnow(),
        )
    )


def next_pending(session: Session, conversation_id: str) -> int | None:
    """The oldest pending message of one conversation (arrival order is row order)."""
    return session.execute(
        select(SmsInbound.id)
        .where(SmsInbound.conversation_id == conversation_id, SmsInbound.status == "pending")
        .order_by(SmsInbound.id)
        .limit(1)
    ).scalar_one_or_none()


def recover_interrupted(session: Session) -> list[str]:
    """At start-up: rows left ``processing`` by a crash go back to pending (or are parked as
    failed after ``MAX_ATTEMPTS``); return the conversations that have pending messages."""
    session.execute(
        sa_update(SmsInbound)
        .where(SmsInbound.status == "processing", SmsInbound.attempts >= MAX_ATTEMPTS)
        .values(status="failed", error="gave up after repeated interrupted attempts")
    )
    session.execute(
        sa_update(SmsInbound)
        .where(SmsInbound.status == "processing")
        .values(status="pending")
    )
    rows = session.execute(
        select(SmsInbound.conversation_id, SmsInbound.id)
        .where(SmsInbound.status == "pending")
        .order_by(SmsInbound.id)
    ).all()
    return list(dict.fromkeys(conv for conv, _ in rows))


def phone_for_conversation(session: Session, conversation_id: str) -> str | None:
    """The number that last texted as this (not enrolled) conversation."""
    return session.execute(
        select(SmsInbound.from_phone)
        .where(SmsInbound.conversation_id == conversation_id)
        .order_by(SmsInbound.id.desc())
        .limit(1)
    ).scalar_one_or_none()


# --- opt-outs -----------------------------------------------------------------------------------


def is_opted_out(session: Session, phone: str) -> bool:
    """Has this number (E.164) asked us to stop, as a patient or as a stranger?"""
    patient = session.execute(
        select(Patient.opted_out).where(Patient.phone == phone)
    ).scalar_one_or_none()
    if patient:
        return True
    return session.get(SmsOptOut, phone) is not None


def opt_out_stranger(session: Session, phone: str, keyword: str) -> None:
    if session.get(SmsOptOut, phone) is None:
        session.add(SmsOptOut(phone=phone, keyword=keyword[:16], opted_out_at=utcnow()))


def opt_in_stranger(session: Session, phone: str) -> None:
    row = session.get(SmsOptOut, phone)
    if row is not None:
        session.delete(row)


# --- MMS on escalations -------------------------------------------------------------------------


def attach_media(session: Session, sender_id: str, media: list[dict[str, Any]]) -> int | None:
    """Add the photo references to the sender's open escalation (as a ``media`` message, so the
    nurse sees them on the escalation page and in the API); return its id, or None."""
    from bot.store.models import OPEN_STATUSES, Escalation, EscalationMessage

    esc = session.execute(
        select(Escalation)
        .where(Escalation.sender_id == sender_id, Escalation.status.in_(OPEN_STATUSES))
        .limit(1)
    ).scalar_one_or_none()
    if esc is None or not media:
        return None
    kinds = sorted({str(m.get("content_type") or "file").split("/")[0] for m in media})
    noun = "photo" if kinds == ["image"] else "attachment"
    session.add(
        EscalationMessage(
            escalation_id=esc.id,
            severity=esc.severity,
            kind="media",
            reason=f"{len(media)} {noun}{'s' if len(media) != 1 else ''} sent by MMS",
            excerpt="\n".join(str(m.get("url", "")) for m in media),
            findings=[
                {"type": "media", "url": m.get("url"), "content_type": m.get("content_type")}
                for m in media
            ],
            created_at=utcnow(),
        )
    )
    esc.updated_at = utcnow()
    return int(esc.id)

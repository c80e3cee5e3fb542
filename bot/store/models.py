"""Tables of the app database (SQLAlchemy declarative, 1.4 in 2.0 style).

Timestamps are naive UTC (``db.utcnow``). The schema itself is created by the Alembic migrations;
these classes must stay in step with them (``tests/store/test_migrations.py`` checks).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import declarative_base, relationship

from bot.store.db import utcnow

Base: Any = declarative_base()

SEVERITIES = ("routine", "urgent", "emergency")  # ascending, as in bot.escalations
STATUSES = ("open", "claimed", "resolved")
OPEN_STATUSES = ("open", "claimed")
OUTCOMES = {
    "called_back": "Called back",
    "sent_to_er": "Sent to ER",
    "advised": "Advised",
    "no_answer": "No answer",
    "other": "Other",
}
ROLES = ("nurse", "admin")
CHANNELS = ("sms", "webchat")

# At most one open (open or claimed) escalation per sender: the database, not the code, makes
# concurrent action-server workers merge instead of duplicating.
OPEN_SENDER_WHERE = "status IN ('open', 'claimed')"


class Patient(Base):
    __tablename__ = "patients"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    phone = Column(String(20), nullable=False, unique=True)  # E.164
    procedure_date = Column(Date, nullable=False)
    clinician = Column(String(200), nullable=False, default="")
    preferred_channel = Column(String(16), nullable=False, default="sms")
    timezone = Column(String(64), nullable=False, default="America/New_York")
    opted_out = Column(Boolean, nullable=False, default=False)
    opted_out_at = Column(DateTime)
    followup_date = Column(Date)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("preferred_channel IN ('sms', 'webchat')", name="ck_patients_channel"),
    )

    def days_since_procedure(self, today: object = None) -> int:
        import datetime as dt

        day = today if isinstance(today, dt.date) else utcnow().date()
        return (day - self.procedure_date).days


class Nurse(Base):
    __tablename__ = "nurses"

    id = Column(Integer, primary_key=True)
    email = Column(String(254), nullable=False, unique=True)  # stored lower-case
    name = Column(String(200), nullable=False)
    role = Column(String(16), nullable=False, default="nurse")
    password_hash = Column(String(255), nullable=False)
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime)
    active = Column(Boolean, nullable=False, default=True)
    last_login_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    # Bumped whenever the password changes or is reset; dashboard sessions carry the value they
    # were signed in with, so every other session of the nurse ends at its next request.
    credential_version = Column(Integer, nullable=False, default=0)
    # Set while the password is one someone else chose (a new account, an admin reset, the
    # generated first-run admin password): it only opens the change-password page.
    must_change_password = Column(Boolean, nullable=False, default=False)
    password_changed_at = Column(DateTime)

    __table_args__ = (CheckConstraint("role IN ('nurse', 'admin')", name="ck_nurses_role"),)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class Escalation(Base):
    __tablename__ = "escalations"

    id = Column(Integer, primary_key=True)
    severity = Column(String(16), nullable=False)
    status = Column(String(16), nullable=False, default="open")
    outcome = Column(String(32))
    kind = Column(String(32), nullable=False, default="red_flag")
    reason = Column(Text, nullable=False, default="")
    excerpt = Column(Text, nullable=False, default="")
    findings = Column(JSON, nullable=False, default=list)
    sender_id = Column(String(128), nullable=False)
    channel = Column(String(32), nullable=False, default="")
    patient_id = Column(Integer, ForeignKey("patients.id", ondelete="SET NULL"))
    callback_number = Column(String(32))
    callback_window = Column(String(200))
    message_count = Column(Integer, nullable=False, default=1)
    claimed_by = Column(Integer, ForeignKey("nurses.id"))
    claimed_at = Column(DateTime)
    resolved_by = Column(Integer, ForeignKey("nurses.id"))
    resolved_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    updated_at = Column(DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    patient = relationship("Patient", lazy="joined")
    claimer = relationship("Nurse", foreign_keys=[claimed_by], lazy="joined")
    resolver = relationship("Nurse", foreign_keys=[resolved_by], lazy="joined")
    messages = relationship(
        "EscalationMessage", order_by="EscalationMessage.id", cascade="all, delete-orphan"
    )
    notes = relationship(
        "EscalationNote", order_by="EscalationNote.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(
            "severity IN ('routine', 'urgent', 'emergency')", name="ck_escalations_severity"
        ),
        CheckConstraint("status IN ('open', 'claimed', 'resolved')", name="ck_escalations_status"),
        Index(
            "uq_escalations_open_sender",
            "sender_id",
            unique=True,
            sqlite_where=text(OPEN_SENDER_WHERE),
            postgresql_where=text(OPEN_SENDER_WHERE),
        ),
        Index("ix_escalations_status_created", "status", "created_at"),
        Index("ix_escalations_patient", "patient_id"),
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EscalationMessage(Base):
    """Each red-flag message or request that opened or was merged into an escalation."""

    __tablename__ = "escalation_messages"

    id = Column(Integer, primary_key=True)
    escalation_id = Column(
        Integer, ForeignKey("escalations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    severity = Column(String(16), nullable=False)
    kind = Column(String(32), nullable=False, default="red_flag")
    reason = Column(Text, nullable=False, default="")
    excerpt = Column(Text, nullable=False, default="")
    findings = Column(JSON, nullable=False, default=list)
    created_at = Column(DateTime, nullable=False, default=utcnow)


class EscalationNote(Base):
    __tablename__ = "escalation_notes"

    id = Column(Integer, primary_key=True)
    escalation_id = Column(
        Integer, ForeignKey("escalations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id = Column(Integer, ForeignKey("nurses.id"), nullable=False)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)

    author = relationship("Nurse", lazy="joined")


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    token_sha256 = Column(String(64), nullable=False, unique=True)
    created_by = Column(Integer, ForeignKey("nurses.id"))
    created_at = Column(DateTime, nullable=False, default=utcnow)
    last_used_at = Column(DateTime)
    revoked = Column(Boolean, nullable=False, default=False)
    revoked_at = Column(DateTime)


class AuditEntry(Base):
    """Append-only (triggers in the migration refuse UPDATE and DELETE)."""

    __tablename__ = "audit_log"

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=utcnow, index=True)
    actor_type = Column(String(16), nullable=False)  # nurse | token | system
    actor_id = Column(Integer)
    actor_label = Column(String(254), nullable=False, default="")
    action = Column(String(64), nullable=False)
    object_type = Column(String(32), nullable=False, default="")
    object_id = Column(String(64), nullable=False, default="")
    detail = Column(JSON, nullable=False, default=dict)


from bot.store import channels as _channels  # noqa: E402,F401  (registers the channel tables)
from bot.store import checkins as _checkins  # noqa: E402,F401  (registers the check-in tables)

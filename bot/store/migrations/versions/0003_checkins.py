"""Scheduled check-ins, answers, plan sync state and sent-once notifications.

Revision ID: 0003_checkins
Revises: 0002_channels
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_checkins"
down_revision = "0002_channels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "patient_id",
            sa.Integer,
            sa.ForeignKey("patients.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("kind", sa.String(16), nullable=False, server_default="checkin"),
        sa.Column("key", sa.String(48), nullable=False),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("local_date", sa.Date, nullable=False),
        sa.Column("due_at", sa.DateTime, nullable=False),
        sa.Column("window_end_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="due"),
        sa.Column("claimed_by", sa.String(64)),
        sa.Column("claimed_at", sa.DateTime),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("sent_at", sa.DateTime),
        sa.Column("answered_at", sa.DateTime),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("patient_id", "key", name="uq_checkins_patient_key"),
        sa.CheckConstraint("kind IN ('checkin', 'followup')", name="ck_checkins_kind"),
        sa.CheckConstraint(
            "status IN ('due', 'sending', 'sent', 'answered', 'unanswered', 'missed', "
            "'skipped', 'failed', 'cancelled')",
            name="ck_checkins_status",
        ),
    )
    op.create_index("ix_checkins_status_due", "checkins", ["status", "due_at"])
    op.create_table(
        "checkin_answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "patient_id",
            sa.Integer,
            sa.ForeignKey("patients.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("checkin_id", sa.Integer, sa.ForeignKey("checkins.id", ondelete="SET NULL")),
        sa.Column("day", sa.Integer, nullable=False),
        sa.Column("pain_score", sa.Integer),
        sa.Column("numbness", sa.String(16)),
        sa.Column("swelling", sa.String(16)),
        sa.Column("fever", sa.String(16)),
        sa.Column("incision", sa.String(16)),
        sa.Column("free_text", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("patient_id", "day", name="uq_checkin_answers_patient_day"),
        sa.CheckConstraint(
            "pain_score IS NULL OR (pain_score >= 0 AND pain_score <= 10)",
            name="ck_checkin_answers_pain",
        ),
    )
    op.create_table(
        "checkin_plan_sync",
        sa.Column(
            "patient_id",
            sa.Integer,
            sa.ForeignKey("patients.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("procedure_date", sa.Date, nullable=False),
        sa.Column("followup_date", sa.Date),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("plan_version", sa.String(64), nullable=False),
        sa.Column("synced_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(128), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False, server_default=""),
        sa.Column("escalation_id", sa.Integer, sa.ForeignKey("escalations.id", ondelete="CASCADE")),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id", ondelete="CASCADE")),
        sa.Column("status", sa.String(16), nullable=False, server_default="sending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
        sa.Column("claimed_by", sa.String(64)),
        sa.Column("claimed_at", sa.DateTime),
        sa.Column("sent_at", sa.DateTime),
        sa.Column("detail", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.CheckConstraint(
            "status IN ('sending', 'sent', 'failed')", name="ck_notifications_status"
        ),
    )
    op.create_index("ix_notifications_escalation", "notifications", ["escalation_id"])


def downgrade() -> None:
    op.drop_index("ix_notifications_escalation", table_name="notifications")
    op.drop_table("notifications")
    op.drop_table("checkin_plan_sync")
    op.drop_table("checkin_answers")
    op.drop_index("ix_checkins_status_due", table_name="checkins")
    op.drop_table("checkins")

"""Initial schema: patients, nurses, escalations (+ messages, notes), API tokens, audit log.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

OPEN_SENDER_WHERE = "status IN ('open', 'claimed')"


def upgrade() -> None:
    op.create_table(
        "patients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False, unique=True),
        sa.Column("procedure_date", sa.Date, nullable=False),
        sa.Column("clinician", sa.String(200), nullable=False, server_default=""),
        sa.Column("preferred_channel", sa.String(16), nullable=False, server_default="sms"),
        sa.Column("timezone", sa.String(64), nullable=False, server_default="America/New_York"),
        sa.Column("opted_out", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("opted_out_at", sa.DateTime),
        sa.Column("followup_date", sa.Date),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("preferred_channel IN ('sms', 'webchat')", name="ck_patients_channel"),
    )
    op.create_table(
        "nurses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False, server_default="nurse"),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("last_login_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("role IN ('nurse', 'admin')", name="ck_nurses_role"),
    )
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("outcome", sa.String(32)),
        sa.Column("kind", sa.String(32), nullable=False, server_default="red_flag"),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("excerpt", sa.Text, nullable=False, server_default=""),
        sa.Column("findings", sa.JSON, nullable=False),
        sa.Column("sender_id", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False, server_default=""),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id", ondelete="SET NULL")),
        sa.Column("callback_number", sa.String(32)),
        sa.Column("callback_window", sa.String(200)),
        sa.Column("message_count", sa.Integer, nullable=False, server_default="1"),
        sa.Column("claimed_by", sa.Integer, sa.ForeignKey("nurses.id")),
        sa.Column("claimed_at", sa.DateTime),
        sa.Column("resolved_by", sa.Integer, sa.ForeignKey("nurses.id")),
        sa.Column("resolved_at", sa.DateTime),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.CheckConstraint(
            "severity IN ('routine', 'urgent', 'emergency')", name="ck_escalations_severity"
        ),
        sa.CheckConstraint(
            "status IN ('open', 'claimed', 'resolved')", name="ck_escalations_status"
        ),
    )
    op.create_index(
        "uq_escalations_open_sender",
        "escalations",
        ["sender_id"],
        unique=True,
        sqlite_where=sa.text(OPEN_SENDER_WHERE),
        postgresql_where=sa.text(OPEN_SENDER_WHERE),
    )
    op.create_index("ix_escalations_status_created", "escalations", ["status", "created_at"])
    op.create_index("ix_escalations_patient", "escalations", ["patient_id"])
    op.create_table(
        "escalation_messages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "escalation_id",
            sa.Integer,
            sa.ForeignKey("escalations.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False, server_default="red_flag"),
        sa.Column("reason", sa.Text, nullable=False, server_default=""),
        sa.Column("excerpt", sa.Text, nullable=False, server_default=""),
        sa.Column("findings", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "escalation_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "escalation_id",
            sa.Integer,
            sa.ForeignKey("escalations.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("author_id", sa.Integer, sa.ForeignKey("nurses.id"), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_by", sa.Integer, sa.ForeignKey("nurses.id")),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_used_at", sa.DateTime),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("actor_type", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.Integer),
        sa.Column("actor_label", sa.String(254), nullable=False, server_default=""),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("object_type", sa.String(32), nullable=False, server_default=""),
        sa.Column("object_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    _make_audit_log_append_only()


def _make_audit_log_append_only() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    for table in (
        "audit_log",
        "api_tokens",
        "escalation_notes",
        "escalation_messages",
        "escalations",
        "nurses",
        "patients",
    ):
        op.drop_table(table)

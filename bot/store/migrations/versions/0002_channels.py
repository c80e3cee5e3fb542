"""Patient channels: inbound SMS (idempotency on MessageSid, durable turn queue, MMS references)
and opt-outs of numbers that are not enrolled patients.

Revision ID: 0002_channels
Revises: 0001_initial
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_channels"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_inbound",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("message_sid", sa.String(64), nullable=False, unique=True),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id", ondelete="SET NULL")),
        sa.Column("from_phone", sa.String(32), nullable=False),
        sa.Column("body", sa.Text, nullable=False, server_default=""),
        sa.Column("media", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("reply_sids", sa.JSON, nullable=False),
        sa.Column("error", sa.String(200)),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("processed_at", sa.DateTime),
    )
    op.create_index(
        "ix_sms_inbound_conversation_status", "sms_inbound", ["conversation_id", "status", "id"]
    )
    op.create_index("ix_sms_inbound_status", "sms_inbound", ["status"])
    op.create_table(
        "sms_opt_outs",
        sa.Column("phone", sa.String(32), primary_key=True),
        sa.Column("keyword", sa.String(16), nullable=False, server_default="STOP"),
        sa.Column("opted_out_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sms_opt_outs")
    op.drop_index("ix_sms_inbound_status", table_name="sms_inbound")
    op.drop_index("ix_sms_inbound_conversation_status", table_name="sms_inbound")
    op.drop_table("sms_inbound")

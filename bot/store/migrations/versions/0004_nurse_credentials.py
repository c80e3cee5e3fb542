"""Nurse credentials: a version that ends other sessions on a password change, a forced change
after an admin reset, and when the password last changed.

Revision ID: 0004_nurse_credentials
Revises: 0003_checkins
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_nurse_credentials"
down_revision = "0003_checkins"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both backends (with a server default for the existing rows): a batch
    # copy of ``nurses`` on SQLite would fight the foreign keys that point at it.
    op.add_column(
        "nurses",
        sa.Column("credential_version", sa.Integer, nullable=False, server_default="0"),
    )
    op.add_column(
        "nurses",
        sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column("nurses", sa.Column("password_changed_at", sa.DateTime))


def downgrade() -> None:
    # SQLite >= 3.35 drops a plain column in place (no table copy).
    op.drop_column("nurses", "password_changed_at")
    op.drop_column("nurses", "must_change_password")
    op.drop_column("nurses", "credential_version")

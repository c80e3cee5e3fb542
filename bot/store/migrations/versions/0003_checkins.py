"""Scheduled check-ins, answers and notifications (filled in by the scheduler work).

Revision ID: 0003_checkins
Revises: 0002_channels
Create Date: 2026-11-25
"""

from __future__ import annotations

revision = "0003_checkins"
down_revision = "0002_channels"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

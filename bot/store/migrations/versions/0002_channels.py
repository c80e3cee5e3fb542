"""Patient channels: inbound SMS idempotency, media references (filled in by the channels work).

Revision ID: 0002_channels
Revises: 0001_initial
Create Date: 2026-11-25
"""

from __future__ import annotations

revision = "0002_channels"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

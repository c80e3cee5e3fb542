"""Entry point the supervisor (``make run``) uses to bring the app database up to date."""

from __future__ import annotations

from bot.store.db import upgrade

__all__ = ["upgrade"]
